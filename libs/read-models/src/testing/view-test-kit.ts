import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLINICAL_POLICY, DEMO_CLINIC_CALENDAR, streams } from '@app/domain';
import {
  EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from '@app/event-store';
import { ReadModelDatabase } from '../database/read-model-database';
import { schemaOf, type ProjectionDefinition } from '../projection/projection';
import { PROJECTIONS } from '../projection/projections';
import type { ClinicConfig, ReadModelsOptions } from '../read-models.options';

/**
 * For specs: domain events in, views out, without an event store. `given` turns `{ type, data }`
 * events into stored events (stream from the event's ids, consecutive positions, an actor and a
 * recordedAt) and applies them with every projection's writer in one transaction, as the runner
 * would. Query handlers are built on the kit's database and options.
 */
export interface GivenEvent {
  type: string;
  data: unknown;
  /** Default: derived from the event type and its ids. */
  stream?: string;
  actor?: { id: string; role: string } | null;
  recordedAt?: string;
}

export class ViewTestKit {
  readonly db: ReadModelDatabase;
  readonly options: ReadModelsOptions;
  readonly stored: StoredEvent[] = [];
  private readonly dir: string;
  private readonly revisions = new Map<string, bigint>();
  private position = -1n;

  constructor(
    clinic: Partial<ClinicConfig> = {},
    private readonly definitions: readonly ProjectionDefinition[] = PROJECTIONS,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'read-models-spec-'));
    this.db = ReadModelDatabase.open(join(this.dir, 'read-models.sqlite'));
    this.db.ensureCurrent(schemaOf(definitions));
    this.options = {
      dataDir: this.dir,
      clinic: {
        calendar: clinic.calendar ?? DEMO_CLINIC_CALENDAR,
        policy: clinic.policy ?? DEFAULT_CLINICAL_POLICY,
      },
    };
  }

  /** Applies the events to every view (one transaction), in the order given. */
  given(...events: GivenEvent[]): this {
    const stored = events.map((event) => this.store(event));
    const generation = this.db.current()!;
    const writers = this.definitions.map((definition) => ({
      definition,
      writer: definition.writer({
        db: this.db.sqlite,
        t: generation.t,
        clinic: this.options.clinic,
      }),
    }));
    this.db.sqlite.transaction(() => {
      for (const event of stored) {
        for (const { definition, writer } of writers) {
          if (definition.eventTypes.has(event.type)) writer.apply(event);
        }
      }
      for (const { definition, writer } of writers) {
        writer.flush();
        this.db.saveCheckpoint(generation, definition.name, this.position);
      }
    })();
    return this;
  }

  /** The kit's events as a read-only event store (for the handlers that read the log). */
  get log(): EventStore {
    return new KitLog(this.stored);
  }

  /** A query handler built on the kit (its database, options and log, in that order). */
  handler<H>(
    Handler: new (db: ReadModelDatabase, options: ReadModelsOptions, store: EventStore) => H,
  ): H {
    return new Handler(this.db, this.options, this.log);
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private store(event: GivenEvent): StoredEvent {
    const stream = event.stream ?? streamOf(event);
    const revision = (this.revisions.get(stream) ?? -1n) + 1n;
    this.revisions.set(stream, revision);
    this.position += 1n;
    const actor = event.actor === undefined ? { id: 'staff-1', role: 'front-desk' } : event.actor;
    const stored: StoredEvent = {
      id: `00000000-0000-4000-8000-${this.position.toString().padStart(12, '0')}`,
      type: event.type,
      // A deep copy, as the store would give: projections must not share objects with the test.
      data: JSON.parse(JSON.stringify(event.data)) as unknown,
      metadata: {
        ...(actor ? { actor } : {}),
        recordedAt:
          event.recordedAt ??
          new Date(Date.UTC(2027, 0, 1) + Number(this.position) * 1000).toISOString(),
      },
      stream,
      revision,
      position: this.position,
    };
    this.stored.push(stored);
    return stored;
  }
}

/** The kit's events, readable as a log; writing is not what specs of views need. */
class KitLog extends EventStore {
  constructor(private readonly events: readonly StoredEvent[]) {
    super();
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0n;
    const events = this.events.filter((e) => e.stream === stream && e.revision >= from);
    return options.direction === 'backwards' ? events.reverse() : events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromPosition ?? 0n;
    return this.events
      .filter((e) => e.position >= from)
      .slice(0, options.maxCount ?? this.events.length);
  }

  async headPosition(): Promise<bigint> {
    return this.events.length > 0 ? this.events[this.events.length - 1]!.position : -1n;
  }

  append(): never {
    throw new Error('KitLog is read-only: use kit.given');
  }
  subscribeToAll(): never {
    throw new Error('KitLog does not subscribe');
  }
  deleteStream(): never {
    throw new Error('KitLog is read-only');
  }
  tombstoneStream(): never {
    throw new Error('KitLog is read-only');
  }
  async close(): Promise<void> {}
}

/** The stream an event of the catalogue is written to, from its ids. */
export function streamOf(event: { type: string; data: unknown }): string {
  const data = event.data as Record<string, string>;
  switch (event.type) {
    case 'PatientRegistered':
    case 'ReminderPreferenceChanged':
      return streams.patient(data.patientId);
    case 'SlotReserved':
    case 'SlotReleased':
      return streams.clinicDay(data.clinicDate);
    case 'ReminderClaimed':
    case 'ReminderSent':
    case 'ReminderFailed':
    case 'ReminderSkipped':
      return streams.appointmentReminders(data.appointmentId);
    default:
      return streams.treatmentSeries(data.seriesId);
  }
}

/**
 * Every row of every table of the current generation, by table name without its generation
 * suffix, in a stable order: two builds of the same log must dump the same.
 */
export function dumpViews(db: ReadModelDatabase): Record<string, unknown[]> {
  const generation = db.current()!;
  const suffix = `__g${generation.id}`;
  const tables = db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ? ORDER BY name")
    .all(`*${suffix}`) as Array<{ name: string }>;
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const statement = db.sqlite.prepare(`SELECT * FROM "${name}"`);
    const columns = statement.columns().map((c) => c.name);
    const rows = db.sqlite
      .prepare(`SELECT * FROM "${name}" ORDER BY ${columns.map((c) => `"${c}"`).join(', ')}`)
      .safeIntegers(true)
      .all() as Array<Record<string, unknown>>;
    const plain = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
      ),
    );
    const base = name.slice(0, -suffix.length);
    dump[base] = base.endsWith('_chunks') ? unchunked(plain) : plain;
  }
  return dump;
}

/**
 * Chunk tables (ChunkBuffer) hold a key's items split by transaction: the same log gives the same
 * items per key whatever the batching, so compare those.
 */
function unchunked(rows: Array<Record<string, unknown>>): unknown[] {
  const byKey = new Map<string, Array<{ first: bigint; items: unknown[] }>>();
  for (const row of rows) {
    const key = String(Object.entries(row).find(([k]) => k.endsWith('_id'))![1]);
    const list = byKey.get(key) ?? [];
    list.push({
      first: BigInt(row.first_position as string),
      items: JSON.parse(row.items as string),
    });
    byKey.set(key, list);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, chunks]) => ({
      key,
      items: chunks.sort((a, b) => (a.first < b.first ? -1 : 1)).flatMap((c) => c.items),
    }));
}

/** Appends the events to a real store, in order, each to its stream (with its actor). */
export async function appendToStore(
  store: Pick<EventStore, 'append'>,
  events: GivenEvent[],
): Promise<bigint> {
  let position = -1n;
  for (const event of events) {
    const actor = event.actor === undefined ? { id: 'staff-1', role: 'front-desk' } : event.actor;
    const result = await store.append(
      event.stream ?? streamOf(event),
      [{ id: randomUUID(), type: event.type, data: event.data, metadata: actor ? { actor } : {} }],
      { expectedRevision: 'any' },
    );
    position = result.position;
  }
  return position;
}
