/**
 * Rows a projection is changing, kept in memory between the moment an event changes them and the
 * end of the runner's transaction (`flush` writes the dirty ones, inside that transaction). While
 * catching up, a row touched by many events of one batch is read and written once. After a
 * rollback, `discard` forgets everything so the next read comes from the committed tables.
 *
 * Clean rows stay cached in two generations: after a flush that leaves more than half of
 * `maxRows` in the young one, it becomes the old one (the previous old one is dropped); a row read
 * from the old one moves back to the young one. Rows in use stay, rows not touched for a while go.
 */
/** Rows a writer keeps cached while the runner follows the log. */
export const DEFAULT_CACHE_ROWS = 20_000;

export class RowCache<Value> {
  /** null: known to be absent from the table. */
  private young = new Map<string, Value | null>();
  private old = new Map<string, Value | null>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly load: (key: string) => Value | undefined,
    private readonly save: (key: string, value: Value) => void,
    private readonly maxRows = DEFAULT_CACHE_ROWS,
  ) {}

  get(key: string): Value | undefined {
    let known = this.young.get(key);
    if (known === undefined) {
      known = this.old.get(key);
      if (known === undefined) known = this.load(key) ?? null;
      this.young.set(key, known);
    }
    return known ?? undefined;
  }

  set(key: string, value: Value): void {
    this.young.set(key, value);
    this.dirty.add(key);
  }

  /** Writes every changed row (call inside the transaction that also saves the checkpoint). */
  flush(): void {
    for (const key of this.dirty) {
      const value = this.young.get(key);
      if (value !== undefined && value !== null) this.save(key, value);
    }
    this.dirty.clear();
    if (this.young.size > this.maxRows / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  discard(): void {
    this.young.clear();
    this.old.clear();
    this.dirty.clear();
  }
}
