import type Database from 'better-sqlite3';
import type { StoredEvent } from '@app/event-store';
import type { GenerationSchema, TableNames } from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';

/** Where a projection writes: one generation's tables in the read-model file. */
export interface ProjectionTarget {
  readonly db: Database.Database;
  readonly t: TableNames;
  readonly clinic: ClinicConfig;
  /** Rows a writer may keep cached (RowCache); the rebuild allows more than the runner. */
  readonly cacheRows?: number;
}

/**
 * Changes one generation's tables, event by event, always inside a transaction the caller opened
 * (the runner's, which also saves the checkpoint). `apply` may keep changes in memory; `flush`
 * writes them before the commit; `discard` forgets them after a rollback. Deterministic: the same
 * events give the same rows (no clock, no randomness), so a rebuild equals the incremental build.
 */
export interface ProjectionWriter {
  apply(event: StoredEvent): void;
  flush(): void;
  discard(): void;
}

export interface ProjectionDefinition {
  /** Also the checkpoint's name and the label of its metrics. */
  readonly name: string;
  /** Bump when the tables or what their rows mean change: the views are then built again. */
  readonly version: number;
  /** Types it reads; the runner skips every other event (the checkpoint still moves past it). */
  readonly eventTypes: ReadonlySet<string>;
  /** CREATE TABLE / CREATE INDEX statements, with table names from `t`. */
  ddl(t: TableNames): string[];
  writer(target: ProjectionTarget): ProjectionWriter;
}

export function schemaOf(definitions: readonly ProjectionDefinition[]): GenerationSchema {
  return {
    fingerprint: definitions.map((d) => `${d.name}@${d.version}`).join(','),
    projections: definitions.map((d) => d.name),
    ddl: (t) => definitions.flatMap((d) => d.ddl(t)),
  };
}

/** The id part of the event's stream when it is of `category` (`TreatmentSeries-abc` → abc). */
export function streamIdOf(event: StoredEvent, category: string): string | null {
  const prefix = `${category}-`;
  return event.stream.startsWith(prefix) ? event.stream.slice(prefix.length) : null;
}

export function recordedAtOf(event: StoredEvent): string {
  return event.metadata.recordedAt;
}

export function actorOf(event: StoredEvent): { id: string; role: string } | null {
  const actor = event.metadata.actor;
  return actor && typeof actor.id === 'string' && typeof actor.role === 'string'
    ? { id: actor.id, role: actor.role }
    : null;
}
