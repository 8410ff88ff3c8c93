import { Controller, HttpCode, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { AppointmentSteps } from '../appointment-steps';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/no-show')
export class RecordNoShowController {
  constructor(private readonly steps: AppointmentSteps) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('front-desk')
  @ApiOperation({ summary: 'The patient did not come (after the start time)' })
  @ApiOkResponse({ type: AppointmentStepResponseDto })
  @ApiProblems(401, 403, 404, 409, 422)
  async noShow(
    @Param('id', IdParamPipe) appointmentId: string,
    @Command() context: CommandContext,
  ): Promise<AppointmentStepResponseDto> {
    const { block } = await this.steps.run(
      appointmentId,
      (seriesId, now) => ({ type: 'RecordNoShow', data: { seriesId, appointmentId, now } }),
      context,
    );
    return { id: appointmentId, status: block.status };
  }
}
