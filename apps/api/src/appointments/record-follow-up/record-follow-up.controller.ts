import { Body, Controller, Param } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { AppointmentSteps } from '../appointment-steps';
import { RecordFollowUpRequestDto } from './record-follow-up.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/follow-up')
export class RecordFollowUpController {
  constructor(private readonly steps: AppointmentSteps) {}

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
    const { block } = await this.steps.run(
      appointmentId,
      (seriesId, now) => ({
        type: 'RecordFollowUp',
        data: { seriesId, appointmentId, ...body, now },
      }),
      context,
    );
    return { id: appointmentId, status: block.status };
  }
}
