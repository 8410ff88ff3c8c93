import { PatientNotFoundError } from '@app/domain';
import { patientRegistered, reminderPreferenceChanged, seriesStory } from '@app/testing';
import { ViewTestKit } from '../testing/view-test-kit';
import { GetPatientHandler } from './get-patient.handler';
import { GetPatientQuery } from './get-patient.query';

describe('patient view (GET /patients/:id)', () => {
  let kit: ViewTestKit;
  beforeEach(() => (kit = new ViewTestKit()));
  afterEach(() => kit.close());

  const get = (id = 'patient-1') => kit.handler(GetPatientHandler).execute(new GetPatientQuery(id));

  it('shows the patient, their opt-outs and their series with state and recommendation', async () => {
    kit.given(
      patientRegistered({ timeZone: 'America/Chicago' }),
      reminderPreferenceChanged({ channel: 'email', optedOut: true }),
      ...seriesStory({ seriesId: 's-1', openedAt: '2027-01-05T10:00:00-05:00' }).blockDone(
        'partial',
      ).events,
      ...seriesStory({ seriesId: 's-2', openedAt: '2027-02-05T10:00:00-05:00' }).events,
      ...seriesStory({ seriesId: 's-other', patientId: 'patient-2' }).events,
    );
    const view = await get();
    expect(view).toMatchObject({
      id: 'patient-1',
      mrn: 'MRN-0001',
      givenName: 'Test',
      familyName: 'Patient',
      birthDate: '1970-01-15',
      phone: '+15555550100',
      email: 'patient@example.test',
      timeZone: 'America/Chicago',
      reminderOptOuts: { sms: false, email: true },
    });
    expect(view.series.map((s) => [s.id, s.state, s.recommendation?.action ?? null])).toEqual([
      ['s-1', 'open', 'physician-review'],
      ['s-2', 'open', 'book-block'],
    ]);
    kit.given(reminderPreferenceChanged({ channel: 'email', optedOut: false }));
    expect((await get()).reminderOptOuts).toEqual({ sms: false, email: false });
  });

  it('an unknown patient is not found', async () => {
    await expect(get('nope')).rejects.toBeInstanceOf(PatientNotFoundError);
  });
});
