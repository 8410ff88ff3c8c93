import { validate, version } from 'uuid';
import { eventIdFor } from './event-id';

describe('eventIdFor', () => {
  it('derives the same UUID v5 from the same command, stream and index', () => {
    const id = eventIdFor('command-1', 'ClinicDay-2027-03-02', 0);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(5);
    expect(eventIdFor('command-1', 'ClinicDay-2027-03-02', 0)).toBe(id);
  });

  it('differs when the command, the stream or the index differs', () => {
    const ids = new Set([
      eventIdFor('command-1', 'ClinicDay-2027-03-02', 0),
      eventIdFor('command-2', 'ClinicDay-2027-03-02', 0),
      eventIdFor('command-1', 'ClinicDay-2027-03-03', 0),
      eventIdFor('command-1', 'ClinicDay-2027-03-02', 1),
      // No ambiguity from where the parts meet.
      eventIdFor('1', 'ClinicDay-2027-03-02', 1),
      eventIdFor('11', 'ClinicDay-2027-03-02', 1),
    ]);
    expect(ids.size).toBe(6);
  });

  it('is stable across releases (ids already in the log depend on it)', () => {
    expect(eventIdFor('command-1', 'Patient-42', 0)).toMatchInlineSnapshot(
      `"a1720675-29b6-538b-b73b-6450559a9508"`,
    );
  });

  it('refuses an empty command id or a bad index', () => {
    expect(() => eventIdFor('', 'Patient-1', 0)).toThrow(TypeError);
    expect(() => eventIdFor('c', 'Patient-1', -1)).toThrow(TypeError);
    expect(() => eventIdFor('c', 'Patient-1', 1.5)).toThrow(TypeError);
  });
});
