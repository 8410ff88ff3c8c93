import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EventStore } from '@app/event-store';
import { ProjectionProgress, type ProjectionStatus } from '@app/read-models';
import { Public } from '../auth/roles.decorator';
import { HealthReportDto, LivenessDto } from './health-report.dto';
import { RedisHealth } from './redis-health';

const EVENT_STORE_TIMEOUT_MS = 2000;

/**
 * Liveness and readiness. 503 only when the event log cannot be reached (nothing can be booked);
 * Redis down or a stopped projection is "degraded": bookings work, reminders wait, views lag.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly store: EventStore,
    private readonly redis: RedisHealth,
    private readonly progress: ProjectionProgress,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness and readiness: event store, Redis, projection lag (events and seconds)',
  })
  @ApiOkResponse({
    type: HealthReportDto,
    description: 'Up (status ok or degraded: see each part)',
  })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'The event store cannot be reached (status down)',
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReportDto> {
    const [eventStore, redis, projections] = await Promise.all([
      this.eventStore(),
      this.redis.check(),
      this.progress.status().catch(() => [] as ProjectionStatus[]),
    ]);
    const degraded = redis.status === 'down' || projections.some((p) => p.status === 'stopped');
    const status = eventStore.status === 'down' ? 'down' : degraded ? 'degraded' : 'ok';
    void reply.status(status === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    return {
      status,
      eventStore,
      redis:
        redis.status === 'up'
          ? redis
          : { ...redis, note: 'bookings still work; reminders are enqueued when Redis is back' },
      projections,
    };
  }

  /**
   * Liveness only: the process answers HTTP. No dependency is checked (a restart would not fix a
   * lost Redis or event store), so an orchestrator's liveness probe should use this and its
   * readiness probe GET /health. It is also the API benchmark's ceiling: the cheapest route
   * through the same server, guard, interceptor and metrics hook as every other route.
   */
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency checks)' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  private async eventStore(): Promise<HealthReportDto['eventStore']> {
    try {
      const position = await Promise.race([
        this.store.headPosition(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timed out')), EVENT_STORE_TIMEOUT_MS).unref(),
        ),
      ]);
      return { status: 'up', position: position.toString() };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }
}
