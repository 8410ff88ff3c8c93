import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@app/config';
import { GetAvailabilityQuery } from '@app/read-models';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { AvailabilityDto } from './availability.dto';
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
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(400, 401, 403, 422)
  get(@Query() query: GetAvailabilityRequestDto): Promise<AvailabilityDto> {
    return this.queryBus.execute(
      new GetAvailabilityQuery({ ...query, now: this.clock.now().toISOString() }),
    );
  }
}
