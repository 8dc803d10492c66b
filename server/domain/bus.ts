/** A typed, in-process event bus. Listener errors are logged, never thrown back at the emitter. */
import type { Logger } from 'pino';
import type { DomainEventName, DomainEvents } from './events';

type Listener<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export interface Bus {
  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void;
  /** Returns an unsubscribe function. */
  on<K extends DomainEventName>(name: K, listener: Listener<K>): () => void;
  /** Resolves when every listener started so far has settled (tests and graceful shutdown use it). */
  idle(): Promise<void>;
}

export function createBus(logger: Logger): Bus {
  const listeners = new Map<DomainEventName, Set<Listener<DomainEventName>>>();
  const pending = new Set<Promise<void>>();

  return {
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        const run = (async () => {
          try {
            await (listener as Listener<typeof name>)(payload);
          } catch (err) {
            logger.error({ err, event: name }, 'domain listener failed');
          }
        })();
        pending.add(run);
        void run.finally(() => pending.delete(run));
      }
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<DomainEventName>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<DomainEventName>);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
