import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { problemResponse } from './api-problems.decorator';

/** The OpenAPI document, generated from the controllers and DTOs: UI at /docs, JSON at /docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Lumbar sympathetic block scheduling — HTTP API v1')
    .setDescription(
      "Front desk books blocks into a physician's and a fluoroscopy room's calendar; physicians record what each block did and decide what comes next; reminder jobs tell patients what to do. Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.",
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const path of Object.values(document.paths)) {
    // Any route may meet an unexpected error: ProblemDetailsFilter answers it with a 500 problem.
    for (const operation of [path.get, path.post]) {
      if (operation) operation.responses['500'] ??= problemResponse(500);
    }
    // Every POST honours an Idempotency-Key (docs/http-api.md): the header, documented once.
    if (!path.post) continue;
    path.post.parameters = [
      ...(path.post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'A retry with the same key and body returns the first answer and writes nothing new; the same key with another body is a 409 (idempotency-key-reused).',
        schema: { type: 'string', maxLength: 200 },
      },
    ];
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
