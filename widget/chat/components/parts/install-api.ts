import { parseLocale } from '../../../loader/parse-settings';
import type { IdentifyInput, ParleyEventMap, ParleyEventName, ParleyGlobal, WidgetLocale } from '../../../protocol/types';
import { createEventBus } from './create-event-bus';
import { replayQueue } from './replay-queue';

/** The events the chat emits for `Parley.on`: held, in order, until installApi gives them a bus. */
export interface ApiEvents {
  held: [ParleyEventName, unknown][];
  emit<K extends ParleyEventName>(name: K, payload: ParleyEventMap[K]): void;
}

/** What the mounted chat hands the parts chunk for `window.Parley` (see widget/chat/install-open.ts). */
export interface ApiContext {
  /** The loader's stub, whose open, close and toggle are already the chat's; its `q` holds the calls since. */
  api: ParleyGlobal;
  /** The calls queued before the chat ran (it has already opened for their open and toggle). */
  queued: unknown[];
  events: ApiEvents;
  /** What the chat does for identify() and setLocale(), their input already checked. */
  identify(identity: IdentifyInput): void;
  setLocale(locale: WidgetLocale): void;
}

/**
 * Installs the rest of the real `window.Parley` when the parts chunk arrives (the chat's own open, close and
 * toggle run from its start: opening never waits for this chunk), then replays the queued calls in order: first
 * those from before the chat ran, with their pre-load meaning (close did nothing, toggle opened: the chat has
 * done both), then those the stub queued since. Invalid input is ignored (identify without an id, an unknown
 * locale). Last, the events the chat emitted meanwhile reach the listeners, those the queue added included.
 * From now on `Parley.q.push([method, ...args])` runs at once, as does the `off` entry that an unsubscribe from
 * before pushes.
 */
export function installApi({ api: stub, queued, events, identify, setLocale }: ApiContext): void {
  const bus = createEventBus();
  const api = {
    identify: (identity?: IdentifyInput) => {
      if (typeof identity?.id === 'string') identify(identity);
    },
    setLocale: (value: unknown) => {
      const locale = parseLocale(value);
      if (locale) setLocale(locale);
    },
    on: bus.on,
  };
  const since = stub.q;
  const live = { open: stub.open, close: stub.close, toggle: stub.toggle, ...api, off: bus.off };
  Object.assign(stub, api, { q: { push: (...entries: unknown[]) => replayQueue(live, entries) } });
  replayQueue({ ...live, open() {}, close() {}, toggle() {} }, queued);
  replayQueue(live, since);
  // Events the replay caused are held too, after the earlier ones: switch to the bus only now, in order.
  events.emit = bus.emit;
  for (const [name, payload] of events.held.splice(0)) bus.emit(name, payload as never);
}
