import type { EventBus, ParleyEventMap, ParleyEventName } from '../protocol/types';

/** Logs a widget failure without throwing into the host page. */
export const report = (err: unknown): void => console.error('[parley]', err);

type Listener = (payload: never) => void;

/** The `Parley.on` emitter: a throwing host listener must not break the widget or other listeners. */
export function createEventBus(): EventBus {
  const listeners = new Map<ParleyEventName, Set<Listener>>();
  return {
    on(name, fn) {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(fn as Listener);
      return () => void set.delete(fn as Listener);
    },
    emit<K extends ParleyEventName>(name: K, payload: ParleyEventMap[K]) {
      for (const fn of [...(listeners.get(name) ?? [])]) {
        try {
          (fn as (p: ParleyEventMap[K]) => void)(payload);
        } catch (err) {
          report(err);
        }
      }
    },
  };
}
