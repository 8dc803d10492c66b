/**
 * The worker side of the threaded SQLite store (threaded-store.ts): a read-only connection on this thread
 * that answers the history reports the main thread posts, in arrival order. Only THREAD_READS are answered: a write here would fail anyway (query_only), and anything else
 * belongs on the main thread's connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Store } from '../store';
import { openSqliteStore } from './sqlite-store';
import type { StoreCall, StoreReply } from './read-thread';
import { THREAD_READS } from './threaded-store';
import { toWireError } from './wire-error';

type Method = (...args: unknown[]) => Promise<unknown>;

function find(store: Store, ns: string, method: string): Method | undefined {
  const allowed: readonly string[] | undefined = THREAD_READS[ns as keyof typeof THREAD_READS];
  if (!allowed?.includes(method)) return undefined;
  const target = store[ns as keyof typeof THREAD_READS] as unknown as Record<string, Method>;
  return target[method]?.bind(target);
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('store-thread.ts runs only as a worker');
  const post = (reply: StoreReply) => port.postMessage(reply);
  let store: Store;
  try {
    store = openSqliteStore((workerData as { file: string }).file, { readOnly: true });
  } catch (err) {
    post({ type: 'failed', error: toWireError(err) });
    return;
  }
  post({ type: 'ready' });

  const run = ({ id, ns, method, args }: Extract<StoreCall, { type: 'call' }>) => {
    let pending: Promise<unknown>;
    try {
      const fn = find(store, ns, method);
      if (!fn) throw new TypeError(`the store thread does not answer ${ns}.${method}`);
      pending = fn(...args);
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (value) => post({ type: 'result', id, value }),
      (err: unknown) => post({ type: 'result', id, error: toWireError(err) }),
    );
  };

  port.on('message', (call: StoreCall) => {
    if (call.type === 'close') {
      void store.close().then(
        () => {
          post({ type: 'closed' });
          port.close();
        },
        (err: unknown) => {
          post({ type: 'closed', error: toWireError(err) });
          port.close();
        },
      );
      return;
    }
    run(call);
  });
}

main();
