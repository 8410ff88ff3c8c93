import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicConfiguration } from '@app/config';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { AppointmentSteps } from '../appointment-steps';
import { DischargePatientRequestDto } from './discharge-patient.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/discharge')
export class DischargePatientController {
  constructor(
    private readonly steps: AppointmentSteps,
    private readonly clinic: ClinicConfiguration,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('nurse')
  @ApiOperation({
    summary: 'Same-day discharge (or admission)',
    description:
      'Home needs Aldrete ≥ 9, PADSS ≥ 9, an escort after sedation and the recovery time: otherwise 422 discharge-criteria-not-met / recovery-not-complete.',
  })
  @ApiOkResponse({ type: AppointmentStepResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async discharge(
    @Param('id', IdParamPipe) appointmentId: string,
    @Body() body: DischargePatientRequestDto,
    @Command() context: CommandContext,
  ): Promise<AppointmentStepResponseDto> {
    const { block } = await this.steps.run(
      appointmentId,
      (seriesId, now) => ({
        type: 'DischargePatient',
        data: { seriesId, appointmentId, ...body, timeZone: this.clinic.calendar.timeZone, now },
      }),
      context,
    );
    return { id: appointmentId, status: block.status };
  }
}
