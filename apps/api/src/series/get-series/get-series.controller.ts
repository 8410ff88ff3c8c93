import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetSeriesQuery, type SeriesView } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { STAFF } from '../../auth/roles';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { serialisedOnce } from '../../http/serialised-once';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { SeriesViewDto } from './series-view.dto';

@ApiTags('series')
@Controller('series/:id')
export class GetSeriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'The series as the physician sees it: blocks, classifications, the recommendation',
  })
  @ApiOkResponse({ type: SeriesViewDto })
  @ApiProblems(401, 403, 404)
  @Header('content-type', 'application/json; charset=utf-8')
  async get(@Param('id', IdParamPipe) seriesId: string): Promise<string> {
    const view: SeriesView = await this.queryBus.execute(new GetSeriesQuery(seriesId));
    return serialisedOnce(view);
  }
}
