import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { RecordProcedureCommand } from './record-procedure.handler';
import { RecordProcedureRequestDto } from './record-procedure.request.dto';
import { BlockOutcomeResponseDto } from './record-procedure.response.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/procedure')
export class RecordProcedureController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
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
    const { block, recommendation, position } = await this.commandBus.execute(
      new RecordProcedureCommand(
        appointmentId,
        {
          levels: body.levels,
          side: body.side,
          sedationGiven: body.sedationGiven,
          baselineTempC: body.baselineTempC,
          peakTempC: body.peakTempC,
          contralateralBaselineTempC: body.contralateralBaselineTempC ?? null,
          contralateralPeakTempC: body.contralateralPeakTempC ?? null,
          painBefore: body.painBefore,
          painAfter: body.painAfter,
        },
        context,
      ),
    );
    await this.readYourWrites.settle(position);
    const outcome = 'outcome' in block ? block.outcome : null;
    return {
      id: appointmentId,
      status: block.status,
      technicalSuccess: outcome?.technicalSuccess ?? false,
      temperatureRiseC: outcome?.temperatureRiseC ?? 0,
      reliefPct: outcome?.reliefPct ?? null,
      classification: outcome?.classification ?? null,
      recommendation,
    };
  }
}
