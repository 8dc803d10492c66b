/**
 * The resend discipline both apps follow for what they sent and the server has not acknowledged (the
 * shopper's outbox, the agent's replies): send oldest first under the message's own clientId, stop at a
 * transient failure so later messages do not overtake it, go round again when asked meanwhile, and retry
 * on a timer while anything is left. The owner also flushes on every (re)connect.
 */
import type { ClientError } from '../../shared/errors';

/** Worth sending again with the same id: the server may have stored it (timeout) or never seen it. */
export const isTransient = (e: ClientError): boolean =>
  e.code === 'TIMEOUT' || e.code === 'OFFLINE' || e.code === 'INTERNAL' || e.code === 'RATE_LIMITED';

export interface FlushLoop {
  /** Runs passes until done; safe to call any time (a call during a pass makes it go round again). */
  flush(): Promise<void>;
  /** Cancels a scheduled retry. */
  stop(): void;
}

/**
 * `canRun`: connected and ready to send · `pass`: one pass, false when a transient failure stopped it ·
 * `hasPending`: something is left to retry on the timer. Plain parameters: the chat chunk counts its bytes.
 */
export function createFlushLoop(canRun: () => boolean, pass: () => Promise<boolean>, hasPending: () => boolean, retryMs: number): FlushLoop {
  let isFlushing = false;
  let isAskedAgain = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = async (): Promise<void> => {
    if (isFlushing) {
      isAskedAgain = true;
      return;
    }
    isFlushing = true;
    try {
      do isAskedAgain = false;
      while (canRun() && (await pass()) && isAskedAgain);
    } finally {
      isFlushing = false;
    }
    // A dead socket may not report its drop for tens of seconds, and nothing else would send a message
    // queued behind an in-flight one: retry on a timer while anything is unacknowledged.
    clearTimeout(retryTimer);
    if (hasPending()) retryTimer = setTimeout(() => void flush(), retryMs);
  };
  return { flush, stop: () => clearTimeout(retryTimer) };
}
