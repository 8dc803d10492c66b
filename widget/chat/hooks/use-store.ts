import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../create-store';

/** Re-renders on every change of a store; the subscription ends with the component. */
export function useStore<T>(store: Store<T>): T {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
