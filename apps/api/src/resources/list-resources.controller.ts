import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ClinicConfiguration } from '@app/config';
import { RESOURCE_KINDS, type ResourceKind } from '@app/domain';
import { Roles } from '../auth/roles.decorator';
import { STAFF } from '../auth/roles';
import { ApiProblems } from '../docs/api-problems.decorator';

class ResourceDto {
  @ApiProperty({ example: 'dr-okafor' })
  id!: string;
  @ApiProperty({ enum: RESOURCE_KINDS })
  kind!: ResourceKind;
  @ApiProperty({ example: 'Dr. Okafor' })
  name!: string;
}

/** The physicians and fluoroscopy rooms of the clinic's configuration. */
@ApiTags('resources')
@Controller('resources')
export class ListResourcesController {
  private readonly resources: ResourceDto[];

  constructor(clinic: ClinicConfiguration) {
    this.resources = [
      ...clinic.calendar.physicians.map((p) => ({
        id: p.id,
        kind: 'physician' as const,
        name: p.name,
      })),
      ...clinic.calendar.rooms.map((r) => ({
        id: r.id,
        kind: 'fluoroscopy-room' as const,
        name: r.name,
      })),
    ];
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Physicians and fluoroscopy rooms' })
  @ApiOkResponse({ type: ResourceDto, isArray: true })
  @ApiProblems(401, 403)
  list(): ResourceDto[] {
    return this.resources;
  }
}
