import { Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { type DeadLetter, ReminderQueue } from '@app/reminders';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { ProblemException, problem } from '../http/problem-details';
import { CommandPost } from '../idempotency/command-post.decorator';

class PageRequestDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Reminders whose retries ran out (or that the gateway refused for good): list them, send them again. */
@ApiTags('admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly queue: ReminderQueue) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Reminders that finally failed (the dead-letter queue)' })
  @ApiOkResponse({ description: 'Dead letters, newest first' })
  @ApiProblems(400, 401, 403)
  list(@Query() page: PageRequestDto): Promise<DeadLetter[]> {
    this.assertQueue();
    return this.queue.listDeadLetters(page);
  }

  @CommandPost(':jobId/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Send a dead-lettered reminder again (it re-reads the appointment first)',
  })
  @ApiProblems(401, 403, 404)
  async retry(@Param('jobId') jobId: string): Promise<{ jobId: string; retried: true }> {
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
