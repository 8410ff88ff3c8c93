import { ApiProperty } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@app/domain';
import {
  SCHEDULE_FLAGS,
  type DaySchedule,
  type ScheduledAppointment,
  type ScheduleFlag,
} from '@app/read-models';
import { ApiDate, ApiInstant } from '../docs/api-instant.decorator';

export class ScheduledAppointmentDto implements ScheduledAppointment {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Ada Lovelace',
    description: "null when the patient's registration is not in the view yet",
  })
  patientName!: string | null;
  @ApiProperty({ example: 'dr-okafor' })
  physicianId!: string;
  @ApiProperty({ example: 'Dr. Okafor' })
  physicianName!: string;
  @ApiProperty({ example: 1 })
  blockNumber!: number;
  @ApiInstant()
  start!: string;
  @ApiInstant({ example: '2027-03-02T10:00:00-05:00' })
  end!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: AppointmentStatus;
  @ApiProperty()
  sedation!: boolean;
  @ApiProperty({
    enum: SCHEDULE_FLAGS,
    isArray: true,
    description: 'Open flags at the server clock',
  })
  flags!: ScheduleFlag[];
}

export class RoomScheduleDto {
  @ApiProperty({ example: 'fluoro-1' })
  roomId!: string;
  @ApiProperty({ example: 'Fluoroscopy 1' })
  roomName!: string;
  @ApiProperty({ type: ScheduledAppointmentDto, isArray: true, description: 'In start order' })
  appointments!: ScheduledAppointmentDto[];
}

export class DayScheduleDto implements DaySchedule {
  @ApiDate()
  date!: string;
  @ApiProperty({
    type: RoomScheduleDto,
    isArray: true,
    description: 'Every configured room, then any other room with an appointment that day',
  })
  rooms!: RoomScheduleDto[];
}
