import { Module } from '@nestjs/common';
import { AppointmentLocator } from './appointment-locator';
import { AppointmentSteps } from './appointment-step';
import { BookBlockController } from './book-block/book-block.controller';
import { BookBlockHandler } from './book-block/book-block.handler';
import { BookingRunner } from './booking/booking-runner';
import { BookingReconciler } from './booking-reconciler';
import { CancelBlockController } from './cancel-block/cancel-block.controller';
import { CancelBlockHandler } from './cancel-block/cancel-block.handler';
import { CheckInPatientController } from './check-in-patient/check-in-patient.controller';
import { CheckInPatientHandler } from './check-in-patient/check-in-patient.handler';
import { DischargePatientController } from './discharge-patient/discharge-patient.controller';
import { DischargePatientHandler } from './discharge-patient/discharge-patient.handler';
import { GetAppointmentController } from './get-appointment/get-appointment.controller';
import { RecordFollowUpController } from './record-follow-up/record-follow-up.controller';
import { RecordFollowUpHandler } from './record-follow-up/record-follow-up.handler';
import { RecordNoShowController } from './record-no-show/record-no-show.controller';
import { RecordNoShowHandler } from './record-no-show/record-no-show.handler';
import { RecordProcedureController } from './record-procedure/record-procedure.controller';
import { RecordProcedureHandler } from './record-procedure/record-procedure.handler';
import { RescheduleBlockController } from './reschedule-block/reschedule-block.controller';
import { RescheduleBlockHandler } from './reschedule-block/reschedule-block.handler';

@Module({
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
    BookingRunner,
    BookBlockHandler,
    RescheduleBlockHandler,
    CancelBlockHandler,
    BookingReconciler,
    RecordNoShowHandler,
    CheckInPatientHandler,
    RecordProcedureHandler,
    DischargePatientHandler,
    RecordFollowUpHandler,
  ],
})
export class AppointmentCommandsModule {}
