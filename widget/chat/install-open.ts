import type { ParleyApi, ParleyGlobal } from '../protocol/types';

/**
 * The chat's part of taking over `window.Parley` (the parts chunk installs the rest: parts/install-api.ts):
 * opening must not wait for that chunk, so the panel's open, close and toggle replace the stub's at once, and an
 * open or toggle queued before the chat ran (the launcher's click, the shop's `Parley.open()`) opens the panel
 * now. Returns the calls queued so far; the stub queues the others (identify, setLocale, on) in a fresh `q`
 * until the parts chunk replays both.
 */
export function installOpen(api: ParleyGlobal, actions: Pick<ParleyApi, 'open' | 'close' | 'toggle'>): unknown[] {
  const queued = api.q as unknown[];
  api.q = [];
  Object.assign(api, actions);
  // Object(): junk entries (null, a number) have no method name, never a throw.
  if (queued.some((e) => /^(open|toggle)$/.test((Object(e) as unknown[])[0] as string))) actions.open();
  return queued;
}
