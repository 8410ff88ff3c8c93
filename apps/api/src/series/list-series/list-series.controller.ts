import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListSeriesQuery } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { STAFF } from '../../auth/roles';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { ListSeriesRequestDto } from './list-series.request.dto';
import { SeriesSummaryDto } from './series-summary.dto';

@ApiTags('series')
@Controller('series')
export class ListSeriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'Worklist: series by recommended next step and/or patient, longest waiting first',
    description:
      'A physician asks for physician-review, refer-rfa or stop-series; the front desk for book-block, repeat-block or continue-series.',
  })
  @ApiOkResponse({ type: SeriesSummaryDto, isArray: true })
  @ApiProblems(400, 401, 403)
  list(@Query() filter: ListSeriesRequestDto): Promise<SeriesSummaryDto[]> {
    return this.queryBus.execute(new ListSeriesQuery(filter));
  }
}
