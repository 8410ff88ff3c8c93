import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDomainError } from '@app/domain';
import {
  InvalidAppendError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '@app/event-store';
import { type ProblemDetails, ProblemException, problem } from './problem-details';

const DOMAIN_KIND_STATUS = { 'not-found': 404, conflict: 409, rule: 422 } as const;

const malformedJson = () =>
  problem(400, 'validation', 'The body is not valid JSON.', {
    errors: [{ field: 'body', problem: 'malformed JSON' }],
  });
const payloadTooLarge = () =>
  problem(413, 'payload-too-large', 'The request body is larger than the limit.');

/** Fastify's own errors (body parsing, limits) that reach us, as problems. */
function fastifyProblem(error: {
  code?: string;
  statusCode?: number;
  message?: string;
}): ProblemDetails | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported-media-type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'validation', 'The JSON body is empty.', {
        errors: [{ field: 'body', problem: 'empty JSON body' }],
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return malformedJson();
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return malformedJson();
  return undefined;
}

/** Maps every error to RFC 9457 problem details (docs/http-api.md). Anything unexpected is a logged 500 without request data. */
export function toProblem(error: unknown, logger: Logger): ProblemDetails {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof WrongExpectedRevisionError) {
    // Other writers kept changing the same stream through every retry (docs/http-api.md: a concurrent
    // change is a 409). Nothing of this attempt was written; the request can be sent again.
    return problem(
      409,
      'concurrent-change',
      'Others changed the same records at the same moment; nothing was saved. Send the request again.',
    );
  }
  if (error instanceof StreamDeletedError)
    return problem(404, 'not-found', 'This record was erased.');
  if (error instanceof InvalidAppendError) {
    return problem(400, 'validation', 'The request would make an event the log refuses.', {
      errors: [{ field: error.field, problem: error.problem }],
    });
  }
  if (isDomainError(error)) {
    const status = DOMAIN_KIND_STATUS[error.kind];
    return problem(
      status,
      error.code,
      error.message,
      error.kind === 'rule' ? { rule: error.rule ?? error.code } : {},
    );
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return problem(404, 'not-found', 'No such resource.');
    if (status === 405)
      return problem(405, 'method-not-allowed', 'This method is not allowed here.');
    if (status === 413) return payloadTooLarge();
    if (status === 400)
      return problem(400, 'validation', error.message, {
        errors: [{ field: 'body', problem: error.message }],
      });
    return problem(status, status >= 500 ? 'internal' : `http-${status}`, error.message);
  }
  const fromFastify = fastifyProblem(error as { code?: string; statusCode?: number });
  if (fromFastify) return fromFastify;
  const name = error instanceof Error ? error.name : typeof error;
  logger.error(`Unexpected ${name}`, error instanceof Error ? error.stack : undefined);
  return problem(500, 'internal', 'Something went wrong on our side; nothing you sent caused it.');
}

export function sendProblem(reply: FastifyReply, details: ProblemDetails): void {
  void reply
    .status(details.status)
    .header('content-type', 'application/problem+json')
    .send(details);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), toProblem(error, this.logger));
  }
}
