import { report } from '../../../loader/report';

/**
 * Runs queued calls through `table`: entries are `[method, ...args]` arrays or `arguments` objects (as the
 * shop's pre-load stub pushes them). Anything else, and unknown methods, are skipped, never thrown on, so a
 * typo in a shop's code cannot break the widget; a call that throws is reported and the next one still runs.
 */
export function replayQueue(table: object, queue: unknown): void {
  if (!Array.isArray(queue)) return;
  for (const entry of queue) {
    // Object(): a number or string entry has no `length` worth reading, null none at all.
    const [name, ...args] = Array.from(Object(entry) as ArrayLike<unknown>);
    // Inherited names (toString…) resolve to harmless Object methods; anything else unknown is undefined.
    const method: unknown = (table as Record<string, unknown>)[name as string];
    if (typeof method !== 'function') continue;
    try {
      (method as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      report(err);
    }
  }
}
