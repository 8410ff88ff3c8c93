import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { CreatedResponseDto } from '../../http/created.response.dto';
import { OpenSeriesCommand } from './open-series.handler';
import { OpenSeriesRequestDto } from './open-series.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('series')
@Controller('series')
export class OpenSeriesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @Roles('physician')
  @ApiOperation({
    summary: 'Open a treatment series: one patient, one indication, one side, one intent',
  })
  @ApiCreatedResponse({ type: CreatedResponseDto })
  @ApiProblems(400, 401, 403, 404, 413, 422)
  async open(
    @Body() body: OpenSeriesRequestDto,
    @Command() context: CommandContext,
  ): Promise<CreatedResponseDto> {
    const { seriesId, position } = await this.commandBus.execute(
      new OpenSeriesCommand(
        {
          patientId: body.patientId,
          indication: body.indication,
          icd10: body.icd10 ?? null,
          side: body.side,
          intent: body.intent,
          rehabilitationProgramme: body.rehabilitationProgramme ?? false,
        },
        context,
      ),
    );
    await this.readYourWrites.settle(position);
    return { id: seriesId };
  }
}
