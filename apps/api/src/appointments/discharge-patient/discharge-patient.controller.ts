import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { DischargePatientCommand } from './discharge-patient.handler';
import { DischargePatientRequestDto } from './discharge-patient.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/discharge')
export class DischargePatientController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
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
    const { block, position } = await this.commandBus.execute(
      new DischargePatientCommand(
        appointmentId,
        {
          aldreteScore: body.aldreteScore,
          padssScore: body.padssScore,
          escortPresent: body.escortPresent,
          disposition: body.disposition,
        },
        context,
      ),
    );
    await this.readYourWrites.settle(position);
    return { id: appointmentId, status: block.status };
  }
}
