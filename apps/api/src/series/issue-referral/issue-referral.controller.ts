import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReferralIssued } from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { ExecuteSeriesCommand } from '../series-command.handler';
import { IssueReferralRequestDto, ReferralResponseDto } from './issue-referral.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('series')
@Controller('series/:id/referrals')
export class IssueReferralController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @Roles('physician')
  @ApiOperation({
    summary:
      'Refer the patient for neurolysis (radiofrequency ablation, phenol or alcohol); the physician confirms what the series recommended',
  })
  @ApiCreatedResponse({ type: ReferralResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  async issue(
    @Param('id', IdParamPipe) seriesId: string,
    @Body() body: IssueReferralRequestDto,
    @Command() context: CommandContext,
  ): Promise<ReferralResponseDto> {
    const result: HandleCommandResult<unknown> = await this.commandBus.execute(
      new ExecuteSeriesCommand(
        seriesId,
        (now) => ({
          type: 'IssueReferral',
          data: { seriesId, modality: body.modality, note: body.note ?? null, now },
        }),
        context,
      ),
    );
    await this.readYourWrites.settle(result.position);
    const issued = result.events.find((event) => event.type === 'ReferralIssued');
    const data = issued?.data as ReferralIssued['data'];
    return {
      seriesId,
      modality: data.modality,
      note: data.note,
      at: data.issuedAt,
      by: issued!.metadata.actor?.id ?? context.actor.id,
    };
  }
}
