/** A minimal observable state holder: the transport and the panel state use it; hooks subscribe to it. */
export interface Store<T> {
  get(): T;
  set(patch: Partial<T>): void;
  /** Returns the unsubscribe function. */
  subscribe(fn: (state: T) => void): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<(state: T) => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const fn of [...listeners]) fn(state);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}
