import { AdjustableClock } from './clock';

describe('AdjustableClock', () => {
  it('is shifted by the instant it is set to, keeps running, and returns to real time', () => {
    const clock = new AdjustableClock();
    expect(clock.isAdjusted()).toBe(false);
    clock.set(new Date('2027-03-01T12:00:00Z'));
    expect(Math.abs(clock.now().getTime() - Date.parse('2027-03-01T12:00:00Z'))).toBeLessThan(1000);
    expect(clock.isAdjusted()).toBe(true);
    clock.set(null);
    expect(clock.offset).toBe(0);
  });

  it('tells its listeners the new offset, so a copy in another thread can follow it exactly', () => {
    const clock = new AdjustableClock();
    const copy = new AdjustableClock();
    const unsubscribe = clock.onChange((offsetMs) => copy.setOffset(offsetMs));
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(copy.offset).toBe(clock.offset);
    unsubscribe();
    clock.set(null);
    expect(copy.offset).not.toBe(0);
  });
});
