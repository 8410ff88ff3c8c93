import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../auth/roles.decorator';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: process, HTTP, projection lag' })
  @ApiOkResponse({
    description: 'The Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
