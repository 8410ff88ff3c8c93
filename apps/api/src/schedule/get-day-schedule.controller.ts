import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@app/config';
import { GetDayScheduleQuery } from '@app/read-models';
import { Roles } from '../auth/roles.decorator';
import { STAFF } from '../auth/roles';
import { ApiProblems } from '../docs/api-problems.decorator';
import { DayScheduleDto } from './day-schedule.dto';
import { GetDayScheduleRequestDto } from './get-day-schedule.request.dto';

@ApiTags('schedule')
@Controller('schedule')
export class GetDayScheduleController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({
    summary: "The day's appointments by room, with patient name, times, status and open flags",
    description:
      'Flags: escort-not-confirmed, anticoagulant-hold-due, follow-up-overdue (at the server clock).',
  })
  @ApiOkResponse({ type: DayScheduleDto })
  @ApiProblems(400, 401, 403)
  get(@Query() query: GetDayScheduleRequestDto): Promise<DayScheduleDto> {
    return this.queryBus.execute(
      new GetDayScheduleQuery(query.date, this.clock.now().toISOString()),
    );
  }
}
