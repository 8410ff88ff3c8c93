import { Controller, Get, HttpCode, Logger } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { CommandPost } from '../idempotency/command-post.decorator';
import { RebuildStatusDto } from './rebuild-status.dto';
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
    type: RebuildStatusDto,
    description: 'The rebuild runs in the background',
  })
  @ApiProblems(401, 403)
  start(): RebuildStatusDto {
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
  @ApiOkResponse({ type: RebuildStatusDto })
  @ApiProblems(401, 403)
  status(): RebuildStatusDto {
    return this.rebuilder.status();
  }
}
