import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { GrantCapOverrideCommand } from './grant-cap-override.handler';
import {
  CapOverrideResponseDto,
  GrantCapOverrideRequestDto,
} from './grant-cap-override.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

/** A physician lifts a payer cap with a reason, recorded (docs/clinical-rules.md). */
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
  @ApiCreatedResponse({ type: CapOverrideResponseDto, description: 'The override is recorded' })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async grant(
    @Param('id', IdParamPipe) seriesId: string,
    @Body() body: GrantCapOverrideRequestDto,
    @Command() context: CommandContext,
  ): Promise<CapOverrideResponseDto> {
    const { position } = await this.commandBus.execute(
      new GrantCapOverrideCommand(seriesId, body.cap, body.reason, context),
    );
    await this.readYourWrites.settle(position);
    return { seriesId, cap: body.cap, reason: body.reason };
  }
}
