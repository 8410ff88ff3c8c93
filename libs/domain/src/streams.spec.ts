import { parseStreamName, streams } from './streams';

describe('stream names', () => {
  it('are <Category>-<id>, and parse back', () => {
    expect(streams.clinicDay('2027-03-02')).toBe('ClinicDay-2027-03-02');
    expect(parseStreamName(streams.treatmentSeries('abc-1'))).toEqual({
      category: 'TreatmentSeries',
      id: 'abc-1',
    });
    expect(parseStreamName('NoDash')).toEqual({ category: 'NoDash', id: '' });
  });
});
