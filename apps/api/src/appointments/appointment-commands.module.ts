import { Module } from '@nestjs/common';
import { SeriesModule } from '../series/series.module';
import { AppointmentLocator } from './appointment-locator';
import { ExecuteAppointmentCommandHandler } from './appointment-command.handler';
import { AppointmentSteps } from './appointment-steps';
import { BookBlockController } from './book-block/book-block.controller';
import { BookBlockHandler } from './book-block/book-block.handler';
import { BookingRunner } from './booking/booking-runner';
import { BookingReconciler } from './booking-reconciler';
import { CancelBlockController } from './cancel-block/cancel-block.controller';
import { CancelBlockHandler } from './cancel-block/cancel-block.handler';
import { CheckInPatientController } from './check-in-patient/check-in-patient.controller';
import { DischargePatientController } from './discharge-patient/discharge-patient.controller';
import { GetAppointmentController } from './get-appointment/get-appointment.controller';
import { RecordFollowUpController } from './record-follow-up/record-follow-up.controller';
import { RecordNoShowController } from './record-no-show/record-no-show.controller';
import { RecordProcedureController } from './record-procedure/record-procedure.controller';
import { RescheduleBlockController } from './reschedule-block/reschedule-block.controller';
import { RescheduleBlockHandler } from './reschedule-block/reschedule-block.handler';

@Module({
  imports: [SeriesModule],
  controllers: [
    BookBlockController,
    GetAppointmentController,
    RescheduleBlockController,
    CancelBlockController,
    RecordNoShowController,
    CheckInPatientController,
    RecordProcedureController,
    DischargePatientController,
    RecordFollowUpController,
  ],
  providers: [
    AppointmentLocator,
    AppointmentSteps,
    ExecuteAppointmentCommandHandler,
    BookingRunner,
    BookBlockHandler,
    RescheduleBlockHandler,
    CancelBlockHandler,
    BookingReconciler,
  ],
})
export class AppointmentCommandsModule {}
