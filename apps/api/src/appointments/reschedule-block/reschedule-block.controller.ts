import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Slot } from '@app/domain';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentSlotResponseDto } from '../book-block/book-block.request.dto';
import { RescheduleBlockCommand } from './reschedule-block.handler';
import { RescheduleBlockRequestDto } from './reschedule-block.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments/:id/reschedule')
export class RescheduleBlockController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('front-desk')
  @ApiOperation({
    summary: 'Move a booked block to another start (and optionally another physician or room)',
    description:
      'slot-taken (409) when the new slot is held; reservation-released (409) when a retried request (same Idempotency-Key) was interrupted the first time and its new reservation has been released since.',
  })
  @ApiOkResponse({ type: AppointmentSlotResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async reschedule(
    @Param('id', IdParamPipe) appointmentId: string,
    @Body() body: RescheduleBlockRequestDto,
    @Command() context: CommandContext,
  ): Promise<AppointmentSlotResponseDto> {
    const moved: { slot: Slot; position: bigint } = await this.commandBus.execute(
      new RescheduleBlockCommand(appointmentId, body.start, body.physicianId, body.roomId, context),
    );
    await this.readYourWrites.settle(moved.position);
    return { id: appointmentId, start: moved.slot.start, end: moved.slot.end, status: 'booked' };
  }
}
