import { uuidV5 } from '@app/event-store';

const PATIENT_ID_NAMESPACE = '0f5d6c1e-2b7a-4e8f-9d3c-5a1b2c3d4e5f';

/**
 * A patient's id is derived from the MRN, so a second registration of one MRN is an append to an
 * existing stream and the store's no-stream check refuses it: MRNs stay unique with no second
 * stream and no multi-stream transaction (docs/architecture.md).
 */
export function patientIdFromMrn(mrn: string): string {
  return uuidV5(mrn.trim().toUpperCase(), PATIENT_ID_NAMESPACE);
}
