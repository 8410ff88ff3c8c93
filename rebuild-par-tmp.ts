import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { PROJECTIONS, ProjectionRebuilder, READ_MODELS_FILE, ReadModelDatabase } from '@app/read-models';
import { generateClinicHistory } from '@app/testing';

const FILE = '.bench-data/projections-history-50000-1000000-20250106/events.sqlite';
async function part(names: string[], dir: string) {
  const h = generateClinicHistory({ series: 10, seed: 20250106, days: 730, reminders: 'outcomes', reminderShare: 0.3 });
  const clinic = { calendar: h.calendar, policy: h.policy };
  const store = new SqliteEventStore({ file: FILE, synchronous: 'NORMAL' });
  rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
  const db = ReadModelDatabase.open(join(dir, READ_MODELS_FILE));
  const rebuilder = new ProjectionRebuilder(store, db, PROJECTIONS.filter((p) => names.includes(p.name)), clinic, null);
  const t = performance.now();
  await rebuilder.rebuild();
  const ms = performance.now() - t;
  db.close(); await store.close();
  return ms;
}
async function readAll() {
  const store = new SqliteEventStore({ file: FILE, synchronous: 'NORMAL' });
  const t = performance.now(); let pos = -1n;
  for (;;) { const page = await store.readAll(pos < 0n ? { maxCount: 2000 } : { fromPosition: pos + 1n, maxCount: 2000 }); if (!page.length) break; pos = page[page.length - 1]!.position; }
  await store.close(); return performance.now() - t;
}
if (isMainThread) {
  (async () => {
    console.log('readAll', Math.round(await readAll()));
    const groups = JSON.parse(process.env.PARTS ?? '[["series-view","patient-view"],["appointment-view","availability"]]') as string[][];
    const t = performance.now();
    const times = await Promise.all(groups.map((names, i) => new Promise<number>((resolve, reject) => {
      const w = new Worker(`require('ts-node').register({transpileOnly:true, swc:true}); require('tsconfig-paths').register(); require(${JSON.stringify(__filename)});`, { eval: true, workerData: { names, dir: `.bench-data/par-${i}` }, resourceLimits: process.env.YOUNG ? { maxYoungGenerationSizeMb: Number(process.env.YOUNG) } : undefined });
      w.on('message', resolve); w.on('error', reject);
    })));
    console.log('parallel', Math.round(performance.now() - t), times.map(Math.round));
    console.log('readAll', Math.round(await readAll()));
  })();
} else {
  part(workerData.names, workerData.dir).then((ms) => parentPort!.postMessage(ms));
}
