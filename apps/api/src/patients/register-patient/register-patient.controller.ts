import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { Command, type CommandContext } from '../../commands/command-context';
import { ReadYourWrites } from '../../commands/read-your-writes';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { RegisterPatientCommand } from './register-patient.handler';
import { CreatedResponseDto } from '../../http/created.response.dto';
import { RegisterPatientRequestDto } from './register-patient.request.dto';
import { CommandPost } from '../../idempotency/command-post.decorator';

@ApiTags('patients')
@Controller('patients')
export class RegisterPatientController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @CommandPost()
  @Roles('front-desk', 'admin')
  @ApiOperation({ summary: 'Register a patient' })
  @ApiCreatedResponse({ type: CreatedResponseDto })
  @ApiProblems(400, 401, 403, 409, 413)
  async register(
    @Body() body: RegisterPatientRequestDto,
    @Command() context: CommandContext,
  ): Promise<CreatedResponseDto> {
    const { patientId, position } = await this.commandBus.execute(
      new RegisterPatientCommand(
        {
          mrn: body.mrn,
          givenName: body.givenName,
          familyName: body.familyName,
          birthDate: body.birthDate,
          phone: body.phone ?? null,
          email: body.email ?? null,
          timeZone: body.timeZone ?? null,
        },
        context,
      ),
    );
    await this.readYourWrites.settle(position);
    return { id: patientId };
  }
}
