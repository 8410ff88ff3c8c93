import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The api's threads besides the request thread (runApiThread starts the right one). */
export type ApiThreadRole = 'background' | 'event-log-writer';

export interface ApiThreadData<Data = unknown> {
  role: ApiThreadRole;
  data: Data;
}

/**
 * Starts one of the api's threads. The built app is one bundle (dist/apps/api/main.js): the thread
 * runs that same file, whose main.ts runs runApiThread when it is not the main thread. From the
 * TypeScript sources (tests, the ts-node tools and benchmarks) the thread compiles them as it loads
 * them (ts-node with SWC, the path aliases of tsconfig.json).
 */
export function spawnApiThread<Data>(role: ApiThreadRole, data: Data): Worker {
  const workerData: ApiThreadData<Data> = { role, data };
  if (!__filename.endsWith('.ts')) return new Worker(__filename, { workerData });
  const root = join(__dirname, '..', '..', '..', '..');
  const tsconfig = join(root, 'tsconfig.json');
  const { paths } = (JSON.parse(readFileSync(tsconfig, 'utf8')) as { compilerOptions: object })
    .compilerOptions as { paths: unknown };
  const code = `
    const { workerData } = require('node:worker_threads');
    require(${JSON.stringify(join(root, 'node_modules', 'ts-node'))}).register({
      transpileOnly: true, swc: true, project: ${JSON.stringify(tsconfig)},
    });
    require(${JSON.stringify(join(root, 'node_modules', 'tsconfig-paths'))}).register({
      baseUrl: ${JSON.stringify(root)}, paths: ${JSON.stringify(paths)},
    });
    require(${JSON.stringify(join(__dirname, 'run-api-thread.ts'))}).runApiThread(workerData);
  `;
  return new Worker(code, { eval: true, workerData });
}
