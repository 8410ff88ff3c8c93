import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { IssueReferralCommand } from './issue-referral.handler';
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
    const { referral, by, position } = await this.commandBus.execute(
      new IssueReferralCommand(seriesId, body.modality, body.note ?? null, context),
    );
    await this.readYourWrites.settle(position);
    return {
      seriesId,
      modality: referral.modality,
      note: referral.note,
      at: referral.issuedAt,
      by,
    };
  }
}
