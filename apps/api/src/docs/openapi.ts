import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
