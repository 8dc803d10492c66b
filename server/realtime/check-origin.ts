/**
 * Which pages may open a Socket.IO connection: the server's own pages (console, demo) always, shop pages
 * only when their origin is in WIDGET_ORIGINS. A refused shop is logged, because the shopper sees only
 * "cannot connect" and the retailer needs to learn which setting to change.
 */
import type { Logger } from 'pino';

/** Same-origin pages may always connect; other pages only when listed. */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true; // non-browser clients send no Origin; they still need a valid token or visitor id
  try {
    if (host && new URL(origin).host === host) return true;
  } catch {
    return false;
  }
  return allowed.includes(origin);
}

/** How often the same refused origin is logged again (a widget retries every few seconds). */
const LOG_EVERY_MS = 3_600_000;
/** Origins remembered for rate limiting; beyond this the memory starts over (a flood of made-up origins). */
const MAX_REMEMBERED = 1000;

/**
 * isOriginAllowed plus a warning naming the refused origin and WIDGET_ORIGINS, at most once an hour
 * per origin.
 */
export function createOriginCheck(allowed: readonly string[], logger: Logger, now: () => number = Date.now) {
  const loggedAt = new Map<string, number>();
  return (origin: string | undefined, host: string | undefined): boolean => {
    if (isOriginAllowed(origin, host, allowed)) return true;
    const key = String(origin).slice(0, 200);
    const last = loggedAt.get(key);
    if (last === undefined || now() - last >= LOG_EVERY_MS) {
      if (loggedAt.size >= MAX_REMEMBERED) loggedAt.clear();
      loggedAt.set(key, now());
      logger.warn(
        { origin: key, setting: 'WIDGET_ORIGINS', allowed },
        `refused a widget connection from ${key}: add it to WIDGET_ORIGINS (comma-separated) to let that shop embed the chat`,
      );
    }
    return false;
  };
}
