import {
  anticoagulantHold,
  DEFAULT_CLINICAL_POLICY,
  REMINDER_KINDS,
  type Anticoagulant,
  type AnticoagulantHold,
} from '@app/domain';
import { reminderMessage, type ReminderMessageContext } from './reminder-message';

const START = '2027-03-02T09:00:00-05:00';

/** The domain's hold, as the processor passes it. */
function holdOf(drug: Anticoagulant): Extract<AnticoagulantHold, { kind: 'hold' }> {
  const hold = anticoagulantHold(drug, START, DEFAULT_CLINICAL_POLICY);
  if (hold.kind !== 'hold') throw new Error(`${drug} has no hold`);
  return hold;
}

const context: ReminderMessageContext = {
  clinic: { name: 'Riverside Pain Clinic', timeZone: 'America/New_York', phone: '555-0100' },
  start: START,
  anticoagulant: 'warfarin',
  hold: holdOf('warfarin'),
  earliestNextBlockDate: '2027-03-09',
};

describe('reminderMessage', () => {
  it.each(REMINDER_KINDS)(
    '%s names the clinic and never the diagnosis or the procedure',
    (kind) => {
      const { subject, text } = reminderMessage(kind, context);
      expect(subject).toContain('Riverside Pain Clinic');
      expect(text).toContain('Riverside Pain Clinic');
      for (const word of [
        /crps/i,
        /regional pain/i,
        /phantom/i,
        /neuralgia/i,
        /cancer/i,
        /sympathetic/i,
        /ischemi/i,
        /G90/,
      ]) {
        expect(`${subject} ${text}`).not.toMatch(word);
      }
    },
  );

  it('the hold reminder names the drug, the first day without it and asks to check with the prescriber', () => {
    const { text } = reminderMessage('anticoagulant-hold', context);
    expect(text).toContain('Tuesday 2 March 2027 at 09:00 EST');
    expect(text).toContain('do not take warfarin from Thursday 25 February 2027');
    expect(text).toContain('check with that doctor');
  });

  it('an hour-based hold (enoxaparin 12 h) names the time of the last dose', () => {
    const { text } = reminderMessage('anticoagulant-hold', {
      ...context,
      anticoagulant: 'enoxaparin-prophylactic',
      hold: holdOf('enoxaparin-prophylactic'),
    });
    expect(text).toContain(
      'last dose of enoxaparin no later than 21:00 EST on Monday 1 March 2027',
    );
  });

  it('the evening-before message gives the fasting rules and asks for an adult driver', () => {
    const { text } = reminderMessage('fasting-and-escort', context);
    expect(text).toMatch(/8 hours/);
    expect(text).toMatch(/6 hours/);
    expect(text).toMatch(/2 hours/);
    expect(text).toMatch(/adult who will drive you home/);
  });

  it('pain checks ask for a 0–10 score, book-next-block asks to call and names the first date', () => {
    expect(reminderMessage('pain-check-day-7', context).text).toMatch(/0 \(no pain\) to 10/);
    expect(reminderMessage('pain-check-day-7', context).text).toContain('it is 7 days since');
    expect(reminderMessage('pain-check-day-28', { ...context, followUpDay: 30 }).text).toContain(
      'it is 30 days since',
    );
    expect(reminderMessage('book-next-block', context).text).toContain('from Tuesday 9 March 2027');
    expect(reminderMessage('book-next-block', context).text).toContain(
      'call Riverside Pain Clinic on 555-0100',
    );
  });

  it('times are in the clinic zone, with the offset name after a DST change', () => {
    const { text } = reminderMessage('appointment-reminder', {
      ...context,
      start: '2027-03-15T13:00:00Z',
    });
    expect(text).toContain('Monday 15 March 2027 at 09:00 EDT');
  });
});
