import { aClinicalPolicy } from '@app/testing';
import { followUpChecks, followUpCovers, followUpOverdue } from './follow-up-schedule';

const policy = aClinicalPolicy();

describe('the follow-up schedule (pain checks after a block)', () => {
  it('day 7 and day 28 after the block, each on time until 2 days later', () => {
    expect(followUpChecks('2027-03-02', policy)).toEqual([
      { day: 7, date: '2027-03-09', lastOnTimeDate: '2027-03-11' },
      { day: 28, date: '2027-03-30', lastOnTimeDate: '2027-04-01' },
    ]);
  });

  it('follows the policy’s days and grace', () => {
    const other = aClinicalPolicy({
      firstFollowUpDay: 10,
      secondFollowUpDay: 30,
      followUpGraceDays: 0,
    });
    expect(followUpChecks('2027-03-02', other).map((c) => [c.date, c.lastOnTimeDate])).toEqual([
      ['2027-03-12', '2027-03-12'],
      ['2027-04-01', '2027-04-01'],
    ]);
  });

  it('a follow-up from day − grace on covers a check; a later one covers it too', () => {
    const [day7] = followUpChecks('2027-03-02', policy);
    expect(followUpCovers({ daysAfter: 4 }, day7, policy)).toBe(false);
    expect(followUpCovers({ daysAfter: 5 }, day7, policy)).toBe(true);
    expect(followUpCovers({ daysAfter: 28 }, day7, policy)).toBe(true);
  });

  it('overdue once a check’s grace has ended without a follow-up covering it', () => {
    expect(followUpOverdue('2027-03-02', [], '2027-03-11', policy)).toBe(false);
    expect(followUpOverdue('2027-03-02', [], '2027-03-12', policy)).toBe(true);
    expect(followUpOverdue('2027-03-02', [{ daysAfter: 7 }], '2027-03-12', policy)).toBe(false);
    expect(followUpOverdue('2027-03-02', [{ daysAfter: 7 }], '2027-04-02', policy)).toBe(true);
    expect(followUpOverdue('2027-03-02', [{ daysAfter: 26 }], '2027-04-02', policy)).toBe(false);
  });
});
