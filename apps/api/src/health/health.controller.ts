import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { RedisHealth } from './redis-health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly redis: RedisHealth) {}

  @Get()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness and readiness: event store, Redis, projection lag' })
  @ApiOkResponse({ description: 'The service answers; see each part for its state.' })
  async health() {
    const redis = await this.redis.check();
    return { status: redis.status === 'up' ? 'ok' : 'degraded', redis };
  }
}
