import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { builtBundlePath, isBundleFresh } from '../../apps/api/src/threads/built-bundle';
import { checkedBody } from './openapi-contract';
import { REDIS_URL } from './test-app';

/**
 * The API as its own process, started the way `npm start` starts it (`node dist/apps/api/main.js`),
 * for the tests that kill it, restart it or watch it refuse to start.
 */

export const ROOT = resolve(__dirname, '../..');
export const API_MAIN = builtBundlePath(ROOT);

function isBuilt(): boolean {
  return isBundleFresh(ROOT);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0
        ? done()
        : fail(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/**
 * Builds dist/apps/api/main.js when it is missing or older than its sources (`npm ci` builds it
 * through `prepare`, so a fresh clone skips this). Test files run in parallel: a lock directory
 * lets one of them build while the others wait, then re-check.
 */
export async function ensureApiBuilt(timeoutMs = 240_000): Promise<void> {
  const lock = join(ROOT, 'dist', '.e2e-build-lock');
  const deadline = Date.now() + timeoutMs;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  while (!isBuilt()) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building (or died building: take its lock over).
      let pid = 0;
      try {
        pid = Number(readFileSync(join(lock, 'pid'), 'utf8').trim());
      } catch {
        // just created: its pid is being written
      }
      if (pid > 0 && !alive(pid)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the api build');
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!isBuilt())
        await run(process.execPath, [join(ROOT, 'node_modules/.bin/nest'), 'build', 'api']);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** A TCP port nothing listens on right now (a tiny race with other processes is acceptable here). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiProcess {
  url: string;
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<Exit>;
  hasExited(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

const running = new Set<ApiProcess>();

/** Spawns `node dist/apps/api/main.js` with a minimal environment plus `env`. Call ensureApiBuilt() first. */
export function spawnApi(env: Record<string, string>): ApiProcess {
  const child: ChildProcess = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      REDIS_URL,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  let done = false;
  const exited = new Promise<Exit>((resolveExit) =>
    child.on('exit', (code, signal) => {
      done = true;
      resolveExit({ code, signal });
    }),
  );
  const api: ApiProcess = {
    url: `http://127.0.0.1:${env.PORT ?? '3000'}`,
    pid: child.pid!,
    output: () => output,
    exited,
    hasExited: () => done,
    kill: (signal) => {
      if (!done) child.kill(signal);
    },
    stop: async (graceMs = 15_000) => {
      api.kill('SIGTERM');
      const timer = setTimeout(() => api.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
  running.add(api);
  void exited.then(() => running.delete(api));
  return api;
}

/** Kills every api process this test file started and is still running. */
export async function killAllSpawned(): Promise<void> {
  await Promise.all(
    [...running].map(async (api) => {
      api.kill('SIGKILL');
      await api.exited;
    }),
  );
}

/**
 * Polls GET /health until it answers 200 (and `until` holds for its body); fails early (with its
 * output) if the process exits.
 */
export async function waitForHealth(
  api: ApiProcess,
  timeoutMs = 30_000,
  until: (body: unknown) => boolean = () => true,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (api.hasExited()) {
      throw new Error(`the api exited before it was healthy:\n${api.output().slice(-4000)}`);
    }
    let response: Response | undefined;
    try {
      response = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(2000) });
    } catch {
      // not listening yet
    }
    if (response) {
      // Outside the try: an answer that is not what the OpenAPI document says fails the test.
      const body: unknown = JSON.parse(await checkedBody(`${api.url}/health`, 'GET', response));
      if (response.status === 200 && until(body)) return body;
    }
    if (Date.now() > deadline) {
      throw new Error(`no healthy answer within ${timeoutMs} ms:\n${api.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
