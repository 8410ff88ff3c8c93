import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ANTICOAGULANTS, APPOINTMENT_STATUSES, type Anticoagulant } from '@app/domain';
import { IsInstantWithOffset } from '../../http/validators';

export class BookBlockRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'seriesId must be a series id (UUID)' })
  seriesId!: string;

  @ApiProperty({ example: 'dr-okafor', description: 'GET /resources lists physicians' })
  @IsString()
  @Length(1, 100)
  physicianId!: string;

  @ApiProperty({ example: 'fluoro-1', description: 'GET /resources lists fluoroscopy rooms' })
  @IsString()
  @Length(1, 100)
  roomId!: string;

  @ApiProperty({
    example: '2027-03-02T09:00:00-05:00',
    description: "Start of the room slot (the clinic's policy sets its length)",
  })
  @IsInstantWithOffset()
  start!: string;

  @ApiProperty({ description: 'IV sedation planned: fasting and an adult escort become mandatory' })
  @IsBoolean()
  sedation!: boolean;

  @ApiPropertyOptional({
    enum: ANTICOAGULANTS,
    description: 'The blood thinner the patient takes, if any',
  })
  @IsOptional()
  @IsIn(ANTICOAGULANTS, { message: `anticoagulant must be one of ${ANTICOAGULANTS.join(', ')}` })
  anticoagulant?: Anticoagulant;
}

export class AppointmentSlotResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '2027-03-02T09:00:00-05:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-02T10:00:00-05:00' })
  end!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, example: 'booked' })
  status!: string;
}
