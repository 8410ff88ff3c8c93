import {
  DEFAULT_CLINICAL_POLICY,
  addDays,
  earliestNextBlockDate,
  recommendNextStep,
  type TreatmentSeriesState,
} from '@app/domain';
import { patientRegistered, replaySeriesHistory, seriesHistory } from '@app/testing';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  BOOK_NEXT_BLOCK_ACTIONS,
  evolveSeriesReminderState,
  foldPatientReminderState,
  initialSeriesReminderState,
  planSeriesReminders,
  seriesOutlookFor,
  type SeriesReminderState,
} from './reminder-facts';
import { DEFAULT_REMINDER_TIMING } from './reminder-timing';

/**
 * Property: over generated series histories (libs/testing), after every step a book-next-block
 * reminder is planned exactly when the domain recommends repeat-block or continue-series, after the
 * block the recommendation is about, for the domain's earliestNextBlockDate; and it is never due
 * before that date less the lead the timing gives (0 or the default 2 days), at the timing's local
 * time. Planned with `now` before everything: dropping expired reminders is another rule.
 */

const ZONE = 'America/New_York';
const clinic = { name: 'Riverside Pain Clinic', timeZone: ZONE };
const patient = foldPatientReminderState([patientRegistered({ email: null })]);

let recommended = 0;

function check(state: TreatmentSeriesState, facts: SeriesReminderState, leadDays: number): void {
  const timing = { ...DEFAULT_REMINDER_TIMING, bookNextBlockLeadDays: leadDays };
  const plans = planSeriesReminders({
    series: facts,
    patient,
    clinic,
    defaultPolicy: DEFAULT_CLINICAL_POLICY,
    now: '2027-01-01T00:00:00-05:00',
    timing,
  });
  const planned = [...plans.values()].flat().filter((r) => r.kind === 'book-next-block');
  const recommendation = recommendNextStep(state);
  const wanted = recommendation !== null && BOOK_NEXT_BLOCK_ACTIONS.includes(recommendation.action);
  expect(planned.length).toBe(wanted ? 1 : 0);
  if (!wanted || state.status === 'not-opened') return;
  recommended++;

  const [reminder] = planned;
  const done = state.blocks.filter((b) => b.status === 'performed' || b.status === 'discharged');
  expect(reminder.appointmentId).toBe(done[done.length - 1].appointmentId);
  const earliest = earliestNextBlockDate(state)!;
  // The date the message invites the patient to book from is the domain's, never an earlier one.
  expect(seriesOutlookFor(facts, reminder.appointmentId).earliestNextBlockDate).toBe(earliest);
  const notBefore = DateTime.fromISO(`${addDays(earliest, -leadDays)}T10:00`, { zone: ZONE });
  expect(Date.parse(reminder.dueAt)).toBeGreaterThanOrEqual(notBefore.toMillis());
}

describe('book-next-block follows the domain (properties)', () => {
  it('is planned exactly when the domain recommends repeat-block or continue-series, never before its earliest date less the lead', () => {
    fc.assert(
      fc.property(seriesHistory(40), fc.constantFrom(0, 2), (history, leadDays) => {
        let facts = initialSeriesReminderState();
        replaySeriesHistory(history, (state, recorded) => {
          for (const event of recorded) facts = evolveSeriesReminderState(facts, event);
          check(state, facts, leadDays);
        });
      }),
      // A fixed seed: the reachability check below then says the same on every run (random walks
      // reached 34 to 104 such states depending on the seed); change it to explore other walks.
      { numRuns: 200, seed: 31337 },
    );
    // The walks do reach the states that want another block, not only the others.
    expect(recommended).toBeGreaterThan(50);
  });
});
