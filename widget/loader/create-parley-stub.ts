import type { ParleyGlobal } from '../protocol/types';

const METHODS = ['open', 'close', 'toggle', 'identify', 'setLocale', 'on'] as const;

/**
 * `window.Parley` until the chat runs: each documented method queues `[method, ...args]` in `q` for the chat
 * to replay (widget/chat/install-open.ts, then parts/install-api.ts), after the calls the shop's pre-load stub queued (`queued`, kept as
 * they are: the chat's replay skips junk). Open and toggle, queued before or after, load the chat; setLocale
 * relabels the launcher and picks the catalogue. `on` returns an unsubscribe that queues its undoing: once the
 * chat runs, `q.push` runs entries at once, so the same function works before and after.
 */
export function createParleyStub(queued: unknown, load: () => void, setLocale: (locale: unknown) => void): ParleyGlobal {
  const q: unknown[] = Array.isArray(queued) ? queued : [];
  const see = (entry: unknown): void => {
    // Indexing, not destructuring: a junk entry (a number, a plain object) must not throw.
    const m = (entry as unknown[] | null)?.[0];
    if (m === 'open' || m === 'toggle') load();
    if (m === 'setLocale') setLocale((entry as unknown[])[1]);
  };
  const api = { version: '1', q } as unknown as ParleyGlobal;
  for (const m of METHODS) {
    (api as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
      const entry = [m, ...args];
      api.q.push(entry);
      see(entry);
      return m === 'on' ? () => api.q.push(['off', ...args]) : undefined;
    };
  }
  q.forEach(see);
  return api;
}
