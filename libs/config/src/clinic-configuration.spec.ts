import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLINICAL_POLICY, DEMO_CLINIC_CALENDAR } from '@app/domain';
import { DEMO_CLINIC, loadClinicConfiguration } from './clinic-configuration';

describe('clinic configuration file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsb-clinic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('is the demo clinic when CLINIC_CONFIG is unset', () => {
    expect(loadClinicConfiguration(undefined)).toBe(DEMO_CLINIC);
    expect(DEMO_CLINIC.calendar.physicians.length).toBeGreaterThanOrEqual(2);
    expect(DEMO_CLINIC.calendar.rooms.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps defaults (docs/clinical-rules.md) for what the medical director did not change', () => {
    const path = file('ok.json', {
      calendar: { ...DEMO_CLINIC_CALENDAR, timeZone: 'Europe/Oslo' },
      policy: { version: 'oslo-2027-01', tempRiseMinC: 1.5, neurolysisMinPositiveBlocks: 3 },
    });
    const clinic = loadClinicConfiguration(path);
    expect(clinic.calendar.timeZone).toBe('Europe/Oslo');
    expect(clinic.policy).toEqual({
      ...DEFAULT_CLINICAL_POLICY,
      version: 'oslo-2027-01',
      tempRiseMinC: 1.5,
      neurolysisMinPositiveBlocks: 3,
    });
  });

  it.each([
    ['missing.json', undefined, /file not found/],
    ['broken.json', '{ nope', /not valid JSON/],
    ['array.json', [], /JSON object/],
    ['extra.json', { calendar: DEMO_CLINIC_CALENDAR, colour: 'blue' }, /unknown setting "colour"/],
    ['zone.json', { calendar: { ...DEMO_CLINIC_CALENDAR, timeZone: 'Mars/Olympus' } }, /timeZone/],
    [
      'no-version.json',
      { calendar: DEMO_CLINIC_CALENDAR, policy: { tempRiseMinC: 1.5 } },
      /version/,
    ],
    [
      'bad-policy.json',
      { calendar: DEMO_CLINIC_CALENDAR, policy: { version: 'x', minIntervalDays: -1 } },
      /minIntervalDays/,
    ],
  ])('stops the start on %s, naming CLINIC_CONFIG and the field', (name, content, message) => {
    const path = content === undefined ? join(dir, name) : file(name, content);
    expect(() => loadClinicConfiguration(path)).toThrow(/Configuration error in CLINIC_CONFIG/);
    expect(() => loadClinicConfiguration(path)).toThrow(message);
  });
});
