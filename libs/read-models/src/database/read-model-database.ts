/**
 * The read models' SQLite file (`<dataDir>/read-models.sqlite`, WAL): every view's tables and the
 * projections' checkpoints. A local, rebuildable cache of the event log, whichever store is in use.
 *
 * Tables live in generations: view `series_view` of generation 3 is the table `series_view__g3`,
 * and the generation's checkpoints are in `checkpoints__g3`. Exactly one generation is current
 * (queries read it, the runner writes it). A rebuild fills a new generation ("building") beside it
 * and then swaps in one transaction: the new one becomes current and the old one's tables are
 * dropped. Queries never see a half-built view, and keep answering from the old tables until then.
 *
 * `synchronous = NORMAL`: a power failure can lose the last commits, never tear one (WAL); the
 * checkpoint is in the same transaction as the views, so the runner simply replays what was lost.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Maps a view's table name to its physical table in one generation. */
export type TableNames = (base: string) => string;

export interface Generation {
  readonly id: number;
  /** The projections' names and versions the generation was built with. */
  readonly fingerprint: string;
  readonly t: TableNames;
}

/** What the database needs of a projection definition to lay out a generation. */
export interface GenerationSchema {
  readonly fingerprint: string;
  ddl(t: TableNames): string[];
  readonly projections: readonly string[];
}

/** A consistent read of the current generation (one SQLite read transaction). */
export interface ReadScope {
  readonly t: TableNames;
  get<Row>(sql: string, ...params: unknown[]): Row | undefined;
  all<Row>(sql: string, ...params: unknown[]): Row[];
}

/** Building generations whose heartbeat is older than this were left by a crashed rebuild. */
export const STALE_BUILD_MS = 10 * 60_000;

interface BuildingGeneration {
  id: number;
  heartbeat_at: string;
  /** The machine (or container) and process building it (null: laid out before the columns). */
  owner_host: string | null;
  owner_pid: number | null;
}

/**
 * Left by a crashed rebuild: the process that built it, on this machine (container), has ended;
 * or it has not said it is alive for STALE_BUILD_MS (another machine's or container's process,
 * whose ids this one cannot check, or a reused process id such as pid 1 in a container).
 */
function isAbandoned(row: BuildingGeneration): boolean {
  if (Date.now() - Date.parse(row.heartbeat_at) >= STALE_BUILD_MS) return true;
  return row.owner_host === hostname() && row.owner_pid !== null && !processIsAlive(row.owner_pid);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, it is somebody else's
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const CHECKPOINTS = 'checkpoints';

function isSecondaryIndex(statement: string): boolean {
  return /^\s*CREATE\s+INDEX\b/i.test(statement);
}

/**
 * SQLite's answer to a statement on a table that was dropped (another generation was swapped in).
 * By shape, not `instanceof`: better-sqlite3's errors may come from another realm (jest's).
 */
function isMissingTable(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /no such table/i.test(message);
}

export function tableNamesOf(generation: number): TableNames {
  return (base: string) => `${base}__g${generation}`;
}

export class ReadModelDatabase {
  readonly sqlite: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private statementsGeneration = -1;
  private closed = false;

  private constructor(file: string, busyTimeoutMs: number) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.sqlite = new Database(file, { timeout: busyTimeoutMs });
    try {
      // 8 KiB pages for a new file (no effect on an existing one): the views' JSON rows are a few
      // KiB, and a rebuild's commits write fewer, fuller pages.
      this.sqlite.pragma('page_size = 8192');
      this.sqlite.pragma('journal_mode = WAL');
      this.sqlite.pragma('synchronous = NORMAL');
      this.sqlite.pragma('cache_size = -32768'); // 32 MiB: the views outgrow the 2 MiB default
      this.sqlite.exec(`
        CREATE TABLE IF NOT EXISTS read_model_generations (
          id           INTEGER PRIMARY KEY,
          fingerprint  TEXT NOT NULL,
          status       TEXT NOT NULL CHECK (status IN ('current', 'building')),
          created_at   TEXT NOT NULL,
          heartbeat_at TEXT NOT NULL,
          owner_host   TEXT,
          owner_pid    INTEGER
        );
        CREATE UNIQUE INDEX IF NOT EXISTS read_model_one_current
          ON read_model_generations (status) WHERE status = 'current';
      `);
      this.addOwnerColumns();
    } catch (error) {
      this.sqlite.close();
      throw error;
    }
  }

  /** `busyTimeoutMs`: how long a write waits for another connection's (default 5 s). */
  static open(file: string, options: { busyTimeoutMs?: number } = {}): ReadModelDatabase {
    return new ReadModelDatabase(file, options.busyTimeoutMs ?? 5000);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The current generation, or null before the first one is laid out. */
  current(): Generation | null {
    const row = this.cached(
      'SELECT id, fingerprint FROM read_model_generations WHERE status = ?',
    ).get('current') as { id: number; fingerprint: string } | undefined;
    return row ? { id: row.id, fingerprint: row.fingerprint, t: tableNamesOf(row.id) } : null;
  }

  currentId(): number | null {
    const row = this.cached('SELECT id FROM read_model_generations WHERE status = ?').get(
      'current',
    ) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /**
   * The current generation for this schema. When there is none, or it was built by other code
   * (another fingerprint: a projection changed), an empty generation replaces it and the runner
   * builds it from the start of the log. Building generations left by a crashed rebuild go too.
   */
  ensureCurrent(schema: GenerationSchema): Generation {
    return this.sqlite
      .transaction(() => {
        this.dropStaleBuilds();
        const current = this.current();
        if (current && current.fingerprint === schema.fingerprint) return current;
        const fresh = this.createGeneration(schema, 'building');
        this.activate(fresh);
        return fresh;
      })
      .immediate();
  }

  /**
   * Lays out an empty generation beside the current one (for a rebuild). With `deferIndexes`, its
   * secondary indexes (CREATE INDEX) are left out: createDeferredIndexes builds them once the
   * tables are full, which is far cheaper than keeping them up to date row by row.
   */
  beginBuilding(schema: GenerationSchema, options: { deferIndexes?: boolean } = {}): Generation {
    return this.sqlite
      .transaction(() => {
        this.dropStaleBuilds();
        return this.createGeneration(schema, 'building', options.deferIndexes === true);
      })
      .immediate();
  }

  /** The secondary indexes beginBuilding deferred (call inside the transaction that swaps it in). */
  createDeferredIndexes(schema: GenerationSchema, generation: Generation): void {
    for (const statement of schema.ddl(generation.t)) {
      if (isSecondaryIndex(statement)) {
        this.sqlite.exec(
          statement.replace(/CREATE\s+INDEX\s+(?!IF\s)/i, 'CREATE INDEX IF NOT EXISTS '),
        );
      }
    }
  }

  /** Building generations other than `except` that are not abandoned: a rebuild is running. */
  otherBuildInProgress(except?: number): boolean {
    return this.buildingGenerations().some((row) => row.id !== except && !isAbandoned(row));
  }

  heartbeat(generation: Generation): void {
    this.cached('UPDATE read_model_generations SET heartbeat_at = ? WHERE id = ?').run(
      new Date().toISOString(),
      generation.id,
    );
  }

  /**
   * Makes a building generation current and drops the previous one, atomically. Call inside or
   * outside a transaction (it opens a savepoint when nested).
   */
  activate(generation: Generation): void {
    this.sqlite.transaction(() => {
      const previous = this.currentId();
      if (previous !== null && previous !== generation.id) {
        this.dropTables(previous);
        this.sqlite.prepare('DELETE FROM read_model_generations WHERE id = ?').run(previous);
      }
      this.readGeneration = null;
      const changed = this.sqlite
        .prepare("UPDATE read_model_generations SET status = 'current' WHERE id = ?")
        .run(generation.id).changes;
      if (changed !== 1) throw new Error(`read models: generation ${generation.id} is gone`);
    })();
  }

  /** Drops a building generation (a failed or abandoned rebuild). */
  discard(generation: Generation): void {
    this.sqlite
      .transaction(() => {
        const row = this.sqlite
          .prepare('SELECT status FROM read_model_generations WHERE id = ?')
          .get(generation.id) as { status: string } | undefined;
        if (row?.status === 'current') return;
        this.dropTables(generation.id);
        this.sqlite.prepare('DELETE FROM read_model_generations WHERE id = ?').run(generation.id);
      })
      .immediate();
  }

  /** A projection's checkpoint in a generation: the last position applied, -1n when none. */
  checkpoint(generation: Generation, projection: string): bigint {
    const row = this.cached(
      `SELECT position FROM ${generation.t(CHECKPOINTS)} WHERE projection = ?`,
      true,
    ).get(projection) as { position: bigint } | undefined;
    return row?.position ?? -1n;
  }

  /** Inside the transaction that applied the events up to `position`. */
  saveCheckpoint(generation: Generation, projection: string, position: bigint): void {
    this.cached(
      `INSERT INTO ${generation.t(CHECKPOINTS)} (projection, position) VALUES (?, ?)
       ON CONFLICT (projection) DO UPDATE SET position = excluded.position`,
    ).run(projection, position);
  }

  /**
   * Runs `read` on the current generation inside one read transaction, so it sees one consistent
   * state even while the runner writes or another process swaps generations.
   *
   * The current generation's id is remembered rather than looked up on every read (a query
   * answers with one indexed lookup; the lookup of the id cost as much again). A swap drops the
   * old generation's tables in the transaction that makes the new one current, so a read with an
   * id that is no longer current finds its tables gone: it then looks the id up and reads again.
   */
  read<R>(read: (scope: ReadScope) => R): R {
    return this.onCurrentGeneration(
      (id) => this.readTransaction(id, read as (scope: ReadScope) => unknown) as R,
    );
  }

  /**
   * One row by one statement on the current generation: a single statement is one consistent
   * read by itself, so no explicit transaction (most GET routes read one row).
   */
  get<Row>(sql: (t: TableNames) => string, ...params: unknown[]): Row | undefined {
    return this.onCurrentGeneration(
      (id) => this.cachedFor(sql, id).get(...params) as Row | undefined,
    );
  }

  /** Runs `run` on the remembered current generation; once more on the new one if it was swapped. */
  private onCurrentGeneration<R>(run: (generation: number) => R): R {
    for (let attempt = 1; ; attempt++) {
      const id = this.readGeneration ?? this.currentId();
      if (id === null) throw new Error('read models: no generation laid out yet');
      this.readGeneration = id;
      try {
        return run(id);
      } catch (error) {
        if (attempt === 1 && isMissingTable(error)) {
          this.readGeneration = null;
          continue;
        }
        throw error;
      }
    }
  }

  /** Statements of `get`, by their SQL builder and generation (the builder is a stable function). */
  private cachedFor(sql: (t: TableNames) => string, generation: number): Database.Statement {
    let byGeneration = this.builtStatements.get(sql);
    if (!byGeneration || byGeneration.generation !== generation) {
      byGeneration = {
        generation,
        statement: this.cached(sql(tableNamesOf(generation)), false, generation),
      };
      this.builtStatements.set(sql, byGeneration);
    }
    return byGeneration.statement;
  }

  private readonly builtStatements = new Map<
    (t: TableNames) => string,
    { generation: number; statement: Database.Statement }
  >();

  private readGeneration: number | null = null;

  private readonly readTransaction = (id: number, read: (scope: ReadScope) => unknown): unknown =>
    (this.readTransactionFn ??= this.sqlite.transaction(
      (generation: number, reader: (scope: ReadScope) => unknown) =>
        reader({
          t: tableNamesOf(generation),
          get: <Row>(sql: string, ...params: unknown[]) =>
            this.cached(sql, false, generation).get(...params) as Row | undefined,
          all: <Row>(sql: string, ...params: unknown[]) =>
            this.cached(sql, false, generation).all(...params) as Row[],
        }),
    ))(id, read);

  private readTransactionFn:
    | Database.Transaction<(generation: number, reader: (scope: ReadScope) => unknown) => unknown>
    | undefined;

  /** A prepared statement, cached by its text (statements of an older generation are let go). */
  cached(sql: string, safeIntegers = false, generation?: number): Database.Statement {
    if (generation !== undefined && generation !== this.statementsGeneration) {
      this.statements.clear();
      this.statementsGeneration = generation;
    }
    const key = safeIntegers ? `1${sql}` : `0${sql}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      if (safeIntegers) statement.safeIntegers(true);
      this.statements.set(key, statement);
    }
    return statement;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.sqlite.close();
  }

  private createGeneration(
    schema: GenerationSchema,
    status: 'building',
    deferIndexes = false,
  ): Generation {
    const now = new Date().toISOString();
    const id = Number(
      this.sqlite
        .prepare(
          `INSERT INTO read_model_generations
             (fingerprint, status, created_at, heartbeat_at, owner_host, owner_pid)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(schema.fingerprint, status, now, now, hostname(), process.pid).lastInsertRowid,
    );
    const t = tableNamesOf(id);
    this.dropTables(id); // leftovers of a generation with the same id whose row was lost
    this.sqlite.exec(
      `CREATE TABLE ${t(CHECKPOINTS)} (projection TEXT PRIMARY KEY, position INTEGER NOT NULL)`,
    );
    for (const statement of schema.ddl(t)) {
      if (!(deferIndexes && isSecondaryIndex(statement))) this.sqlite.exec(statement);
    }
    const insert = this.sqlite.prepare(
      `INSERT INTO ${t(CHECKPOINTS)} (projection, position) VALUES (?, -1)`,
    );
    for (const projection of schema.projections) insert.run(projection);
    return { id, fingerprint: schema.fingerprint, t };
  }

  private dropStaleBuilds(): void {
    for (const { id } of this.buildingGenerations().filter(isAbandoned)) {
      this.dropTables(id);
      this.sqlite.prepare('DELETE FROM read_model_generations WHERE id = ?').run(id);
    }
  }

  private buildingGenerations(): BuildingGeneration[] {
    return this.sqlite
      .prepare(
        `SELECT id, heartbeat_at, owner_host, owner_pid FROM read_model_generations
         WHERE status = 'building'`,
      )
      .all() as BuildingGeneration[];
  }

  /** Files laid out before generations knew the process building them get the columns. */
  private addOwnerColumns(): void {
    const missing = () => {
      const columns = (
        this.sqlite.pragma('table_info(read_model_generations)') as Array<{ name: string }>
      ).map((column) => column.name);
      return ['owner_host TEXT', 'owner_pid INTEGER'].filter(
        (column) => !columns.includes(column.split(' ')[0]!),
      );
    };
    if (missing().length === 0) return;
    this.sqlite
      .transaction(() => {
        // Another connection may have added them meanwhile.
        for (const column of missing()) {
          this.sqlite.exec(`ALTER TABLE read_model_generations ADD COLUMN ${column}`);
        }
      })
      .immediate();
  }

  private dropTables(generation: number): void {
    const tables = this.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?")
      .all(`*__g${generation}`) as Array<{ name: string }>;
    for (const { name } of tables) this.sqlite.exec(`DROP TABLE IF EXISTS "${name}"`);
  }
}
