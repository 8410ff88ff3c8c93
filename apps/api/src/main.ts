import { isMainThread, workerData } from 'node:worker_threads';
import type { ApiThreadData } from './threads/spawn-api-thread';

// Each thread loads only what it runs (a module is evaluated when first imported): the request
// thread the whole HTTP app; a rebuild part, say, its projections without NestJS' HTTP stack.
if (isMainThread) {
  void import('./start-api').then(({ startApi }) => startApi());
} else {
  // This same file, started by the api as one of its threads (spawnApiThread).
  void import('./threads/run-api-thread').then(({ runApiThread }) =>
    runApiThread(workerData as ApiThreadData),
  );
}
