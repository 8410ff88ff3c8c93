import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { ChangeReminderPreferenceCommand } from './change-reminder-preference.handler';
import {
  ChangeReminderPreferenceRequestDto,
  ReminderPreferenceResponseDto,
} from './change-reminder-preference.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

/** The patient's opt-out per channel (docs/http-api.md): opted-out patients get nothing on it. */
@ApiTags('patients')
@Controller('patients/:id/reminder-preferences')
export class ChangeReminderPreferenceController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('front-desk', 'nurse', 'admin')
  @ApiOperation({ summary: 'Opt the patient out of (or back into) reminders on one channel' })
  @ApiOkResponse({ type: ReminderPreferenceResponseDto })
  @ApiProblems(400, 401, 403, 404, 413)
  async change(
    @Param('id', IdParamPipe) patientId: string,
    @Body() body: ChangeReminderPreferenceRequestDto,
    @Command() context: CommandContext,
  ): Promise<ReminderPreferenceResponseDto> {
    const { position } = await this.commandBus.execute(
      new ChangeReminderPreferenceCommand(patientId, body.channel, body.optedOut, context),
    );
    await this.readYourWrites.settle(position);
    return { patientId, channel: body.channel, optedOut: body.optedOut };
  }
}
