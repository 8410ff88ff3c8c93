import {
  type RecordedEvent,
  StreamDeletedError as EsdbStreamDeletedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import {
  isSystemEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toPortError,
  toStoredEvent,
} from './esdb-mapping';

// Runs without a server: the translations the EventStoreDB adapter relies on.
function recorded(overrides: Partial<Record<string, unknown>> = {}): RecordedEvent {
  return {
    streamId: 'Patient-1',
    id: '0b7c8a5e-3f0e-4c39-9d7e-0d9b6c1f2a11',
    isJson: true,
    revision: 3n,
    type: 'PatientRegistered',
    created: new Date('2027-03-02T14:00:00.000Z'),
    data: { mrn: 'x' },
    metadata: { recordedAt: '2027-03-02T14:00:00.123Z', correlationId: 'c' },
    position: { commit: 1234n, prepare: 1234n },
    ...overrides,
  } as unknown as RecordedEvent;
}

describe('EventStoreDB mapping', () => {
  it('maps expected revisions to the client constants', () => {
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision('no-stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream-exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision(7n)).toBe(7n);
  });

  it('resumes a port position as the same commit and prepare position', () => {
    expect(toEsdbPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('maps a recorded event, the commit position becoming the port position', () => {
    expect(toStoredEvent(recorded())).toEqual({
      id: '0b7c8a5e-3f0e-4c39-9d7e-0d9b6c1f2a11',
      type: 'PatientRegistered',
      data: { mrn: 'x' },
      metadata: { recordedAt: '2027-03-02T14:00:00.123Z', correlationId: 'c' },
      stream: 'Patient-1',
      revision: 3n,
      position: 1234n,
    });
  });

  it("falls back to the server's created time for events written without recordedAt", () => {
    expect(toStoredEvent(recorded({ metadata: undefined }))?.metadata).toEqual({
      recordedAt: '2027-03-02T14:00:00.000Z',
    });
  });

  it('leaves out system events and events not written as JSON', () => {
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(
      true,
    );
    expect(isSystemEvent({ streamId: 'Patient-1', type: '$metadata' })).toBe(true);
    expect(toStoredEvent(recorded({ streamId: '$$Patient-1', type: '$metadata' }))).toBeUndefined();
    expect(toStoredEvent(recorded({ isJson: false, data: new Uint8Array([1]) }))).toBeUndefined();
  });

  it('refuses to invent a position the server did not report', () => {
    expect(() => toStoredEvent(recorded({ position: undefined }))).toThrow(/22\.6/);
  });

  it("maps the client's errors to the port's", () => {
    const wrong = new WrongExpectedVersionError(undefined, {
      streamName: 'S-1',
      expected: 1n,
      current: 4n,
    });
    expect(toPortError(wrong, 'S-1', 1n)).toEqual(new WrongExpectedRevisionError('S-1', 1n, 4n));
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'S-1',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(toPortError(missing, 'S-1', 'stream-exists')).toMatchObject({ actual: 'no-stream' });
    expect(toPortError(EsdbStreamDeletedError.fromStreamName('S-1'), 'S-1')).toBeInstanceOf(
      StreamDeletedError,
    );
    const other = new Error('boom');
    expect(toPortError(other, 'S-1')).toBe(other);
  });
});
