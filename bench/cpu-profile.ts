/**
 * Reading V8 .cpuprofile files (node --cpu-prof, node:inspector) for the benchmarks: where the
 * samples of a time window went, by area of the code and by function. Timestamps are microseconds
 * of the machine's monotonic clock, the same as `process.hrtime.bigint() / 1000n` in any process,
 * so a benchmark can mark its phases and read them out of the app's profile afterwards.
 */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Areas of the code, first match wins (checked against every frame of a sample's stack). */
export const AREAS: Array<[string, (url: string, name: string, stack: string) => boolean]> = [
  ['garbage collection', (_, name) => name === '(garbage collector)'],
  ['idle', (_, name) => name === '(idle)'],
  [
    'projections: commit',
    (_, name, stack) => name === 'sqliteTransaction' && stack.includes('projection-runner'),
  ],
  ['projections: apply', (url) => url.includes('libs/read-models/') && !url.includes('progress')],
  ['reminders (reactor, queue, workers)', (url) => /libs\/reminders\/|bullmq|ioredis/.test(url)],
  [
    'event log: group commit',
    (url, name) =>
      url.includes('event-store/src/sqlite/') && /^(flush|applyBatch|applyWrite)$/.test(name),
  ],
  [
    'event log: subscriptions',
    (url, name) => url.includes('event-store/src/sqlite/') && /^(readAfter|next)$/.test(name),
  ],
  [
    'event log: stream reads',
    (url, name) => url.includes('event-store/src/sqlite/') && /readStream|toStoredEvent/.test(name),
  ],
  ['event log: append checks', (url) => /event-store\.validation|event-id/.test(url)],
  ['deciders (libs/domain)', (url) => url.includes('libs/domain/')],
  ['handleCommand', (url) => url.includes('handle-command')],
  ['idempotency', (url) => url.includes('/idempotency/')],
  ['DTO validation', (url) => /class-validator|class-transformer|validation\.pipe/.test(url)],
  ['booking handler, command runner', (url) => /\/commands\/|book-block/.test(url)],
  ['Nest, rxjs, Fastify', (url) => /@nestjs|rxjs|fastify|find-my-way/.test(url)],
  ['inject (the harness)', (url) => /light-my-request|booking-profile/.test(url)],
  [
    'HTTP sockets (node:net, node:http)',
    (url) => /^node:(net|_http|stream|internal\/stream)/.test(url),
  ],
];

interface Sampled {
  /** Microseconds per profile node inside the window. */
  time: Map<number, number>;
  total: number;
  byId: Map<number, ProfileNode>;
  parent: Map<number, number>;
}

function sample(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity): Sampled {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const time = new Map<number, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) return;
    time.set(id, (time.get(id) ?? 0) + delta);
    total += delta;
  });
  return { time, total, byId, parent };
}

function stackOf(s: Sampled, id: number): ProfileNode['callFrame'][] {
  const frames: ProfileNode['callFrame'][] = [];
  for (let at: number | undefined = id; at !== undefined; at = s.parent.get(at)) {
    frames.push(s.byId.get(at)!.callFrame);
  }
  return frames;
}

const pct = (part: number, total: number) => ((part / total) * 100).toFixed(1).padStart(5);

/** Share and milliseconds per unit (a booking, a request) of each area, largest first. */
export function areaBreakdown(
  profile: CpuProfile,
  units: number,
  window: { fromUs?: number; toUs?: number } = {},
): string {
  const s = sample(profile, window.fromUs, window.toUs);
  const byArea = new Map<string, number>();
  for (const [id, micros] of s.time) {
    const frames = stackOf(s, id);
    const stack = frames.map((f) => f.url).join(' ');
    const area =
      AREAS.find(([, test]) => frames.some((f) => test(f.url, f.functionName, stack)))?.[0] ??
      'other';
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
  }
  return [...byArea]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([area, micros]) =>
        `${pct(micros, s.total)} %  ${(micros / 1000 / units).toFixed(3)} ms/unit  ${area}`,
    )
    .join('\n');
}

/** The functions that spent the most time themselves (self time), largest first. */
export function topFunctions(
  profile: CpuProfile,
  count: number,
  window: { fromUs?: number; toUs?: number } = {},
): string {
  const s = sample(profile, window.fromUs, window.toUs);
  const bySelf = new Map<string, number>();
  for (const [id, micros] of s.time) {
    const frame = s.byId.get(id)!.callFrame;
    const file = frame.url.replace(/^.*\/(node_modules\/)?/, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}:${(frame.lineNumber ?? -1) + 1}`;
    bySelf.set(key, (bySelf.get(key) ?? 0) + micros);
  }
  return [...bySelf]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${pct(micros, s.total)} %  ${key}`)
    .join('\n');
}

/** Now, on the profiles' clock (microseconds). */
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
