import { report } from '../../../loader/report';
import type { ParleyEventMap, ParleyEventName } from '../../../protocol/types';

export interface EventBus {
  on<K extends ParleyEventName>(name: K, fn: (payload: ParleyEventMap[K]) => void): () => void;
  off(name: ParleyEventName, fn: unknown): void;
  emit<K extends ParleyEventName>(name: K, payload: ParleyEventMap[K]): void;
}

type Listener = (payload: never) => void;

/** The `Parley.on` emitter: a throwing host listener must not break the widget or other listeners. */
export function createEventBus(): EventBus {
  const listeners = new Map<ParleyEventName, Set<Listener>>();
  const bus: EventBus = {
    on(name, fn) {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(fn as Listener);
      return () => bus.off(name, fn);
    },
    off(name, fn) {
      listeners.get(name)?.delete(fn as Listener);
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
  return bus;
}
