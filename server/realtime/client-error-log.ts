/**
 * Logging what a client sent without letting the client write our log: only a short, capped summary of
 * the payload, and at most a few lines per socket per minute (then one line saying the rest were dropped).
 */
import type { Logger } from 'pino';

/** Characters kept of any client-supplied text. */
const MAX_TEXT = 200;
const LINES_PER_WINDOW = 5;
const WINDOW_MS = 60_000;

/** A short description of an arbitrary value: its kind, size and, for text, the first characters. */
export function summarise(value: unknown): Record<string, unknown> {
  const cap = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}… (${s.length} chars)` : s);
  if (typeof value === 'string') return { type: 'string', text: cap(value) };
  if (value instanceof Error) return { type: 'Error', name: cap(value.name), text: cap(value.message) };
  if (value === null || typeof value !== 'object') return { type: typeof value };
  const message = (value as { message?: unknown }).message;
  return {
    type: Array.isArray(value) ? 'array' : 'object',
    keys: Object.keys(value).slice(0, 10).map(cap),
    ...(typeof message === 'string' ? { text: cap(message) } : {}),
  };
}

/** A per-socket logger for client-caused events: capped and rate-limited. */
export function createClientErrorLog(log: Logger, now: () => number = Date.now) {
  let windowStart = now();
  let lines = 0;
  let dropped = 0;
  return (msg: string, payload: unknown): void => {
    const t = now();
    if (t - windowStart >= WINDOW_MS) {
      if (dropped > 0) log.warn({ dropped }, 'client error log lines dropped');
      windowStart = t;
      lines = 0;
      dropped = 0;
    }
    if (lines >= LINES_PER_WINDOW) {
      dropped += 1;
      return;
    }
    lines += 1;
    log.warn({ payload: summarise(payload) }, msg);
  };
}
