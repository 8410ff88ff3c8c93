import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsIanaTimeZone } from '../../http/validators';

export class RegisterPatientRequestDto {
  @ApiProperty({
    example: 'MRN-0012345',
    description: "The clinic's medical record number; unique.",
  })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9\-/.]{0,63}$/, {
    message: 'mrn must be 1–64 letters, digits, "-", "/" or "."',
  })
  mrn!: string;

  @ApiProperty({ example: 'Ada' })
  @IsString()
  @Length(1, 100)
  givenName!: string;

  @ApiProperty({ example: 'Lovelace' })
  @IsString()
  @Length(1, 100)
  familyName!: string;

  @ApiProperty({ example: '1961-07-14', description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  birthDate!: string;

  @ApiPropertyOptional({ example: '+15555550123', description: 'E.164; reminders by SMS' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be an E.164 number, e.g. +15555550123' })
  phone?: string;

  @ApiPropertyOptional({ example: 'ada@example.org', description: 'Reminders by e-mail' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({
    example: 'America/New_York',
    description: "IANA zone for reminders; default: the clinic's",
  })
  @IsOptional()
  @IsIanaTimeZone()
  timeZone?: string;
}
