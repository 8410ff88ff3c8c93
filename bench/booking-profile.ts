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
import { areaBreakdown, type CpuProfile, topFunctions } from './cpu-profile';

const BOOKINGS = Number(process.env.BOOKING_PROFILE_BOOKINGS ?? 2000);
const WARM_UP = 200;
const CONCURRENCY = Number(process.env.BOOKING_PROFILE_CONCURRENCY ?? 16);
const PAIRS = 40;
const TIME_ZONE = 'America/New_York';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const benchData = join(__dirname, '..', '.bench-data');
const runDir = join(benchData, `booking-profile-${process.pid}`);
const redisKeyPrefix = `bookingprofile-${process.pid}`;

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
    console.log(areaBreakdown(profile as unknown as CpuProfile, BOOKINGS));
    console.log('functions (self time):');
    console.log(topFunctions(profile as unknown as CpuProfile, 25));
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
