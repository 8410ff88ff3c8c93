import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@app/config';
import { type Availability, GetAvailabilityQuery } from '@app/read-models';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { GetAvailabilityRequestDto } from './get-availability.request.dto';

@ApiTags('schedule')
@Controller('availability')
export class GetAvailabilityController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('front-desk', 'nurse', 'physician')
  @ApiOperation({
    summary:
      'Free starts where both the physician and the room are free for a whole slot, inside opening hours',
  })
  @ApiOkResponse({
    description: '{ physicianId, roomId, from, to, starts: ["2027-03-02T08:00:00-05:00", …] }',
  })
  @ApiProblems(400, 401, 403, 422)
  get(@Query() query: GetAvailabilityRequestDto): Promise<Availability> {
    return this.queryBus.execute(
      new GetAvailabilityQuery({ ...query, now: this.clock.now().toISOString() }),
    );
  }
}
