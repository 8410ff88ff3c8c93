import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicConfiguration } from '@app/config';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { AppointmentSteps } from '../appointment-steps';
import { CheckInPatientRequestDto } from './check-in-patient.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/check-in')
export class CheckInPatientController {
  constructor(
    private readonly steps: AppointmentSteps,
    private readonly clinic: ClinicConfiguration,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('front-desk', 'nurse')
  @ApiOperation({
    summary: "Check the patient in, on the appointment's day",
    description:
      'escort-required, fasting-not-confirmed (sedated patients), anticoagulant-not-held, not-appointment-day (422).',
  })
  @ApiOkResponse({ type: AppointmentStepResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async checkIn(
    @Param('id', IdParamPipe) appointmentId: string,
    @Body() body: CheckInPatientRequestDto,
    @Command() context: CommandContext,
  ): Promise<AppointmentStepResponseDto> {
    const { block } = await this.steps.run(
      appointmentId,
      (seriesId, now) => ({
        type: 'CheckInPatient',
        data: { seriesId, appointmentId, ...body, timeZone: this.clinic.calendar.timeZone, now },
      }),
      context,
    );
    return { id: appointmentId, status: block.status };
  }
}
