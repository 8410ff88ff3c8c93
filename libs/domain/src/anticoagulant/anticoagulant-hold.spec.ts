import { aClinicalPolicy } from '@app/testing';
import { anticoagulantHold, requiresHold } from './anticoagulant-hold';

const policy = aClinicalPolicy();
const start = '2027-03-30T09:00:00-04:00';

describe('anticoagulant holds (docs/clinical-rules.md, ASRA intermediate risk)', () => {
  it.each([
    ['warfarin', 120, '2027-03-25T09:00:00-04:00', '2027-03-24T09:00:00-04:00'],
    ['clopidogrel', 168, '2027-03-23T09:00:00-04:00', '2027-03-22T09:00:00-04:00'],
    ['prasugrel', 168, '2027-03-23T09:00:00-04:00', '2027-03-22T09:00:00-04:00'],
    ['ticagrelor', 120, '2027-03-25T09:00:00-04:00', '2027-03-24T09:00:00-04:00'],
    ['rivaroxaban', 72, '2027-03-27T09:00:00-04:00', '2027-03-26T09:00:00-04:00'],
    ['apixaban', 72, '2027-03-27T09:00:00-04:00', '2027-03-26T09:00:00-04:00'],
    ['edoxaban', 72, '2027-03-27T09:00:00-04:00', '2027-03-26T09:00:00-04:00'],
    ['dabigatran', 96, '2027-03-26T09:00:00-04:00', '2027-03-25T09:00:00-04:00'],
    ['enoxaparin-prophylactic', 12, '2027-03-29T21:00:00-04:00', '2027-03-28T21:00:00-04:00'],
    ['enoxaparin-therapeutic', 24, '2027-03-29T09:00:00-04:00', '2027-03-28T09:00:00-04:00'],
  ] as const)(
    '%s: hold %i h, last dose by %s, reminder (hold + 1 day) at %s',
    (drug, holdHours, lastDoseBy, reminderAt) => {
      expect(anticoagulantHold(drug, start, policy)).toEqual({
        kind: 'hold',
        drug,
        holdHours,
        lastDoseBy,
        reminderAt,
      });
    },
  );

  it('aspirin: the physician decides', () => {
    expect(anticoagulantHold('aspirin', start, policy)).toEqual({
      kind: 'physician-decides',
      drug: 'aspirin',
    });
    expect(requiresHold('aspirin', policy)).toBe(false);
  });

  it('a drug the clinic does not hold (0 hours): no hold', () => {
    const noHold = aClinicalPolicy({
      anticoagulantHoldHours: { ...policy.anticoagulantHoldHours, rivaroxaban: 0 },
    });
    expect(anticoagulantHold('rivaroxaban', start, noHold)).toEqual({
      kind: 'no-hold',
      drug: 'rivaroxaban',
    });
    expect(requiresHold('rivaroxaban', noHold)).toBe(false);
    expect(requiresHold('warfarin', noHold)).toBe(true);
  });

  it('across the March DST change, with the clinic zone: elapsed hours, offsets of each instant', () => {
    // Block Tuesday 16 March 2027 09:00 EDT; warfarin 5 days = 120 h earlier crosses 14 March.
    const hold = anticoagulantHold(
      'warfarin',
      '2027-03-16T09:00:00-04:00',
      policy,
      'America/New_York',
    );
    expect(hold).toEqual({
      kind: 'hold',
      drug: 'warfarin',
      holdHours: 120,
      lastDoseBy: '2027-03-11T08:00:00-05:00',
      reminderAt: '2027-03-10T08:00:00-05:00',
    });
  });

  it('without a zone, instants keep the offset of the appointment start (also Z)', () => {
    expect(anticoagulantHold('apixaban', '2027-03-16T13:00:00Z', policy)).toMatchObject({
      lastDoseBy: '2027-03-13T13:00:00Z',
      reminderAt: '2027-03-12T13:00:00Z',
    });
    expect(anticoagulantHold('apixaban', '2027-03-16T09:00:00+05:30', policy)).toMatchObject({
      lastDoseBy: '2027-03-13T09:00:00+05:30',
    });
  });

  it('refuses a start that is not an ISO instant with an offset', () => {
    expect(() => anticoagulantHold('warfarin', '2027-03-16 09:00', policy)).toThrow(
      expect.objectContaining({ code: 'invalid-instant' }),
    );
  });
});
