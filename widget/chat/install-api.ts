import { parseLocale } from '../loader/parse-settings';
import { replayQueue } from '../loader/replay-queue';
import type { IdentifyInput, ParleyGlobal, WidgetLocale } from '../protocol/types';
import type { EventBus } from './create-event-bus';

/** What the mounted chat does for the public API, its input already checked. */
export interface ChatActions {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: IdentifyInput): void;
  setLocale(locale: WidgetLocale): void;
}

/**
 * Turns the loader's stub (`window.Parley`) into the real API on the mounted chat, then replays the calls it
 * queued, in order. Queued calls keep what they meant before the chat ran: close() did nothing and toggle()
 * opened. Invalid input is ignored (identify without an id, an unknown locale). From now on
 * `Parley.q.push([method, ...args])` runs at once, as does the `off` entry that an unsubscribe from before
 * the chat ran pushes.
 */
export function installApi(stub: ParleyGlobal, bus: EventBus, chat: ChatActions): void {
  const api = {
    open: () => chat.open(),
    close: () => chat.close(),
    toggle: () => chat.toggle(),
    identify: (identity?: IdentifyInput) => {
      if (typeof identity?.id === 'string') chat.identify(identity);
    },
    setLocale: (value: unknown) => {
      const locale = parseLocale(value);
      if (locale) chat.setLocale(locale);
    },
    on: bus.on,
  };
  const queued = stub.q;
  const live = { ...api, off: bus.off };
  Object.assign(stub, api, { q: { push: (...entries: unknown[]) => replayQueue(live, entries) } });
  replayQueue({ ...live, close() {}, toggle: api.open }, queued);
}
