/**
 * Input rules shared by every adapter, so bad input fails the same way on SQLite and on
 * EventStoreDB, before anything is written.
 *
 * Stream names: a string of 1 to 255 characters; not starting with `$` (EventStoreDB reserves
 * those for system streams); no whitespace, no control or format characters (invisible
 * characters would make two streams look alike), no unpaired surrogates.
 * Event types: the same rules. Event ids: UUIDs (stored lower-case), not the nil UUID, unique
 * inside one append. Data and metadata: plain JSON that survives a round trip unchanged (see
 * `serialiseJson`). One event's serialised data and metadata together: at most 1 MiB.
 */
import { validate as isUuid } from 'uuid';
import type {
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadDirection,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from './event-store.port';
import { InvalidAppendError, InvalidReadError } from './event-store.errors';

export const MAX_NAME_LENGTH = 255;
/** One event's serialised data + metadata, in UTF-8 bytes (EventStoreDB's default append limit). */
export const MAX_EVENT_BYTES = 1024 * 1024;
const MAX_JSON_DEPTH = 64;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

type MakeError = (field: string, problem: string) => Error;
const appendError: MakeError = (field, problem) => new InvalidAppendError(field, problem);
const readError: MakeError = (field, problem) => new InvalidReadError(field, problem);

// Whitespace, control (Cc) and format (Cf: zero-width, bidi) characters, and unpaired surrogates.
const FORBIDDEN_IN_NAMES =
  /[\s\p{Cc}\p{Cf}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function checkName(value: unknown, field: string, makeError: MakeError): string {
  if (typeof value !== 'string') throw makeError(field, 'must be a string');
  if (value.length === 0) throw makeError(field, 'must not be empty');
  if (value.length > MAX_NAME_LENGTH) {
    throw makeError(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  }
  if (value.startsWith('$'))
    throw makeError(field, 'must not start with "$" (reserved for system use)');
  if (FORBIDDEN_IN_NAMES.test(value)) {
    throw makeError(field, 'must not contain whitespace, control or invisible characters');
  }
  return value;
}

export function checkStreamNameForAppend(stream: unknown): string {
  return checkName(stream, 'stream', appendError);
}

export function checkStreamNameForRead(stream: unknown): string {
  return checkName(stream, 'stream', readError);
}

/** 'no-stream' | 'stream-exists' | 'any' | a bigint revision ≥ 0; anything else is refused. */
export function checkExpectedRevision(
  value: unknown,
  field = 'options.expectedRevision',
): ExpectedRevision {
  if (value === 'no-stream' || value === 'stream-exists' || value === 'any') return value;
  if (typeof value === 'bigint') {
    if (value < 0n)
      throw appendError(field, "must not be negative (use 'no-stream' for a new stream)");
    return value;
  }
  if (typeof value === 'number')
    throw appendError(field, 'must be a bigint revision (3n), not a number');
  throw appendError(
    field,
    "must be 'no-stream', 'stream-exists', 'any' or a revision (bigint ≥ 0)",
  );
}

function describeKind(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)
    ?.constructor?.name;
  return typeof name === 'string' && name ? `a ${name}` : 'an object with a custom prototype';
}

function pathOf(parent: string, key: string): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return /^[A-Za-z_$][\w$]*$/.test(shown)
    ? `${parent}.${shown}`
    : `${parent}[${JSON.stringify(shown)}]`;
}

function checkJsonValue(value: unknown, path: string, ancestors: object[]): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw appendError(path, 'is not a finite number (JSON has no NaN or Infinity)');
      return;
    case 'undefined':
      throw appendError(path, 'is undefined (not JSON)');
    case 'bigint':
      throw appendError(path, 'is a bigint (not JSON: use a string)');
    case 'function':
      throw appendError(path, 'is a function (not JSON)');
    case 'symbol':
      throw appendError(path, 'is a symbol (not JSON)');
  }
  if (value === null) return;
  const object = value as object;
  if (ancestors.length >= MAX_JSON_DEPTH)
    throw appendError(path, `nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (ancestors.includes(object)) throw appendError(path, 'refers back to itself (a cycle)');
  ancestors.push(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) checkJsonValue(object[i], `${path}[${i}]`, ancestors);
  } else {
    const prototype = Object.getPrototypeOf(object) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      throw appendError(
        path,
        `is ${describeKind(object)}, not plain JSON (use strings, numbers, plain objects, arrays)`,
      );
    }
    for (const key of Object.keys(object)) {
      const child = (object as Record<string, unknown>)[key];
      // An undefined property is an absent optional field: JSON leaves it out, as it should.
      if (child !== undefined) checkJsonValue(child, pathOf(path, key), ancestors);
    }
  }
  ancestors.pop();
}

/**
 * The JSON text of a value that survives a round trip unchanged: strings, finite numbers,
 * booleans, null, arrays and plain objects. Refused (where JSON.stringify would throw or silently
 * change the value): undefined (except as an object property, which JSON leaves out, like an
 * absent optional field), functions, symbols, bigints, NaN and ±Infinity, cycles, Dates, Maps,
 * class instances, and nesting deeper than 64 levels.
 */
export function serialiseJson(value: unknown, field: string): string {
  checkJsonValue(value, field, []);
  return JSON.stringify(value);
}

/** An event checked and serialised, ready to be written by an adapter. */
export interface PreparedEvent {
  /** Lower-case UUID. */
  id: string;
  type: string;
  data: unknown;
  dataJson: string;
  /** The caller's metadata, without `recordedAt` (the store sets it). */
  metadata: Record<string, unknown>;
  /** JSON of `metadata`; the adapter adds `recordedAt` when it writes. */
  metadataJson: string;
}

function checkMetadata(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw appendError(field, 'must be a plain object');
  }
  const { recordedAt: _ignored, ...metadata } = value as Record<string, unknown>;
  const { actor, correlationId, causationId } = metadata;
  if (actor !== undefined) {
    const a = actor as { id?: unknown; role?: unknown } | null;
    if (
      typeof a !== 'object' ||
      a === null ||
      typeof a.id !== 'string' ||
      typeof a.role !== 'string'
    ) {
      throw appendError(`${field}.actor`, 'must be { id: string, role: string }');
    }
  }
  if (correlationId !== undefined && typeof correlationId !== 'string') {
    throw appendError(`${field}.correlationId`, 'must be a string');
  }
  if (causationId !== undefined && typeof causationId !== 'string') {
    throw appendError(`${field}.causationId`, 'must be a string');
  }
  return metadata;
}

/** Checks and serialises the events of one append; throws InvalidAppendError for the first problem. */
export function prepareEvents(events: unknown): PreparedEvent[] {
  if (!Array.isArray(events)) throw appendError('events', 'must be an array');
  // EventStoreDB's answer to an empty append is murky; nothing needs one (a command that decides
  // nothing does not append), so every adapter refuses it.
  if (events.length === 0) throw appendError('events', 'must hold at least one event');
  const ids = new Set<string>();
  return events.map((event: unknown, index): PreparedEvent => {
    const field = `events[${index}]`;
    if (typeof event !== 'object' || event === null) throw appendError(field, 'must be an object');
    const { id, type, data, metadata } = event as Partial<EventToAppend>;
    if (typeof id !== 'string' || !isUuid(id) || id === NIL_UUID) {
      throw appendError(`${field}.id`, 'must be a UUID (and not the nil UUID)');
    }
    const normalisedId = id.toLowerCase();
    if (ids.has(normalisedId))
      throw appendError(`${field}.id`, 'repeats the id of an earlier event in this append');
    ids.add(normalisedId);
    checkName(type, `${field}.type`, appendError);
    if (data === undefined) throw appendError(`${field}.data`, 'is undefined (not JSON)');
    const dataJson = serialiseJson(data, `${field}.data`);
    const checkedMetadata = checkMetadata(metadata, `${field}.metadata`);
    const metadataJson = serialiseJson(checkedMetadata, `${field}.metadata`);
    // + room for the recordedAt the store adds.
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson) + 48;
    if (bytes > MAX_EVENT_BYTES) {
      throw appendError(
        field,
        `is ${bytes} bytes serialised: the limit is ${MAX_EVENT_BYTES} (1 MiB)`,
      );
    }
    return {
      id: normalisedId,
      type: type as string,
      data,
      dataJson,
      metadata: checkedMetadata,
      metadataJson,
    };
  });
}

/** Metadata JSON with the store's `recordedAt` first, without re-serialising the caller's part. */
export function metadataJsonWithRecordedAt(metadataJson: string, recordedAt: string): string {
  const head = `{"recordedAt":${JSON.stringify(recordedAt)}`;
  return metadataJson === '{}' ? `${head}}` : `${head},${metadataJson.slice(1)}`;
}

function checkOptionsObject(options: unknown, makeError: MakeError): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null)
    throw makeError('options', 'must be an object');
  return options as Record<string, unknown>;
}

function checkDirection(value: unknown): ReadDirection {
  if (value === undefined) return 'forwards';
  if (value === 'forwards' || value === 'backwards') return value;
  throw readError('options.direction', "must be 'forwards' or 'backwards'");
}

function checkMaxCount(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw readError('options.maxCount', 'must be an integer ≥ 0');
  }
  return value;
}

export interface CheckedReadStreamOptions {
  fromRevision: bigint | undefined;
  direction: ReadDirection;
  maxCount: number | undefined;
}

export function checkReadStreamOptions(
  options: ReadStreamOptions | undefined,
): CheckedReadStreamOptions {
  const o = checkOptionsObject(options, readError);
  const { fromRevision } = o;
  if (fromRevision !== undefined && (typeof fromRevision !== 'bigint' || fromRevision < 0n)) {
    throw readError('options.fromRevision', 'must be a bigint ≥ 0');
  }
  return {
    fromRevision,
    direction: checkDirection(o.direction),
    maxCount: checkMaxCount(o.maxCount),
  };
}

export interface CheckedReadAllOptions {
  fromPosition: bigint | undefined;
  direction: ReadDirection;
  maxCount: number | undefined;
}

/** Positions are bigints ≥ -1 (-1n is headPosition() of an empty log, the "nothing yet" checkpoint). */
function checkPosition(value: unknown): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'bigint' || value < -1n)
    throw readError('options.fromPosition', 'must be a bigint ≥ -1');
  return value;
}

export function checkReadAllOptions(options: ReadAllOptions | undefined): CheckedReadAllOptions {
  const o = checkOptionsObject(options, readError);
  return {
    fromPosition: checkPosition(o.fromPosition),
    direction: checkDirection(o.direction),
    maxCount: checkMaxCount(o.maxCount),
  };
}

/** The exclusive checkpoint to start after; -1n (nothing yet) when not given. */
export function checkSubscribeOptions(options: SubscribeToAllOptions | undefined): bigint {
  const o = checkOptionsObject(options, readError);
  return checkPosition(o.fromPosition) ?? -1n;
}

export function checkDeleteOptions(options: unknown): ExpectedRevision {
  const o = checkOptionsObject(options, appendError);
  if (options === undefined) throw appendError('options', 'must give an expectedRevision');
  return checkExpectedRevision(o.expectedRevision);
}

export function checkAppendOptions(options: unknown): ExpectedRevision {
  return checkDeleteOptions(options);
}
