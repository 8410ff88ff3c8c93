import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TreatmentSeriesState } from '@app/domain';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto, blockOf } from '../appointment-step.response.dto';
import { CancelBlockCommand } from './cancel-block.handler';
import { CancelBlockRequestDto } from './cancel-block.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/cancel')
export class CancelBlockController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('front-desk', 'nurse')
  @ApiOperation({ summary: 'Cancel (or defer) a block; the physician and the room are free again' })
  @ApiOkResponse({ type: AppointmentStepResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async cancel(
    @Param('id', IdParamPipe) appointmentId: string,
    @Body() body: CancelBlockRequestDto,
    @Command() context: CommandContext,
  ): Promise<AppointmentStepResponseDto> {
    const result: { state: TreatmentSeriesState; position: bigint } = await this.commandBus.execute(
      new CancelBlockCommand(appointmentId, body.reason, context),
    );
    await this.readYourWrites.settle(result.position);
    return { id: appointmentId, status: blockOf(result.state, appointmentId).status };
  }
}
