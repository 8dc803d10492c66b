/**
 * The resend discipline both apps follow for what they sent and the server has not acknowledged (the
 * shopper's outbox, the agent's replies): send oldest first under the message's own clientId, stop at a
 * transient failure so later messages do not overtake it, go round again when asked meanwhile, and retry
 * on a timer while anything is left. The owner also flushes on every (re)connect, except while the server's
 * retryAfterSeconds (RATE_LIMITED, UNAVAILABLE) has not passed: sending sooner is refused again.
 */
import type { ClientError } from '../../shared/errors';

/** Worth sending again with the same id: the server may have stored it (timeout) or never seen it, or said "later". */
export const isTransient = (e: ClientError): boolean =>
  e.code === 'TIMEOUT' || e.code === 'OFFLINE' || e.code === 'INTERNAL' || e.code === 'RATE_LIMITED' || e.code === 'UNAVAILABLE';

export interface FlushLoop {
  /** Runs passes until done; safe to call any time (a call during a pass makes it go round again). */
  flush(): Promise<void>;
  /** Cancels a scheduled retry. */
  stop(): void;
}

/**
 * `canRun`: connected and ready to send · `pass`: one pass, true when done, else false or the transient failure
 * that stopped it · `hasPending`: something is left to retry on the timer. Plain parameters: the chat chunk
 * counts its bytes.
 */
export function createFlushLoop(
  canRun: () => boolean,
  pass: () => Promise<boolean | ClientError>,
  hasPending: () => boolean,
  retryMs: number,
): FlushLoop {
  let isFlushing = false;
  let isAskedAgain = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Until when the server asked us to wait (Date.now() ms). */
  let notBefore = 0;
  const later = (ms: number): void => {
    clearTimeout(retryTimer);
    // The timer is the try the wait was for: it goes even if it fires a little early.
    retryTimer = setTimeout(() => {
      notBefore = 0;
      void flush();
    }, ms);
  };
  const flush = async (): Promise<void> => {
    if (isFlushing) {
      isAskedAgain = true;
      return;
    }
    const wait = notBefore - Date.now();
    if (wait > 0) return later(wait);
    isFlushing = true;
    let stopped: boolean | ClientError = true;
    try {
      do isAskedAgain = false;
      while (canRun() && (stopped = await pass()) === true && isAskedAgain);
    } finally {
      isFlushing = false;
    }
    const hold = stopped !== true && stopped ? (stopped.retryAfterSeconds ?? 0) * 1000 : 0;
    notBefore = Date.now() + hold;
    // A dead socket may not report its drop for tens of seconds, and nothing else would send a message
    // queued behind an in-flight one: retry on a timer while anything is unacknowledged.
    clearTimeout(retryTimer);
    if (hasPending()) later(Math.max(retryMs, hold));
  };
  return { flush, stop: () => clearTimeout(retryTimer) };
}
