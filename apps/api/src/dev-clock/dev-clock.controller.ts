import { Body, Controller, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdjustableClock } from '@app/config';
import { Roles } from '../auth/roles.decorator';
import { ApiProblems } from '../docs/api-problems.decorator';
import { ClockResponseDto, SetClockRequestDto } from './set-clock.request.dto';
import { CommandPost } from '../idempotency/command-post.decorator';

/** Development mode only (the module is not loaded when NODE_ENV=production). */
@ApiTags('development')
@Controller('dev/clock')
export class DevClockController {
  constructor(private readonly clock: AdjustableClock) {}

  @CommandPost()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: "Set the server's clock (development mode only); { now: null } returns to real time",
  })
  @ApiOkResponse({ type: ClockResponseDto, description: 'The server clock now' })
  @ApiProblems(400, 401, 403, 413)
  set(@Body() body: SetClockRequestDto): ClockResponseDto {
    this.clock.set(body.now === null ? null : new Date(body.now));
    return { now: this.clock.now().toISOString(), adjusted: this.clock.isAdjusted() };
  }
}
