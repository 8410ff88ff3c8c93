import { isDomainError, type DomainError } from '../shared/domain-error';

/** Runs a check that may refuse: its result, or the refusal (a DomainError) to report. Bugs still throw. */
export function refusalOf<T extends object>(check: () => T): T | { refusal: DomainError } {
  try {
    return check();
  } catch (error) {
    if (isDomainError(error)) return { refusal: error };
    throw error;
  }
}
