import { Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReminderQueue } from '@app/reminders';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { ProblemException, problem } from '../http/problem-details';
import { CommandPost } from '../idempotency/command-post.decorator';
import { DeadLetterDto, DeadLetterPageRequestDto, RetriedDeadLetterDto } from './dead-letter.dto';

/** Reminders whose retries ran out (or that the gateway refused for good): list them, send them again. */
@ApiTags('admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly queue: ReminderQueue) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Reminders that finally failed (the dead-letter queue)' })
  @ApiOkResponse({ type: DeadLetterDto, isArray: true, description: 'Newest first' })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() page: DeadLetterPageRequestDto): Promise<DeadLetterDto[]> {
    this.assertQueue();
    return this.queue.listDeadLetters(page);
  }

  @CommandPost(':jobId/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Send a dead-lettered reminder again (it re-reads the appointment first)',
  })
  @ApiOkResponse({ type: RetriedDeadLetterDto })
  @ApiProblems(401, 403, 404, 503)
  async retry(@Param('jobId') jobId: string): Promise<RetriedDeadLetterDto> {
    this.assertQueue();
    if (!(await this.queue.retryDeadLetter(jobId))) {
      throw new ProblemException(problem(404, 'not-found', 'No dead letter has this job id.'));
    }
    return { jobId, retried: true };
  }

  private assertQueue(): void {
    if (!this.queue.isAvailable()) {
      throw new ProblemException(
        problem(
          503,
          'redis-down',
          'The reminder queues (Redis) cannot be reached; try again later.',
        ),
      );
    }
  }
}
