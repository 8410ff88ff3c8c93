import { Controller, Get, HttpCode, Logger } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RebuildStatus } from '@app/read-models';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { CommandPost } from '../idempotency/command-post.decorator';
import { ViewsRebuild } from './views-rebuild';

/** Rebuild every view from the log into fresh tables and swap them in; the API keeps answering meanwhile. */
@ApiTags('admin')
@Controller('admin/projections/rebuild')
export class RebuildProjectionsController {
  private readonly logger = new Logger('Rebuild');

  constructor(private readonly rebuilder: ViewsRebuild) {}

  @CommandPost()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Start a rebuild of every view (or join the one running); poll GET for its state',
  })
  @ApiAcceptedResponse({
    description:
      'The rebuild runs in the background: { state, startedAt, events, position, error }',
  })
  @ApiProblems(401, 403)
  start(): RebuildStatus {
    this.rebuilder
      .rebuild()
      .then((result) =>
        this.logger.log(`rebuilt ${result.events} events in ${result.durationMs} ms`),
      )
      .catch((error: Error) => this.logger.error(`rebuild failed: ${error.message}`));
    return this.rebuilder.status();
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'State of the last or running rebuild' })
  @ApiOkResponse({
    description:
      '{ state: idle | running | succeeded | failed, startedAt, events, position, error }',
  })
  @ApiProblems(401, 403)
  status(): RebuildStatus {
    return this.rebuilder.status();
  }
}
