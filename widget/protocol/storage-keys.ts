/**
 * The widget's persisted state, shared by the loader (which decides from it whether to connect at once)
 * and the chat (which owns it). Both bundles compile this file: keep it to names and one interface.
 */

/** Namespaced key-value storage that never throws (memory fallback when localStorage is blocked). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  /** Calls fn when another tab changes `key`; returns the unsubscribe function. */
  watch(key: string, fn: (value: string | null) => void): () => void;
}

/** Storage keys (under `parley:<site>:`) both bundles read. */
export const STORAGE_KEYS = {
  token: 'token',
  outbox: 'outbox',
  lastSeq: 'lastSeq',
  /** '1' while the panel is open: restored on the next page and synced across tabs. */
  open: 'open',
  /** Id of the conversation that is still open: the loader then connects at once. */
  conversation: 'conv',
  sound: 'sound',
  /** '1' while the shopper has a request (case) that is not closed: the loader connects at once, for the reply badge. */
  cases: 'cases',
  /** `<conversation>:<case number>` after the leave-a-message form: its confirmation shows again after a reload. */
  formCase: 'formCase',
} as const;
