import { uuidV5 } from './name-based-uuid';

/**
 * The namespace of every deterministic event id of this system. Never change it: ids already in
 * the log were derived from it, and a retried command must derive the same ones.
 */
export const EVENT_ID_NAMESPACE = '935d0e0a-483f-4f65-8a6a-3b7ea9df61dd';

/**
 * The id of the `index`-th event a command writes to a stream: a UUID v5 of (stream, index,
 * commandId). A retried command (same command id, e.g. the request's Idempotency-Key) derives the
 * same ids, so the store recognises the retry and writes nothing twice.
 * The name is `stream NUL index NUL commandId`: stream names have no control characters and the
 * index is digits, so two different triples can never give the same name.
 */
export function eventIdFor(commandId: string, stream: string, index: number): string {
  if (typeof commandId !== 'string' || commandId.length === 0) {
    throw new TypeError('eventIdFor: commandId must be a non-empty string');
  }
  if (typeof stream !== 'string' || stream.length === 0 || stream.includes('\u0000')) {
    throw new TypeError('eventIdFor: stream must be a non-empty string without NUL');
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new TypeError('eventIdFor: index must be an integer ≥ 0');
  }
  return uuidV5(`${stream}\u0000${index}\u0000${commandId}`, EVENT_ID_NAMESPACE);
}
