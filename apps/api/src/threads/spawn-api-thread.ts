import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { builtBundlePath, isBundleFresh } from './built-bundle';

/** Whether the built bundle matches the sources, looked at once per process. */
let bundleFresh: boolean | undefined;

/** The api's threads besides the request thread (runApiThread starts the right one). */
export type ApiThreadRole = 'background' | 'event-log-writer' | 'rebuild-part';

export interface ApiThreadData<Data = unknown> {
  role: ApiThreadRole;
  data: Data;
}

/** Modules a process started from the TypeScript sources preloads (`-r ts-node/register`, …). */
const SOURCE_LOADERS = /^(ts-node|tsconfig-paths)(\/|$)/;

/**
 * The process's Node options for a thread (a thread inherits them by default), without the
 * preloaded source loaders: the bundle needs none, and the sources' thread registers its own.
 * Loading TypeScript's compiler in every thread would add a fraction of a second to its start.
 */
export function threadExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if ((arg === '-r' || arg === '--require') && SOURCE_LOADERS.test(execArgv[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (arg.startsWith('--require=') && SOURCE_LOADERS.test(arg.slice('--require='.length))) {
      continue;
    }
    kept.push(arg);
  }
  return kept;
}

/**
 * Starts one of the api's threads. The built app is one bundle (dist/apps/api/main.js): the thread
 * runs that same file, whose main.ts runs runApiThread when it is not the main thread.
 *
 * From the TypeScript sources (tests, the ts-node tools and benchmarks), the thread runs that bundle
 * too when it is up to date with the sources (`npm ci` and `npm run build` make it; the same code
 * as production, started in a fraction of a second); otherwise it compiles the sources as it loads
 * them: ts-node with TypeScript's own transpiler (a few seconds) and tsconfig.json's path aliases
 * (not SWC, whose native module crashes a process whose threads load it one after another).
 */
export function spawnApiThread<Data>(
  role: ApiThreadRole,
  data: Data,
  options: Pick<WorkerOptions, 'resourceLimits'> = {},
): Worker {
  const workerData: ApiThreadData<Data> = { role, data };
  if (!__filename.endsWith('.ts')) return new Worker(__filename, { ...options, workerData });
  const root = join(__dirname, '..', '..', '..', '..');
  const execArgv = threadExecArgv(process.execArgv);
  bundleFresh ??= isBundleFresh(root);
  if (bundleFresh) return new Worker(builtBundlePath(root), { ...options, execArgv, workerData });
  const tsconfig = join(root, 'tsconfig.json');
  const { paths } = (JSON.parse(readFileSync(tsconfig, 'utf8')) as { compilerOptions: object })
    .compilerOptions as { paths: unknown };
  const code = `
    const { workerData } = require('node:worker_threads');
    require(${JSON.stringify(join(root, 'node_modules', 'ts-node'))}).register({
      transpileOnly: true, project: ${JSON.stringify(tsconfig)},
    });
    require(${JSON.stringify(join(root, 'node_modules', 'tsconfig-paths'))}).register({
      baseUrl: ${JSON.stringify(root)}, paths: ${JSON.stringify(paths)},
    });
    require(${JSON.stringify(join(__dirname, 'run-api-thread.ts'))}).runApiThread(workerData);
  `;
  return new Worker(code, { ...options, eval: true, execArgv, workerData });
}
