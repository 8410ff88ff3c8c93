import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetPatientQuery } from '@app/read-models';
import { Roles } from '../../auth/roles.decorator';
import { STAFF } from '../../auth/roles';
import { ApiProblems } from '../../docs/api-problems.decorator';
import { IdParamPipe } from '../../http/uuid-param.pipe';
import { PatientViewDto } from './patient-view.dto';

@ApiTags('patients')
@Controller('patients/:id')
export class GetPatientController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The patient and their series' })
  @ApiOkResponse({ type: PatientViewDto })
  @ApiProblems(401, 403, 404)
  get(@Param('id', IdParamPipe) patientId: string): Promise<PatientViewDto> {
    return this.queryBus.execute(new GetPatientQuery(patientId));
  }
}
