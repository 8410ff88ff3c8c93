/** A rebuild is already running on this read-model file (in this process or another one). */
export class RebuildInProgressError extends Error {
  readonly code = 'rebuild-in-progress';
  constructor() {
    super('A rebuild of the read models is already in progress.');
    this.name = 'RebuildInProgressError';
  }
}

/** A rebuild stopped: a projection threw on an event, or it was cancelled. The current views stay. */
export class RebuildFailedError extends Error {
  readonly code = 'rebuild-failed';
  constructor(
    readonly projection: string | null,
    readonly position: bigint | null,
    readonly reason: string,
  ) {
    super(
      projection === null
        ? `The rebuild of the read models stopped: ${reason}.`
        : `The rebuild of the read models stopped: projection ${projection} failed on the event at position ${position}: ${reason}`,
    );
    this.name = 'RebuildFailedError';
  }
}

/** What an error says (a thrown value may be anything). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
