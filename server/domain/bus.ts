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
  const fail = (err: unknown, event: DomainEventName) => logger.error({ err, event }, 'domain listener failed');

  return {
    emit(name, payload) {
      const set = listeners.get(name);
      if (!set) return;
      // Called directly, not each through an async wrapper with a `finally`: that was four promises and two
      // closures per listener per event, a few KB per chat message for the young-generation GC. Only what
      // a listener returns that is still running is tracked, and its rejection is logged as a throw is.
      for (const listener of set) {
        let result: unknown;
        try {
          result = (listener as Listener<typeof name>)(payload);
        } catch (err) {
          fail(err, name);
          continue;
        }
        // A listener typed `void` may still return a value (`() => set.delete(x)`): only a thenable is awaited.
        if (typeof (result as PromiseLike<void> | null)?.then !== 'function') continue;
        const run: Promise<void> = Promise.resolve(result as PromiseLike<void>).then(
          () => void pending.delete(run),
          (err: unknown) => {
            pending.delete(run);
            fail(err, name);
          },
        );
        pending.add(run);
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
