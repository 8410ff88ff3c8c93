import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@app/config';
import { GetAppointmentQuery } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { STAFF } from '../../auth/roles';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { AppointmentViewDto } from './appointment-view.dto';

@ApiTags('appointments')
@Controller('appointments/:id')
export class GetAppointmentController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The appointment, its status, what happened, and its reminders' })
  @ApiOkResponse({ type: AppointmentViewDto })
  @ApiProblems(401, 403, 404)
  get(@Param('id', IdParamPipe) appointmentId: string): Promise<AppointmentViewDto> {
    return this.queryBus.execute(
      new GetAppointmentQuery(appointmentId, this.clock.now().toISOString()),
    );
  }
}
