/**
 * `npm run bench:booking-profile`: where a booking's CPU time goes (BENCHMARKS.md, "HTTP API").
 *
 * The app in-process (the same module as `npm start`, FULL sync, reminders on real Redis with its
 * own key prefix), the bench's 40 × 40 clinic, bookings sent through Fastify's `inject` (no
 * sockets, no autocannon on the same core), BOOKING_PROFILE_CONCURRENCY at a time. Only the
 * booking phase is profiled (node:inspector). Prints CPU per booking and a breakdown by area, and
 * writes the .cpuprofile to .bench-data/profiles (open it in Chrome DevTools or speedscope).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import { loadClinicConfiguration, loadEnvironmentConfig } from '@app/config';
import { createApiApplication } from '../apps/api/src/api.application';

const BOOKINGS = Number(process.env.BOOKING_PROFILE_BOOKINGS ?? 2000);
const WARM_UP = 200;
const CONCURRENCY = Number(process.env.BOOKING_PROFILE_CONCURRENCY ?? 16);
const PAIRS = 40;
const TIME_ZONE = 'America/New_York';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const benchData = join(__dirname, '..', '.bench-data');
const runDir = join(benchData, `booking-profile-${process.pid}`);
const redisKeyPrefix = `bookingprofile-${process.pid}`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Areas of the code, first match wins (checked against every frame of a sample's stack). */
const AREAS: Array<[string, (url: string, name: string, stack: string) => boolean]> = [
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
    (url, name) => url.includes('sqlite-event-store') && /^(flush|applyBatch|apply)$/.test(name),
  ],
  [
    'event log: subscriptions',
    (url, name) => url.includes('sqlite-event-store') && /^(readAfter|next)$/.test(name),
  ],
  [
    'event log: stream reads',
    (url, name) => url.includes('sqlite-event-store') && /readStream|toStoredEvent/.test(name),
  ],
  ['event log: append checks', (url) => /event-store\.validation|event-id/.test(url)],
  ['deciders (libs/domain)', (url) => url.includes('libs/domain/')],
  ['handleCommand', (url) => url.includes('handle-command')],
  ['idempotency', (url) => url.includes('/idempotency/')],
  ['DTO validation', (url) => /class-validator|class-transformer|validation\.pipe/.test(url)],
  ['booking handler, command runner', (url) => /\/commands\/|book-block/.test(url)],
  ['Nest, rxjs, Fastify', (url) => /@nestjs|rxjs|fastify|find-my-way/.test(url)],
  ['inject (the harness)', (url) => /light-my-request|booking-profile/.test(url)],
];

function breakdown(profile: CpuProfile, bookings: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const time = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    time.set(id, (time.get(id) ?? 0) + delta);
    total += delta;
  });
  const byArea = new Map<string, number>();
  for (const [id, micros] of time) {
    const frames: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      frames.push(byId.get(at)!.callFrame);
    }
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
        `${((micros / total) * 100).toFixed(1).padStart(5)} %  ${(micros / 1000 / bookings).toFixed(3)} ms/booking  ${area}`,
    )
    .join('\n');
}

async function inParallel(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) await work(i);
    }),
  );
}

async function main(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const hours = [{ open: '08:00', close: '17:00' }];
  const clinicPath = join(runDir, 'clinic.json');
  writeFileSync(
    clinicPath,
    JSON.stringify({
      calendar: {
        clinicName: 'Profile clinic',
        timeZone: TIME_ZONE,
        openingHours: {
          monday: hours,
          tuesday: hours,
          wednesday: hours,
          thursday: hours,
          friday: hours,
        },
        physicians: Array.from({ length: PAIRS }, (_, i) => ({ id: `p${i}`, name: `P ${i}` })),
        rooms: Array.from({ length: PAIRS }, (_, i) => ({ id: `r${i}`, name: `R ${i}` })),
        turnoverMinutes: 0,
      },
    }),
  );
  const env = loadEnvironmentConfig({
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: join(runDir, 'data'),
    REDIS_URL,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    CLINIC_CONFIG: clinicPath,
  });
  let app: NestFastifyApplication | undefined;
  try {
    app = await createApiApplication(env, {
      logger: false,
      clinic: loadClinicConfiguration(clinicPath),
    });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const post = async (url: string, role: string, payload: object): Promise<string> => {
      const response = await fastify.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer dev-${role}`, 'idempotency-key': randomUUID() },
        payload,
      });
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode}`);
      return (JSON.parse(response.body) as { id: string }).id;
    };

    const total = WARM_UP + BOOKINGS;
    const series: string[] = [];
    await inParallel(total, async (i) => {
      const patientId = await post('/patients', 'front-desk', {
        mrn: `P${process.pid}-${i}`,
        givenName: 'Profile',
        familyName: `Patient ${i}`,
        birthDate: '1970-01-01',
      });
      series[i] = await post('/series', 'physician', {
        patientId,
        indication: 'crps-1',
        side: 'left',
        intent: 'prognostic',
      });
    });
    const days: DateTime[] = [];
    for (
      let d = DateTime.now().setZone(TIME_ZONE).startOf('day').plus({ days: 2 });
      days.length < 40;
      d = d.plus({ days: 1 })
    ) {
      if (d.weekday <= 5) days.push(d);
    }
    const book = async (i: number) => {
      const k = Math.floor(i / days.length);
      await post('/appointments', 'front-desk', {
        seriesId: series[i],
        physicianId: `p${k % PAIRS}`,
        roomId: `r${k % PAIRS}`,
        start: days[i % days.length]!.set({ hour: 8 + Math.floor(k / PAIRS) }).toISO({
          suppressMilliseconds: true,
        }),
        sedation: i % 2 === 0,
      });
    };
    await inParallel(WARM_UP, book);

    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const cpuBefore = process.cpuUsage();
    const started = Date.now();
    await inParallel(BOOKINGS, (i) => book(WARM_UP + i));
    const elapsedMs = Date.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();

    const profiles = join(benchData, 'profiles');
    mkdirSync(profiles, { recursive: true });
    const file = join(
      profiles,
      `bookings-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`,
    );
    writeFileSync(file, JSON.stringify(profile));
    console.log(
      `${BOOKINGS} bookings (${CONCURRENCY} at a time) in ${elapsedMs} ms = ${Math.round((BOOKINGS / elapsedMs) * 1000)}/s; ` +
        `CPU ${((cpu.user + cpu.system) / 1000 / BOOKINGS).toFixed(2)} ms/booking`,
    );
    console.log(breakdown(profile as unknown as CpuProfile, BOOKINGS));
    console.log(`profile: ${file}`);
  } finally {
    await app?.close();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
