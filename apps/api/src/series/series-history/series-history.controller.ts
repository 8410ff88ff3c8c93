import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetSeriesHistoryQuery } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { SeriesHistoryDto } from './series-history.dto';

@ApiTags('series')
@Controller('series/:id/history')
export class SeriesHistoryController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('physician', 'admin')
  @ApiOperation({
    summary:
      'Every event of the series and its appointments (reminders included): type, time, actor, data',
  })
  @ApiOkResponse({ type: SeriesHistoryDto })
  @ApiProblems(401, 403, 404)
  history(@Param('id', IdParamPipe) seriesId: string): Promise<SeriesHistoryDto> {
    return this.queryBus.execute(new GetSeriesHistoryQuery(seriesId));
  }
}
