import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { BookBlockCommand, type BookedBlock } from './book-block.handler';
import { AppointmentSlotResponseDto, BookBlockRequestDto } from './book-block.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('appointments')
@Controller('appointments')
export class BookBlockController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @Roles('front-desk')
  @ApiOperation({
    summary: "Book a block into a physician's and a fluoroscopy room's calendar",
    description:
      'slot-taken (409) when the physician or the room is held at that time; reservation-released (409) when a retried request (same Idempotency-Key) was interrupted the first time and its reservation has been released since; min-interval, initial-series-cap, yearly-cap, outside-opening-hours, in-the-past (422).',
  })
  @ApiCreatedResponse({ type: AppointmentSlotResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async book(
    @Body() body: BookBlockRequestDto,
    @Command() context: CommandContext,
  ): Promise<AppointmentSlotResponseDto> {
    const booked: BookedBlock = await this.commandBus.execute(
      new BookBlockCommand(
        body.seriesId,
        body.physicianId,
        body.roomId,
        body.start,
        body.sedation,
        body.anticoagulant ?? null,
        context,
      ),
    );
    await this.readYourWrites.settle(booked.position);
    return {
      id: booked.appointmentId,
      start: booked.slot.start,
      end: booked.slot.end,
      status: 'booked',
    };
  }
}
