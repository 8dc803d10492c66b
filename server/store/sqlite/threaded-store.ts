/**
 * The SQLite store with its writes on a worker thread: the server's default. The in-thread adapter
 * (sqlite-store.ts) runs unchanged on the worker (store-thread.ts); every write and every heavy read
 * (reports, exports, lists) becomes a message to it and a promise of its answer. Why: under a busy hour a
 * third to two fifths of the event loop went to SQLite (statements, commits, decoding rows), and every
 * shopper waited behind it. The hot point reads a message needs (MAIN_THREAD_READS) stay on a read-only
 * connection on this thread: a round trip to the worker waits for an event-loop turn each way, and a
 * message makes about seven of them, so sending those over cost more latency than their CPU.
 *
 * What callers rely on is kept: the worker runs calls in the order made (one connection, one queue), a
 * write resolves only once committed, so a read made after it resolved sees it, and errors keep their
 * codes (wire-error.ts). As on MongoDB, a read does not see a write it did not wait for.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { openSqliteStore } from './sqlite-store';
import { fromWireError, type WireError } from './wire-error';

/** What the worker reports of the store it opened: its kind and method names, top level and per namespace. */
export interface StoreShape {
  kind: Store['kind'];
  methods: string[];
  namespaces: Record<string, string[]>;
}

export interface Call {
  id: number;
  ns: string | null;
  method: string;
  args: unknown[];
}
export interface Result {
  id: number;
  value?: unknown;
  error?: WireError;
}

/** Calls travel in batches, one per event-loop turn each way: a postMessage costs far more than its payload. */
export type StoreCall = { type: 'calls'; calls: Call[] } | { type: 'close' };

export type StoreReply =
  | { type: 'ready'; shape: StoreShape }
  | { type: 'failed'; error: WireError }
  | { type: 'results'; results: Result[] }
  | { type: 'closed'; error?: WireError };

// Plain CommonJS the worker evaluates: it loads the TypeScript entry through tsx, as the server itself runs.
const BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

/** Indexed point reads every shopper message makes, answered on this thread (all other methods go to the worker). */
const MAIN_THREAD_READS: Readonly<Record<string, readonly string[]>> = {
  '': ['getSetting'],
  visitors: ['get', 'getByTokenHash'],
  conversations: ['get', 'list', 'findOpenByVisitor', 'findLatestByVisitor', 'queuePosition', 'countAssigned'],
  messages: ['findByClientId', 'listSince', 'lastTexts'],
  agents: ['get', 'list'],
};

/** Time a closing worker gets to commit and close its file before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export async function openThreadedSqliteStore(file: string): Promise<Store> {
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { file, entry: path.join(__dirname, 'store-thread.ts'), tsx: require.resolve('tsx/cjs/api') },
  });
  const waiters = new Map<number, Waiter>();
  let nextId = 1;
  // Set once the thread can no longer answer: every call from then on rejects with it.
  let stopped: Error | null = null;
  let onClosed: ((error?: WireError) => void) | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const stop = (err: Error) => {
    stopped ??= err;
    for (const w of waiters.values()) w.reject(err);
    waiters.clear();
  };

  const shape = await new Promise<StoreShape>((resolve, reject) => {
    worker.on('message', (reply: StoreReply) => {
      switch (reply.type) {
        case 'ready':
          resolve(reply.shape);
          return;
        case 'failed':
          reject(fromWireError(reply.error));
          return;
        case 'results': {
          for (const result of reply.results) {
            const waiter = waiters.get(result.id);
            if (!waiter) continue;
            waiters.delete(result.id);
            if (result.error) waiter.reject(fromWireError(result.error));
            else waiter.resolve(result.value);
          }
          // The thread keeps the process alive only while an answer is awaited, as a pending query would.
          if (waiters.size === 0) worker.unref();
          return;
        }
        case 'closed':
          onClosed?.(reply.error);
      }
    });
    worker.on('error', (err: Error) => {
      reject(err);
      stop(new AppError('INTERNAL', { message: `store thread failed: ${err.message}`, cause: err }));
    });
    worker.once('exit', (code) => {
      const err = new AppError('INTERNAL', { message: `store thread exited (code ${code})` });
      reject(err);
      stop(err);
    });
  });
  worker.unref();

  // The calls of this turn, posted together once its callbacks have run (setImmediate: the same turn).
  let batch: Call[] = [];
  const send = () => {
    const calls = batch;
    batch = [];
    if (!stopped) worker.postMessage({ type: 'calls', calls } satisfies StoreCall);
  };
  const call =
    (ns: string | null, method: string) =>
    (...args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        if (stopped) {
          reject(stopped);
          return;
        }
        const id = nextId++;
        if (waiters.size === 0) worker.ref();
        waiters.set(id, { resolve, reject });
        if (batch.length === 0) setImmediate(send);
        batch.push({ id, ns, method, args });
      });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (stopped) return;
      worker.ref();
      const closed = new Promise<WireError | undefined>((resolve) => (onClosed = resolve));
      // Calls made before close() go first, as they would on one connection.
      if (batch.length > 0) send();
      worker.postMessage({ type: 'close' } satisfies StoreCall);
      const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
      const error = await Promise.race([closed, exited.then(() => undefined)]);
      // Calls made after close() fail as they do on a closed in-thread connection.
      stop(new TypeError('The database connection is not open'));
      await exited;
      clearTimeout(timer);
      if (error) throw fromWireError(error);
    })();
    return closing;
  };

  // Opened once the worker has migrated the file.
  const reader = openSqliteStore(file, { readOnly: true }) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  const route = (ns: string | null, method: string) => {
    if (!MAIN_THREAD_READS[ns ?? '']?.includes(method)) return call(ns, method);
    const target = ns === null ? reader : reader[ns];
    return target![method]!.bind(target);
  };
  const store: Record<string, unknown> = {
    kind: shape.kind,
    close: async () => {
      await close();
      await (reader as unknown as Store).close();
    },
  };
  for (const method of shape.methods) store[method] = route(null, method);
  for (const [ns, methods] of Object.entries(shape.namespaces)) {
    store[ns] = Object.fromEntries(methods.map((method) => [method, route(ns, method)]));
  }
  return store as unknown as Store;
}
