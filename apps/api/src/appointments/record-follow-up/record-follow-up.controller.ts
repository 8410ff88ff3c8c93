import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { RecordFollowUpCommand } from './record-follow-up.handler';
import { RecordFollowUpRequestDto } from './record-follow-up.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/follow-up')
export class RecordFollowUpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @Roles('nurse', 'physician')
  @ApiOperation({
    summary: 'A follow-up after the block: pain score and how long the relief lasted',
  })
  @ApiCreatedResponse({ type: AppointmentStepResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async record(
    @Param('id', IdParamPipe) appointmentId: string,
    @Body() body: RecordFollowUpRequestDto,
    @Command() context: CommandContext,
  ): Promise<AppointmentStepResponseDto> {
    const { block, position } = await this.commandBus.execute(
      new RecordFollowUpCommand(
        appointmentId,
        {
          daysAfter: body.daysAfter,
          painScore: body.painScore,
          reliefLastedHours: body.reliefLastedHours,
        },
        context,
      ),
    );
    await this.readYourWrites.settle(position);
    return { id: appointmentId, status: block.status };
  }
}
