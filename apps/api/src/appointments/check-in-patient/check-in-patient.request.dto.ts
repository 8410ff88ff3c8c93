import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class CheckInPatientRequestDto {
  @ApiProperty({
    description: 'An adult escort is here to drive the patient home (mandatory after sedation)',
  })
  @IsBoolean()
  escortPresent!: boolean;

  @ApiProperty({ description: 'The patient fasted as instructed (mandatory for sedation)' })
  @IsBoolean()
  fastingConfirmed!: boolean;

  @ApiProperty({
    description:
      'The blood thinner was held as instructed (when the patient takes one with a hold)',
  })
  @IsBoolean()
  anticoagulantHeld!: boolean;
}
