/** The gateway refused for good (4xx): retrying would not help; the reminder goes to the dead-letter queue. */
export class NotifierPermanentError extends Error {
  readonly kind = 'permanent' as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotifierPermanentError';
  }
}

/** The gateway could not be reached or failed (5xx, timeout): retry with backoff. */
export class NotifierTransientError extends Error {
  readonly kind = 'transient' as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotifierTransientError';
  }
}
