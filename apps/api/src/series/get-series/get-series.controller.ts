import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetSeriesQuery } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { STAFF } from '../../auth/roles';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { serialiseOnce } from '../../http/serialised-once';
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
  async get(
    @Param('id', IdParamPipe) seriesId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SeriesViewDto> {
    const view = await this.queryBus.execute(new GetSeriesQuery(seriesId));
    // The view object is handed out again while the series is unchanged: its JSON is kept too.
    serialiseOnce(reply);
    return view;
  }
}
