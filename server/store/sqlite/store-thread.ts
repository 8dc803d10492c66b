/**
 * The worker side of the threaded SQLite store (threaded-store.ts): opens the in-thread adapter on this
 * thread and runs each call the main thread posts, in arrival order, answering once the call's promise
 * settles (for a write: once its group has committed, as in-thread). Nothing here knows a method by name.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Store } from '../store';
import { openSqliteStore } from './sqlite-store';
import { toWireError } from './wire-error';
import type { Call, Result, StoreCall, StoreReply, StoreShape } from './threaded-store';

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

function shapeOf(store: Store): { shape: StoreShape; find: (ns: string | null, method: string) => ((...args: unknown[]) => Promise<unknown>) | undefined } {
  const root = store as unknown as Record<string, unknown>;
  const shape: StoreShape = { kind: store.kind, methods: [], namespaces: {} };
  for (const [key, value] of Object.entries(root)) {
    if (typeof value === 'function') {
      if (key !== 'close') shape.methods.push(key);
    } else if (typeof value === 'object' && value !== null) {
      shape.namespaces[key] = Object.keys(value).filter((m) => typeof (value as Methods)[m] === 'function');
    }
  }
  const find = (ns: string | null, method: string) => {
    const target = (ns === null ? root : root[ns]) as Methods | undefined;
    const fn = target?.[method];
    return typeof fn === 'function' ? fn.bind(target) : undefined;
  };
  return { shape, find };
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('store-thread.ts runs only as a worker');
  const post = (reply: StoreReply) => port.postMessage(reply);
  let store: Store;
  try {
    store = openSqliteStore((workerData as { file: string }).file);
  } catch (err) {
    post({ type: 'failed', error: toWireError(err) });
    return;
  }
  const { shape, find } = shapeOf(store);
  post({ type: 'ready', shape });

  // Answers settled in this turn go back together, after the turn's group commit.
  let results: Result[] = [];
  const answer = (result: Result) => {
    if (results.length === 0) setImmediate(() => {
      post({ type: 'results', results });
      results = [];
    });
    results.push(result);
  };
  const run = ({ id, ns, method, args }: Call) => {
    const fn = find(ns, method);
    let pending: Promise<unknown>;
    try {
      if (!fn) throw new TypeError(`store has no method ${ns ?? ''}.${method}`);
      pending = fn(...args);
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (value) => answer({ id, value }),
      (err: unknown) => answer({ id, error: toWireError(err) }),
    );
  };

  port.on('message', (call: StoreCall) => {
    if (call.type === 'close') {
      void store.close().then(
        () => { post({ type: 'closed' }); port.close(); },
        (err: unknown) => { post({ type: 'closed', error: toWireError(err) }); port.close(); },
      );
      return;
    }
    for (const one of call.calls) run(one);
  });
}

main();
