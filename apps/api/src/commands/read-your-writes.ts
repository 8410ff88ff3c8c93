import { Injectable, Logger } from '@nestjs/common';
import { ProjectionProgress } from '@app/read-models';

/** How long a command waits for the views to show its events before answering anyway. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2000;

/**
 * A GET right after a successful POST shows its effect (docs/architecture.md): the command waits until every
 * projection has passed the position it wrote. The write is durable either way; a view that lags
 * past the timeout (or stopped on an error, shown on /health) only delays what GETs show.
 */
@Injectable()
export class ReadYourWrites {
  private readonly logger = new Logger('ReadYourWrites');

  constructor(private readonly progress: ProjectionProgress) {}

  async settle(position: bigint): Promise<void> {
    if (position < 0n) return;
    const result = await this.progress.waitFor(position, READ_YOUR_WRITES_TIMEOUT_MS);
    if (result !== 'caught-up') {
      this.logger.warn(`views have not reached position ${position} (${result}); answering anyway`);
    }
  }
}
