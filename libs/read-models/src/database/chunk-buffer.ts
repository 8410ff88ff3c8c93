/**
 * Append-only rows of a view (the events of a series, for its history), buffered per key until
 * the end of the runner's transaction and then written as ONE chunk row per key: the items of that
 * key in that transaction, in log order. While catching up, a key touched by many events of a
 * batch costs one insert instead of one per event; a query reads a key's chunks in order of their
 * first position and concatenates them. Chunk boundaries depend on batching, the items never do.
 */
export class ChunkBuffer<Item> {
  private readonly pending = new Map<string, { first: bigint; items: Item[] }>();

  constructor(private readonly write: (key: string, first: bigint, items: Item[]) => void) {}

  add(key: string, position: bigint, item: Item): void {
    const chunk = this.pending.get(key);
    if (chunk) chunk.items.push(item);
    else this.pending.set(key, { first: position, items: [item] });
  }

  /** Writes one row per key (call inside the transaction that also saves the checkpoint). */
  flush(): void {
    for (const [key, chunk] of this.pending) this.write(key, chunk.first, chunk.items);
    this.pending.clear();
  }

  discard(): void {
    this.pending.clear();
  }
}
