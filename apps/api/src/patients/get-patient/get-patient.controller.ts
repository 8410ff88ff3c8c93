import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetPatientQuery, type PatientView } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { STAFF } from '../../auth/roles';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';

@ApiTags('patients')
@Controller('patients/:id')
export class GetPatientController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The patient and their series' })
  @ApiOkResponse({
    description:
      '{ id, mrn, givenName, familyName, birthDate, phone, email, timeZone, reminderOptOuts, series: [...] }',
  })
  @ApiProblems(401, 403, 404)
  get(@Param('id', IdParamPipe) patientId: string): Promise<PatientView> {
    return this.queryBus.execute(new GetPatientQuery(patientId));
  }
}
