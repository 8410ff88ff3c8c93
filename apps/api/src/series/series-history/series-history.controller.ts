import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetSeriesHistoryQuery, type SeriesHistory } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';

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
  @ApiOkResponse({
    description:
      '{ seriesId, events: [{ type, at, actor, stream, revision, position, data }] } in log order',
  })
  @ApiProblems(401, 403, 404)
  history(@Param('id', IdParamPipe) seriesId: string): Promise<SeriesHistory> {
    return this.queryBus.execute(new GetSeriesHistoryQuery(seriesId));
  }
}
