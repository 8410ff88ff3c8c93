import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { CheckInPatientCommand } from './check-in-patient.handler';
import { CheckInPatientRequestDto } from './check-in-patient.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/check-in')
export class CheckInPatientController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
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
    const { block, position } = await this.commandBus.execute(
      new CheckInPatientCommand(
        appointmentId,
        {
          escortPresent: body.escortPresent,
          fastingConfirmed: body.fastingConfirmed,
          anticoagulantHeld: body.anticoagulantHeld,
        },
        context,
      ),
    );
    await this.readYourWrites.settle(position);
    return { id: appointmentId, status: block.status };
  }
}
