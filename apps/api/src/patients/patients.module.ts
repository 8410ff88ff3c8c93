import { Module } from '@nestjs/common';
import { ChangeReminderPreferenceController } from './change-reminder-preference/change-reminder-preference.controller';
import { ChangeReminderPreferenceHandler } from './change-reminder-preference/change-reminder-preference.handler';
import { GetPatientController } from './get-patient/get-patient.controller';
import { RegisterPatientController } from './register-patient/register-patient.controller';
import { RegisterPatientHandler } from './register-patient/register-patient.handler';

@Module({
  controllers: [
    RegisterPatientController,
    GetPatientController,
    ChangeReminderPreferenceController,
  ],
  providers: [RegisterPatientHandler, ChangeReminderPreferenceHandler],
})
export class PatientsModule {}
