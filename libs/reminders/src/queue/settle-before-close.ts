/** How long closing waits for a BullMQ connection still being set up. */
const SETTLE_MS = 2000;

/**
 * BullMQ closes a connection whose set-up is still running by removing its listeners, and the
 * set-up's failure ("Connection is closed") is then emitted with nobody listening: an uncaught
 * error. Waiting (bounded: Redis may be down) for the set-up to finish before closing avoids it.
 */
export async function settleBeforeClose(ready: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ready().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, SETTLE_MS))),
  ]);
  clearTimeout(timer);
}
