import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HandleCommandResult } from '@app/event-store';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { ExecuteSeriesCommand } from '../series-command.handler';
import { GrantCapOverrideRequestDto } from './grant-cap-override.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

/** Not in API.md's list: CLINICAL.md lets a physician lift a payer cap with a reason, recorded. */
@ApiTags('series')
@Controller('series/:id/cap-overrides')
export class GrantCapOverrideController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @Roles('physician')
  @ApiOperation({
    summary:
      'Lift the initial-series or the 12-month cap for this series, with a reason (recorded)',
  })
  @ApiCreatedResponse({ description: 'The override is recorded' })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async grant(
    @Param('id', IdParamPipe) seriesId: string,
    @Body() body: GrantCapOverrideRequestDto,
    @Command() context: CommandContext,
  ): Promise<{ seriesId: string; cap: string; reason: string }> {
    const result: HandleCommandResult<unknown> = await this.commandBus.execute(
      new ExecuteSeriesCommand(
        seriesId,
        (now) => ({
          type: 'GrantCapOverride',
          data: { seriesId, cap: body.cap, reason: body.reason, now },
        }),
        context,
      ),
    );
    await this.readYourWrites.settle(result.position);
    return { seriesId, cap: body.cap, reason: body.reason };
  }
}
