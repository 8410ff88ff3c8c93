import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { patientDecider, streams } from '@app/domain';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { ChangeReminderPreferenceRequestDto } from './change-reminder-preference.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

/** Not in API.md's list: the patient's opt-out per channel (reminders issue); opted-out patients get nothing. */
@ApiTags('patients')
@Controller('patients/:id/reminder-preferences')
export class ChangeReminderPreferenceController {
  constructor(
    private readonly commands: CommandRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('front-desk', 'nurse', 'admin')
  @ApiOperation({ summary: 'Opt the patient out of (or back into) reminders on one channel' })
  @ApiOkResponse({ description: '{ patientId, channel, optedOut }' })
  @ApiProblems(400, 401, 403, 404, 413)
  async change(
    @Param('id', IdParamPipe) patientId: string,
    @Body() body: ChangeReminderPreferenceRequestDto,
    @Command() context: CommandContext,
  ): Promise<{ patientId: string; channel: string; optedOut: boolean }> {
    const result = await this.commands.run(
      streams.patient(patientId),
      patientDecider,
      {
        type: 'ChangeReminderPreference',
        data: {
          patientId,
          channel: body.channel,
          optedOut: body.optedOut,
          now: this.commands.now(),
        },
      },
      context,
    );
    await this.readYourWrites.settle(result.position);
    return { patientId, channel: body.channel, optedOut: body.optedOut };
  }
}
