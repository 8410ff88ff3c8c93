import { Session } from 'node:inspector/promises';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { PROJECTIONS, ProjectionRebuilder, READ_MODELS_FILE, ReadModelDatabase } from '@app/read-models';
import { generateClinicHistory } from '@app/testing';
import { areaBreakdown, topFunctions, type CpuProfile } from './bench/cpu-profile';

async function main() {
  const h = generateClinicHistory({ series: 10, seed: 20250106, days: 730, reminders: 'outcomes', reminderShare: 0.3 });
  const clinic = { calendar: h.calendar, policy: h.policy };
  const store = new SqliteEventStore({ file: '.bench-data/projections-history-50000-1000000-20250106/events.sqlite', synchronous: 'NORMAL' });
  const dir = '.bench-data/rebuild-prof'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
  const db = ReadModelDatabase.open(join(dir, READ_MODELS_FILE));
  const rebuilder = new ProjectionRebuilder(store, db, PROJECTIONS.filter((p) => !process.env.ONLY || process.env.ONLY.split(',').includes(p.name)), clinic, null);
  const profile = !!process.env.PROF;
  const session = new Session();
  if (profile) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 500 }); await session.post('Profiler.start'); }
  const t = performance.now();
  const r = await rebuilder.rebuild();
  console.log('rebuild', Math.round(performance.now() - t), 'ms', r.events);
  if (profile) {
    const { profile: p } = await session.post('Profiler.stop');
    writeFileSync(join(dir, 'rebuild.cpuprofile'), JSON.stringify(p));
    console.log(areaBreakdown(p as unknown as CpuProfile, r.events / 1000));
    console.log(topFunctions(p as unknown as CpuProfile, 40));
  }
  db.close(); await store.close();
}
void main();
