/**
 * Rows a projection is changing, kept in memory between the moment an event changes them and the
 * end of the runner's transaction (`flush` writes the dirty ones, inside that transaction). While
 * catching up, a row touched by many events of one batch is read and written once. After a
 * rollback, `discard` forgets everything so the next read comes from the committed tables.
 */
export class RowCache<Value> {
  /** null: known to be absent from the table. */
  private readonly rows = new Map<string, Value | null>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly load: (key: string) => Value | undefined,
    private readonly save: (key: string, value: Value) => void,
    /** Clean rows kept after a flush; above this the cache starts empty again. */
    private readonly maxRows = 20_000,
  ) {}

  get(key: string): Value | undefined {
    const known = this.rows.get(key);
    if (known !== undefined) return known ?? undefined;
    const loaded = this.load(key);
    this.rows.set(key, loaded ?? null);
    return loaded;
  }

  set(key: string, value: Value): void {
    this.rows.set(key, value);
    this.dirty.add(key);
  }

  /** Writes every changed row (call inside the transaction that also saves the checkpoint). */
  flush(): void {
    for (const key of this.dirty) {
      const value = this.rows.get(key);
      if (value !== undefined && value !== null) this.save(key, value);
    }
    this.dirty.clear();
    if (this.rows.size > this.maxRows) this.rows.clear();
  }

  discard(): void {
    this.rows.clear();
    this.dirty.clear();
  }
}
