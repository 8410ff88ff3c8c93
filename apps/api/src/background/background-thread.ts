import { ConsoleLogger, type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MessagePort, parentPort } from 'node:worker_threads';
import { AdjustableClock, ClinicConfiguration, SystemClock } from '@app/config';
import { ProjectionProgress, ProjectionRebuilder, type ProjectionState } from '@app/read-models';
import { BackgroundModule } from './background.module';
import type {
  BackgroundThreadData,
  FromBackgroundThread,
  ToBackgroundThread,
} from './background-thread.messages';

/** How often a running rebuild tells the api how far it got. */
const REBUILD_STATUS_EVERY_MS = 1000;

/**
 * The api's background thread (started by BackgroundThread, on the request thread): runs the
 * projections and the embedded reminder work on their own core, and tells the request thread where
 * every projection is (read-your-writes waits on that), how a rebuild goes, and when it stopped.
 */
export async function runBackgroundThread(data: BackgroundThreadData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runBackgroundThread runs in a worker thread');
  const send = (message: FromBackgroundThread) => port.postMessage(message);
  const clinic = new ClinicConfiguration(data.clinic.calendar, data.clinic.policy);
  const clock = data.env.nodeEnv === 'production' ? new SystemClock() : new AdjustableClock();
  if (clock instanceof AdjustableClock) clock.setOffset(data.clockOffsetMs);

  const app = await NestFactory.createApplicationContext(
    BackgroundModule.forRoot(data.env, clinic, clock),
    {
      logger:
        data.logging === 'off'
          ? false
          : new ConsoleLogger('Background', { json: data.logging === 'json' }),
      abortOnError: false,
    },
  );
  relayProgress(app.get(ProjectionProgress), send);
  port.on('message', (message: ToBackgroundThread) => {
    void handle(message, { app, clock, send, port });
  });
  send({ type: 'ready' });
}

/** Every projection's state now, then every change, at most one message per turn of the loop. */
function relayProgress(
  progress: ProjectionProgress,
  send: (message: FromBackgroundThread) => void,
): void {
  let pending: Map<string, ProjectionState> | null = null;
  const queue = (name: string, state: ProjectionState) => {
    if (!pending) {
      pending = new Map();
      setImmediate(() => {
        const changes = [...pending!];
        pending = null;
        send({ type: 'progress', changes });
      });
    }
    pending.set(name, state);
  };
  progress.onChange(queue);
  for (const name of progress.names()) queue(name, progress.state(name));
}

async function handle(
  message: ToBackgroundThread,
  context: {
    app: INestApplicationContext;
    clock: AdjustableClock | SystemClock;
    send: (message: FromBackgroundThread) => void;
    port: MessagePort;
  },
): Promise<void> {
  const { app, clock, send } = context;
  switch (message.type) {
    case 'clock':
      if (clock instanceof AdjustableClock) clock.setOffset(message.offsetMs);
      return;
    case 'rebuild': {
      const rebuilder = app.get(ProjectionRebuilder);
      let lastSent = 0;
      const rebuilding = rebuilder.rebuild({
        onProgress: () => {
          if (Date.now() - lastSent < REBUILD_STATUS_EVERY_MS) return;
          lastSent = Date.now();
          send({ type: 'rebuild-status', status: rebuilder.status() });
        },
      });
      send({ type: 'rebuild-status', status: rebuilder.status() });
      try {
        const result = await rebuilding;
        send({ type: 'rebuild-finished', id: message.id, result });
      } catch (error) {
        send({ type: 'rebuild-finished', id: message.id, error: (error as Error).message });
      }
      send({ type: 'rebuild-status', status: rebuilder.status() });
      return;
    }
    case 'stop':
      try {
        await app.close();
      } catch (error) {
        new Logger('Background').error(`stopping: ${(error as Error).message}`);
      }
      send({ type: 'stopped' });
      context.port.close();
      return;
    default: {
      const unknown: never = message;
      throw new Error(`background thread: unknown message ${JSON.stringify(unknown)}`);
    }
  }
}
