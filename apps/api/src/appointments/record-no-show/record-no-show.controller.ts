import { Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { RecordNoShowCommand } from './record-no-show.handler';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/no-show')
export class RecordNoShowController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

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
    const { block, position } = await this.commandBus.execute(
      new RecordNoShowCommand(appointmentId, context),
    );
    await this.readYourWrites.settle(position);
    return { id: appointmentId, status: block.status };
  }
}
