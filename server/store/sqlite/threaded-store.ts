/**
 * The SQLite store on a worker thread: the server's default. The in-thread adapter (sqlite-store.ts) runs
 * unchanged on the worker (store-thread.ts); here every Store method becomes a message to it and a promise
 * of its answer. Why: under a busy hour a third to two fifths of the event loop went to SQLite (statements,
 * commits, decoding rows), and every shopper waited behind it; on the worker it runs on the second core
 * while the main thread serves sockets. What callers rely on is kept: calls run in the order made (one
 * connection, one queue), a write resolves only once committed, and errors keep their codes (wire-error.ts).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { fromWireError, type WireError } from './wire-error';

/** What the worker reports of the store it opened: its kind and method names, top level and per namespace. */
export interface StoreShape {
  kind: Store['kind'];
  methods: string[];
  namespaces: Record<string, string[]>;
}

export type StoreCall = { type: 'call'; id: number; ns: string | null; method: string; args: unknown[] } | { type: 'close' };

export type StoreReply =
  | { type: 'ready'; shape: StoreShape }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; value?: unknown; error?: WireError }
  | { type: 'closed'; error?: WireError };

// Plain CommonJS the worker evaluates: it loads the TypeScript entry through tsx, as the server itself runs.
const BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

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
        case 'result': {
          const waiter = waiters.get(reply.id);
          if (!waiter) return;
          waiters.delete(reply.id);
          // The thread keeps the process alive only while an answer is awaited, as a pending query would.
          if (waiters.size === 0) worker.unref();
          if (reply.error) waiter.reject(fromWireError(reply.error));
          else waiter.resolve(reply.value);
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
        const message: StoreCall = { type: 'call', id, ns, method, args };
        worker.postMessage(message);
      });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (stopped) return;
      worker.ref();
      const closed = new Promise<WireError | undefined>((resolve) => (onClosed = resolve));
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

  const store: Record<string, unknown> = { kind: shape.kind, close };
  for (const method of shape.methods) store[method] = call(null, method);
  for (const [ns, methods] of Object.entries(shape.namespaces)) {
    store[ns] = Object.fromEntries(methods.map((method) => [method, call(ns, method)]));
  }
  return store as unknown as Store;
}
