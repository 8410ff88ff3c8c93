/**
 * `npm run demo`: walks one prognostic series through the running API (API_URL, default
 * http://localhost:3000, development mode) the way a clinic would, over three weeks:
 *
 *   register a patient → open a prognostic series → book a block → check in → record the block
 *   (technically failed: the foot did not warm) → book the repeat a week later → check in, record
 *   a positive block → book the next one a week later → check in, record a second positive block
 *   → the series as a physician sees it: refer-rfa.
 *
 * Every patient is discharged home once the recovery time has passed. The server's clock is moved
 * with POST /dev/clock (development mode only) and set back to real time at the end. Safe to run
 * again on the same server: a new MRN each run, and slots come from GET /availability.
 */
import { randomUUID } from 'node:crypto';

const API_URL = (process.env.API_URL ?? 'http://localhost:3000').replace(/\/$/, '');

type Role = 'front-desk' | 'nurse' | 'physician' | 'admin';

/** A refusal or an unreachable server: the message is printed and the demo stops. */
class DemoError extends Error {}

interface Problem {
  status?: number;
  code?: string;
  detail?: string;
  errors?: Array<{ field: string; problem: string }>;
}

async function call<T>(
  role: Role,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer dev-${role}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A retried POST must never book twice: every command carries its own Idempotency-Key.
  if (method === 'POST') headers['idempotency-key'] = randomUUID();
  let response: Response;
  try {
    response = await fetch(`${API_URL}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new DemoError(
      `cannot reach the API at ${API_URL} (${(error as Error).message}); start it with npm start, or set API_URL`,
    );
  }
  const text = await response.text();
  const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!response.ok) {
    const problem = (parsed ?? {}) as Problem;
    const fields = problem.errors?.map((e) => `${e.field}: ${e.problem}`).join('; ');
    const hint =
      response.status === 404 && path === '/dev/clock'
        ? ' (the API runs in production mode: the demo needs development mode)'
        : '';
    throw new DemoError(
      `${method} ${path} → ${response.status} ${problem.code ?? ''} ${problem.detail ?? ''}${fields ? ` (${fields})` : ''}${hint}`,
    );
  }
  return parsed as T;
}

interface Resource {
  id: string;
  kind: 'physician' | 'fluoroscopy-room';
  name: string;
}

interface SeriesView {
  id: string;
  state: string;
  recommendation: { action: string; reason: string; rule: string } | null;
  blocks: Array<{ number: number; classification: string | null }>;
}

interface Booked {
  id: string;
  start: string;
  end: string;
  physicianId: string;
  roomId: string;
}

let stepNumber = 0;
function step(text: string): void {
  stepNumber += 1;
  console.log(`${String(stepNumber).padStart(2)}. ${text}`);
}

function detail(text: string): void {
  console.log(`      ${text}`);
}

const MS_PER_DAY = 86_400_000;

/** YYYY-MM-DD of an instant with an offset, in that offset (the clinic's own calendar date). */
function clinicDateOf(instant: string): string {
  return instant.slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The instant `minutes` later, written in the same offset as `instant` (the clinic's, that day). */
function shifted(instant: string, minutes: number): string {
  const offset = /([+-]\d{2}):(\d{2})$/.exec(instant);
  const offsetMinutes = offset
    ? Number(offset[1]) * 60 + Math.sign(Number(offset[1])) * Number(offset[2])
    : 0;
  const local = new Date(Date.parse(instant) + (minutes + offsetMinutes) * 60_000);
  return `${local.toISOString().slice(0, 19)}${offset ? offset[0] : 'Z'}`;
}

/** Temperatures are recorded to a tenth of a degree. */
function tenths(value: number): number {
  return Math.round(value * 10) / 10;
}

async function setClock(now: string | null): Promise<void> {
  await call('admin', 'POST', '/dev/clock', { now });
}

/** Physician × room pairs tried for a free slot (a large clinic file need not be searched whole). */
const PAIRS_TRIED = 3;

/**
 * The earliest free start on or after `fromDate` (clinic date) where a physician and a room are
 * both free, over a few pairs (earlier runs of the demo may hold some slots).
 */
async function firstFreeSlot(
  physicians: Resource[],
  rooms: Resource[],
  fromDate: string,
): Promise<{ start: string; physician: Resource; room: Resource }> {
  for (let week = 0; week < 12; week++) {
    const from = addDays(fromDate, week * 14);
    const to = addDays(from, 13);
    let best: { start: string; physician: Resource; room: Resource } | undefined;
    for (const physician of physicians.slice(0, PAIRS_TRIED)) {
      for (const room of rooms.slice(0, PAIRS_TRIED)) {
        const query = new URLSearchParams({ physicianId: physician.id, roomId: room.id, from, to });
        const { starts } = await call<{ starts: string[] }>(
          'front-desk',
          'GET',
          `/availability?${query.toString()}`,
        );
        const start = starts[0];
        if (start && (!best || Date.parse(start) < Date.parse(best.start))) {
          best = { start, physician, room };
        }
      }
    }
    if (best) return best;
  }
  throw new DemoError(`no free slot in the 24 weeks from ${fromDate}`);
}

async function book(
  seriesId: string,
  physicians: Resource[],
  rooms: Resource[],
  fromDate: string,
): Promise<Booked> {
  const slot = await firstFreeSlot(physicians, rooms, fromDate);
  const booked = await call<{ id: string; start: string; end: string }>(
    'front-desk',
    'POST',
    '/appointments',
    {
      seriesId,
      physicianId: slot.physician.id,
      roomId: slot.room.id,
      start: slot.start,
      sedation: true,
    },
  );
  detail(
    `appointment ${booked.id}: ${booked.start} → ${booked.end}, ${slot.physician.name}, ${slot.room.name}, IV sedation`,
  );
  return { ...booked, physicianId: slot.physician.id, roomId: slot.room.id };
}

/** The day of the block: check in, do the block, discharge home after the recovery time. */
async function blockDay(
  appointment: Booked,
  outcome: { baselineTempC: number; peakTempC: number; painBefore: number; painAfter: number },
): Promise<{ classification: string; reliefPct: number }> {
  await setClock(shifted(appointment.start, -20));
  detail(`clock moved to ${shifted(appointment.start, -20)}, 20 min before the block`);
  await call('nurse', 'POST', `/appointments/${appointment.id}/check-in`, {
    escortPresent: true,
    fastingConfirmed: true,
    anticoagulantHeld: true,
  });
  detail('checked in: escort present, fasting confirmed, no blood thinner to hold');

  await setClock(shifted(appointment.start, 10));
  const performed = await call<{ classification: string; reliefPct: number }>(
    'physician',
    'POST',
    `/appointments/${appointment.id}/procedure`,
    {
      levels: ['L2', 'L3'],
      side: 'left',
      sedationGiven: true,
      ...outcome,
      contralateralBaselineTempC: outcome.baselineTempC,
      contralateralPeakTempC: tenths(outcome.baselineTempC + 0.2),
    },
  );
  const rise = (outcome.peakTempC - outcome.baselineTempC).toFixed(1);
  detail(
    `block recorded: left L2–L3, foot +${rise} °C, pain ${outcome.painBefore} → ${outcome.painAfter} (${performed.reliefPct} % relief) → ${performed.classification}`,
  );

  // Discharge home needs the recovery observation (30 min by default) after the block.
  await setClock(shifted(appointment.start, 50));
  await call('nurse', 'POST', `/appointments/${appointment.id}/discharge`, {
    aldreteScore: 10,
    padssScore: 10,
    escortPresent: true,
    disposition: 'home',
  });
  detail('discharged home after recovery (Aldrete 10, PADSS 10, escort present)');
  return performed;
}

async function recommendation(seriesId: string): Promise<SeriesView> {
  const series = await call<SeriesView>('physician', 'GET', `/series/${seriesId}`);
  const r = series.recommendation;
  detail(r ? `series recommends ${r.action}: ${r.reason}` : 'series recommends nothing yet');
  return series;
}

function expectAction(series: SeriesView, action: string): void {
  if (series.recommendation?.action !== action) {
    throw new DemoError(
      `expected the series to recommend ${action}, got ${series.recommendation?.action ?? 'nothing'}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`Lumbar sympathetic block demo against ${API_URL}\n`);
  const health = await call<{ status: string }>('admin', 'GET', '/health');
  // Start from real time: an earlier run (or an interrupted one) may have left the clock moved.
  await setClock(null);
  const resources = await call<Resource[]>('front-desk', 'GET', '/resources');
  const physicians = resources.filter((r) => r.kind === 'physician');
  const rooms = resources.filter((r) => r.kind === 'fluoroscopy-room');
  step(
    `API ${health.status}; clinic has ${physicians.length} physicians, ${rooms.length} fluoroscopy rooms; clock at real time`,
  );

  const mrn = `DEMO-${Date.now().toString(36).toUpperCase()}`;
  const patient = await call<{ id: string }>('front-desk', 'POST', '/patients', {
    mrn,
    givenName: 'Dana',
    familyName: 'Demo',
    birthDate: '1968-04-12',
    phone: '+15555550142',
    timeZone: 'America/New_York',
  });
  step(`front desk registered a patient (MRN ${mrn}): ${patient.id}`);

  const series = await call<{ id: string }>('physician', 'POST', '/series', {
    patientId: patient.id,
    indication: 'crps-1',
    side: 'left',
    intent: 'prognostic',
    icd10: 'G90.522',
  });
  step(`physician opened a prognostic series (CRPS I, left leg): ${series.id}`);
  expectAction(await recommendation(series.id), 'book-block');

  // Tomorrow or later in the clinic's calendar: check-in must happen on the appointment's day.
  const tomorrow = addDays(new Date().toISOString().slice(0, 10), 1);
  step('front desk books the first block (first free slot from tomorrow)');
  const first = await book(series.id, physicians, rooms, tomorrow);

  step(`block 1 on ${clinicDateOf(first.start)}: the needle is placed but the foot barely warms`);
  await blockDay(first, { baselineTempC: 30.1, peakTempC: 30.9, painBefore: 8, painAfter: 7 });
  expectAction(await recommendation(series.id), 'repeat-block');

  // The minimum interval (7 days by default) counts the failed block too.
  step('front desk books the repeat a week later');
  const repeat = await book(series.id, physicians, rooms, addDays(clinicDateOf(first.start), 7));

  step(`block 2 on ${clinicDateOf(repeat.start)}: the foot warms, the pain drops`);
  await blockDay(repeat, { baselineTempC: 29.4, peakTempC: 32.6, painBefore: 8, painAfter: 3 });
  expectAction(await recommendation(series.id), 'continue-series');

  step('front desk books the next block a week later');
  const third = await book(series.id, physicians, rooms, addDays(clinicDateOf(repeat.start), 7));

  step(`block 3 on ${clinicDateOf(third.start)}: positive again`);
  await blockDay(third, { baselineTempC: 29.8, peakTempC: 32.4, painBefore: 7, painAfter: 2 });
  const final = await recommendation(series.id);
  expectAction(final, 'refer-rfa');

  await setClock(null);
  step('clock set back to real time');

  const view = await call<SeriesView>('physician', 'GET', `/series/${series.id}`);
  console.log('\nThe series as a physician sees it (GET /series/:id):');
  console.log(JSON.stringify(view, null, 2));
}

main().catch((error: unknown) => {
  console.error(`\ndemo stopped: ${error instanceof DemoError ? error.message : String(error)}`);
  if (!(error instanceof DemoError)) console.error(error);
  process.exitCode = 1;
});
