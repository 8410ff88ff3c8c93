import { APPOINTMENT_STATUSES } from '../shared/clinical-vocabulary';
import { APPOINTMENT_TRANSITIONS, canTransition } from './appointment.transitions';

describe('the appointment lifecycle', () => {
  it('booked → checked-in → performed → discharged; cancelled from booked or checked-in; no-show from booked', () => {
    const allowed = APPOINTMENT_STATUSES.flatMap((from) =>
      APPOINTMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from} → ${to}`),
    );
    expect(allowed).toEqual([
      'booked → booked',
      'booked → checked-in',
      'booked → cancelled',
      'booked → no-show',
      'checked-in → performed',
      'checked-in → cancelled',
      'performed → discharged',
    ]);
  });

  it('discharged, cancelled and no-show are final', () => {
    for (const status of ['discharged', 'cancelled', 'no-show'] as const) {
      expect(APPOINTMENT_TRANSITIONS[status]).toEqual([]);
    }
  });
});
