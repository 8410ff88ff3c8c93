import { Body, Controller, Param } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ClinicConfiguration } from '@app/config';
import { CLASSIFICATIONS, recommendNextStep, type Recommendation } from '@app/domain';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { AppointmentSteps } from '../appointment-steps';
import { RecordProcedureRequestDto } from './record-procedure.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

class BlockOutcomeResponseDto extends AppointmentStepResponseDto {
  @ApiProperty()
  technicalSuccess!: boolean;
  @ApiProperty({ example: 3.6 })
  temperatureRiseC!: number;
  @ApiProperty({ type: Number, nullable: true, example: 62.5 })
  reliefPct!: number | null;
  @ApiProperty({ enum: CLASSIFICATIONS, nullable: true })
  classification!: string | null;
  @ApiProperty({ nullable: true, description: "The series' recommendation now (GET /series/:id)" })
  recommendation!: Recommendation | null;
}

@ApiTags('appointments')
@Controller('appointments/:id/procedure')
export class RecordProcedureController {
  constructor(
    private readonly steps: AppointmentSteps,
    private readonly clinic: ClinicConfiguration,
  ) {}

  @CommandPost()
  @Roles('physician')
  @ApiOperation({
    summary: 'The block was done: levels, side, sedation, foot temperatures, pain before and after',
    description:
      "Judged under the series' policy: technical success from the temperature rise, relief %, classification.",
  })
  @ApiCreatedResponse({ type: BlockOutcomeResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async record(
    @Param('id', IdParamPipe) appointmentId: string,
    @Body() body: RecordProcedureRequestDto,
    @Command() context: CommandContext,
  ): Promise<BlockOutcomeResponseDto> {
    const { block, state } = await this.steps.run(
      appointmentId,
      (seriesId, now) => ({
        type: 'RecordBlockPerformed',
        data: {
          seriesId,
          appointmentId,
          ...body,
          contralateralBaselineTempC: body.contralateralBaselineTempC ?? null,
          contralateralPeakTempC: body.contralateralPeakTempC ?? null,
          timeZone: this.clinic.calendar.timeZone,
          now,
        },
      }),
      context,
    );
    const outcome = 'outcome' in block ? block.outcome : null;
    return {
      id: appointmentId,
      status: block.status,
      technicalSuccess: outcome?.technicalSuccess ?? false,
      temperatureRiseC: outcome?.temperatureRiseC ?? 0,
      reliefPct: outcome?.reliefPct ?? null,
      classification: outcome?.classification ?? null,
      recommendation: recommendNextStep(state),
    };
  }
}
