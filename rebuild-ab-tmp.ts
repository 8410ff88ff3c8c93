import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { PROJECTIONS, ProjectionRebuilder, READ_MODELS_FILE, ReadModelDatabase } from '@app/read-models';
import { generateClinicHistory } from '@app/testing';
const FILE = '.bench-data/projections-history-50000-1000000-20250106/events.sqlite';
async function readAll(store: SqliteEventStore) { const t = performance.now(); let pos = -1n; for (;;) { const page = await store.readAll(pos < 0n ? { maxCount: 2000 } : { fromPosition: pos + 1n, maxCount: 2000 }); if (!page.length) break; pos = page[page.length - 1]!.position; } return performance.now() - t; }
async function main() {
  const h = generateClinicHistory({ series: 10, seed: 20250106, days: 730, reminders: 'outcomes', reminderShare: 0.3 });
  const clinic = { calendar: h.calendar, policy: h.policy };
  const store = new SqliteEventStore({ file: FILE, synchronous: 'NORMAL' });
  const variants = (process.env.VARIANTS ?? 'A,B').split(',');
  for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++) {
    for (const v of variants) {
      process.env.NO_DEFER = v === 'B' ? '1' : '';
      const dir = `.bench-data/ab-${v}`; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
      const db = ReadModelDatabase.open(join(dir, READ_MODELS_FILE));
      const ra = await readAll(store);
      const t = performance.now();
      await new ProjectionRebuilder(store, db, PROJECTIONS, clinic, null).rebuild();
      const rb = performance.now() - t;
      console.log(`round ${round} variant ${v}: readAll ${Math.round(ra)} rebuild ${Math.round(rb)} ratio ${(ra / rb * 100).toFixed(1)} %`);
      db.close();
    }
  }
  await store.close();
}
void main();
