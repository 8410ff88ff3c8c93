import type { Worker } from 'node:worker_threads';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AdjustableClock, Clock } from '@app/config';
import {
  NO_REBUILD_YET,
  ProjectionProgress,
  type RebuildResult,
  type RebuildStatus,
} from '@app/read-models';
import { ViewsRebuild } from '../admin/views-rebuild';
import { spawnApiThread } from '../threads/spawn-api-thread';
import type {
  BackgroundThreadData,
  FromBackgroundThread,
  ToBackgroundThread,
} from './background-thread.messages';

export const BACKGROUND_THREAD_DATA = Symbol('BACKGROUND_THREAD_DATA');

/** How long the api waits for the thread to be up before it answers anyway (views then lag). */
const READY_TIMEOUT_MS = 30_000;
/** How long a stop may take before the thread is terminated. */
const STOP_TIMEOUT_MS = 15_000;
const RESTART_INITIAL_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A thread that ran this long without failing restarts quickly again if it fails later. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * The api's background thread, seen from the request thread: it runs the projections and the
 * embedded reminder work (runBackgroundThread) on the machine's other core, so a booking's request
 * thread only decides and appends. This side starts it with the app, follows every projection's
 * progress (ProjectionProgress here answers read-your-writes, /health and the metrics), passes the
 * development clock and rebuild requests on, restarts the thread if it dies (the views then lag
 * and /health says so until it is back), and stops it before the app closes.
 */
@Injectable()
export class BackgroundThread
  extends ViewsRebuild
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('BackgroundThread');
  private worker: Worker | null = null;
  private stopping = false;
  private restartMs = RESTART_INITIAL_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  private rebuildStatus: RebuildStatus = { ...NO_REBUILD_YET };
  private nextRebuildId = 1;
  private readonly rebuilds = new Map<
    number,
    { resolve: (result: RebuildResult) => void; reject: (error: Error) => void }
  >();

  constructor(
    @Inject(BACKGROUND_THREAD_DATA)
    private readonly data: Omit<BackgroundThreadData, 'clockOffsetMs'>,
    private readonly progress: ProjectionProgress,
    private readonly clock: Clock,
  ) {
    super();
    if (clock instanceof AdjustableClock) {
      clock.onChange((offsetMs) => this.send({ type: 'clock', offsetMs }));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => {
      this.logger.warn('the background thread did not stop in time: terminating it');
      void worker.terminate();
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  // ---- ViewsRebuild ---------------------------------------------------------------------------

  rebuild(): Promise<RebuildResult> {
    const id = this.nextRebuildId++;
    if (this.rebuildStatus.state !== 'running') {
      this.rebuildStatus = {
        ...this.rebuildStatus,
        state: 'running',
        startedAt: new Date().toISOString(),
        events: 0,
        position: '-1',
        error: null,
      };
    }
    return new Promise((resolve, reject) => {
      if (!this.worker) {
        this.rebuildStatus = { ...this.rebuildStatus, state: 'failed', error: 'not running' };
        reject(new Error('the background thread is not running'));
        return;
      }
      this.rebuilds.set(id, { resolve, reject });
      this.send({ type: 'rebuild', id });
    });
  }

  status(): RebuildStatus {
    return { ...this.rebuildStatus };
  }

  // ---- the thread -----------------------------------------------------------------------------

  private start(): Promise<void> {
    const worker = spawnApiThread<BackgroundThreadData>('background', {
      ...this.data,
      clockOffsetMs: this.clock instanceof AdjustableClock ? this.clock.offset : 0,
    });
    this.worker = worker;
    const startedAt = Date.now();
    const ready = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.error(
          `the background thread is not up after ${READY_TIMEOUT_MS / 1000} s: views lag until it is`,
        );
        resolve();
      }, READY_TIMEOUT_MS);
      worker.on('message', (message: FromBackgroundThread) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        }
        this.receive(message);
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    worker.on('error', (error) => {
      this.logger.error(`the background thread failed: ${error.message}`);
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.threadGone();
      if (this.stopping) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.restartMs = RESTART_INITIAL_MS;
      this.logger.error(
        `the background thread exited (code ${code}): views and reminders pause; restarting in ${this.restartMs} ms`,
      );
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        void this.start();
      }, this.restartMs);
      this.restartMs = Math.min(this.restartMs * 2, RESTART_MAX_MS);
    });
    return ready;
  }

  private receive(message: FromBackgroundThread): void {
    switch (message.type) {
      case 'ready':
      case 'stopped':
        return;
      case 'progress':
        for (const [name, state] of message.changes) this.progress.follow(name, state);
        return;
      case 'rebuild-status':
        this.rebuildStatus = message.status;
        return;
      case 'rebuild-finished': {
        const pending = this.rebuilds.get(message.id);
        this.rebuilds.delete(message.id);
        if (message.result) pending?.resolve(message.result);
        else pending?.reject(new Error(message.error ?? 'rebuild failed'));
        return;
      }
      default: {
        const unknown: never = message;
        this.logger.warn(`unknown message from the background thread: ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The thread ended: its projections are not running, its rebuild is over. */
  private threadGone(): void {
    for (const name of this.progress.names()) {
      this.progress.follow(name, { ...this.progress.state(name), running: false });
    }
    for (const pending of this.rebuilds.values()) {
      pending.reject(new Error('the background thread stopped'));
    }
    this.rebuilds.clear();
    if (this.rebuildStatus.state === 'running') {
      this.rebuildStatus = { ...this.rebuildStatus, state: 'failed', error: 'the thread stopped' };
    }
  }

  private send(message: ToBackgroundThread): void {
    this.worker?.postMessage(message);
  }
}
