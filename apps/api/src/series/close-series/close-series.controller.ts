import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { CloseSeriesCommand } from './close-series.handler';
import { CloseSeriesRequestDto, SeriesStateResponseDto } from './close-series.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('series')
@Controller('series/:id/close')
export class CloseSeriesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('physician')
  @ApiOperation({ summary: 'Close the series with a reason' })
  @ApiOkResponse({ type: SeriesStateResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async close(
    @Param('id', IdParamPipe) seriesId: string,
    @Body() body: CloseSeriesRequestDto,
    @Command() context: CommandContext,
  ): Promise<SeriesStateResponseDto> {
    const closed = await this.commandBus.execute(
      new CloseSeriesCommand(seriesId, body.reason, context),
    );
    await this.readYourWrites.settle(closed.position);
    return { id: seriesId, state: closed.status };
  }
}
