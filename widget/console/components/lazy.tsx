import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code is a separate chunk, fetched the first time it renders (nothing is shown until
 * then). preact/compat's lazy + Suspense would do the same but pull compat into the first load.
 * A failed fetch (deploy in progress, flaky network) is logged and retried on the next render.
 */
export interface LazyComponent<P> {
  (props: P): JSX.Element | null;
  /** Fetches the chunk ahead of the first render (on idle), so opening it later is instant. */
  preload(): void;
}

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchOnce = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        pending = null;
        throw err;
      },
    ));
  function Lazy(props: P) {
    const [, setReady] = useState(loaded !== null);
    useEffect(() => {
      if (loaded) return;
      let isLive = true;
      fetchOnce().then(
        () => isLive && setReady(true),
        (err: unknown) => console.error('[console] chunk failed to load', err),
      );
      return () => {
        isLive = false;
      };
    }, []);
    const Loaded = loaded as ComponentType<P> | null;
    return Loaded ? <Loaded {...props} /> : null;
  }
  Lazy.preload = (): void => void fetchOnce().catch(() => undefined);
  return Lazy;
}
