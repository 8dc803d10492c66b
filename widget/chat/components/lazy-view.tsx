/**
 * A view fetched as its own chunk the first time it renders, so opening the chat downloads only what the
 * first answer needs (the chat budget in scripts/size.ts). Renders nothing until the chunk arrives; a chunk
 * that fails to load (flaky network, a deploy replacing hashed files) is tried again the next time the view
 * mounts, and the failure is reported to the console, never thrown into the host page.
 */
import type { ComponentType, FunctionComponent, VNode } from 'preact';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { report } from '../../loader/create-event-bus';

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  let view: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchView = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (v) => (view = v),
      (err: unknown) => {
        pending = null;
        throw err;
      },
    ));
  return function LazyView(props: P): VNode<P> | null {
    const [, rerender] = useState(0);
    useEffect(() => {
      if (view) return;
      let isMounted = true;
      fetchView().then(() => isMounted && rerender((n) => n + 1), report);
      return () => {
        isMounted = false;
      };
    }, []);
    return view ? (h(view, props) as VNode<P>) : null;
  };
}
