import { seriesOpened } from '@app/testing';
import {
  evolveTreatmentSeries,
  initialTreatmentSeriesState,
} from '../treatment-series/treatment-series.decider';
import { DEFAULT_CLINICAL_POLICY, recordedPolicy, type ClinicalPolicy } from './clinical-policy';

/** A policy as SeriesOpened stored it before the follow-up days became policy keys. */
function policyWithoutFollowUpKeys(): ClinicalPolicy {
  const old: Partial<ClinicalPolicy> = {
    ...DEFAULT_CLINICAL_POLICY,
    version: 'a-clinic-2026-10',
    minIntervalDays: 14,
  };
  delete old.firstFollowUpDay;
  delete old.secondFollowUpDay;
  delete old.followUpGraceDays;
  return old as ClinicalPolicy;
}

describe('a policy read from an event', () => {
  it('a series opened under an older policy replays with the follow-up keys at their historical defaults', () => {
    const event = JSON.parse(JSON.stringify(seriesOpened({ policy: policyWithoutFollowUpKeys() })));
    expect(event.data.policy).not.toHaveProperty('firstFollowUpDay');
    const state = evolveTreatmentSeries(initialTreatmentSeriesState(), event);
    if (state.status === 'not-opened') throw new Error('not opened');
    expect(state.policy).toEqual({
      ...policyWithoutFollowUpKeys(),
      firstFollowUpDay: 7,
      secondFollowUpDay: 28,
      followUpGraceDays: 2,
    });
  });

  it('keeps the recorded values, and the very object, when nothing is missing', () => {
    const policy = { ...DEFAULT_CLINICAL_POLICY, firstFollowUpDay: 10, secondFollowUpDay: 30 };
    expect(recordedPolicy(policy)).toBe(policy);
  });
});
