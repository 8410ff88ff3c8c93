/** Every stream name comes from here: `<Category>-<id>`, no dash inside the category. */
export const streams = {
  patient: (patientId: string) => `Patient-${patientId}`,
  treatmentSeries: (seriesId: string) => `TreatmentSeries-${seriesId}`,
  clinicDay: (clinicDate: string) => `ClinicDay-${clinicDate}`,
  appointmentReminders: (appointmentId: string) => `AppointmentReminders-${appointmentId}`,
} as const;

export type StreamCategory = 'Patient' | 'TreatmentSeries' | 'ClinicDay' | 'AppointmentReminders';

/** The category and id of a stream name (`TreatmentSeries-abc` → TreatmentSeries, abc). */
export function parseStreamName(stream: string): { category: string; id: string } {
  const dash = stream.indexOf('-');
  if (dash <= 0) return { category: stream, id: '' };
  return { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}
