import { report } from './create-event-bus';
import { parseLocale } from './parse-settings';
import type { ChatHandle, EventBus, IdentifyInput, ParleyEventMap, ParleyEventName, WidgetLocale } from '../protocol/types';

/** `window.Parley` once the loader runs. */
export interface ParleyApi {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: IdentifyInput): void;
  setLocale(locale: string): void;
  on<K extends ParleyEventName>(name: K, fn: (payload: ParleyEventMap[K]) => void): () => void;
}

export interface ParleyApiDeps {
  bus: EventBus;
  /** Loads and mounts the chat chunk (once), then resolves its handle. */
  loadChat(): Promise<ChatHandle>;
  /** The handle if the chat is already mounted. */
  chat(): ChatHandle | null;
  /** Remembers state for a chat that mounts later. */
  onIdentify(identity: IdentifyInput): void;
  onLocale(locale: WidgetLocale): void;
}

/** Builds the public API; every method is safe to call before the chat chunk has loaded. */
export function createParleyApi(deps: ParleyApiDeps): ParleyApi {
  return {
    open: () => void deps.loadChat().then((c) => c.open(), report),
    close: () => deps.chat()?.close(),
    toggle: () => {
      const chat = deps.chat();
      if (chat) chat.toggle();
      else void deps.loadChat().then((c) => c.open(), report);
    },
    identify: (identity) => {
      if (!identity || typeof identity.id !== 'string') return;
      deps.onIdentify(identity);
      deps.chat()?.identify(identity);
    },
    setLocale: (locale) => {
      const resolved = parseLocale(locale);
      if (!resolved) return;
      deps.onLocale(resolved);
      deps.chat()?.setLocale(resolved);
    },
    on: (name, fn) => deps.bus.on(name, fn),
  };
}

/**
 * Replays calls queued by the pre-load stub: entries are `[method, ...args]` arrays or `arguments`
 * objects. Unknown methods are skipped, never thrown on, so a typo in a shop's code cannot break the widget.
 */
export function replayQueue(api: ParleyApi, queue: unknown): void {
  if (!Array.isArray(queue)) return;
  for (const entry of queue) {
    const args: unknown[] = entry && typeof entry === 'object' && 'length' in entry ? Array.from(entry as ArrayLike<unknown>) : [];
    // Inherited names (toString…) resolve to harmless Object methods; anything else unknown is skipped.
    const method: unknown = typeof args[0] === 'string' && args[0] in api ? api[args[0] as keyof ParleyApi] : null;
    if (typeof method !== 'function') continue;
    try {
      (method as (...a: unknown[]) => unknown)(...args.slice(1));
    } catch (err) {
      report(err);
    }
  }
}
