/**
 * The SQLite store with its history reports on a worker thread: the server's default. Writes and the point
 * reads a chat makes run in-thread (sqlite-store.ts); the aggregate reads over history (THREAD_READS: the
 * service-standard dashboard, the KB-gap report, the QA sample, a shopper's data export) run on a worker
 * (store-thread.ts) with its own read-only connection, as messages answered by promises. Why: on SQLite
 * such a report scans a period's rows, a quarter of a second at 5,000 chats, and on the event loop every
 * shopper waited behind it.
 *
 * Why not every write on the worker too (measured, `npm run bench -- --full`, December 2026): the event loop
 * did a sixth less work per message, but each call is a round trip that waits for a loop turn each way,
 * and a first message makes several in a row: answer p99 went from 143 to 290 ms, hand-off p99 from 117
 * to 521 ms. Reports are few and need no turn-by-turn latency; chat messages are many and do.
 *
 * A report reads what is committed: every write that resolved before it was asked (WAL snapshots).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { openSqliteStore } from './sqlite-store';
import { fromWireError, type WireError } from './wire-error';

export type StoreCall = { type: 'call'; id: number; ns: string; method: string; args: unknown[] } | { type: 'close' };

export type StoreReply =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; value?: unknown; error?: WireError }
  | { type: 'closed'; error?: WireError };

/** Reads over a period's history, answered by the worker; every other method runs on this thread. */
export const THREAD_READS = {
  metrics: ['compute'],
  analytics: ['counts', 'averages', 'average', 'misses', 'intentOutcomes'],
  qa: ['sample'],
  privacy: ['export'],
} as const satisfies { [K in keyof Store]?: readonly (keyof Store[K])[] };

// Plain CommonJS the worker evaluates: it loads the TypeScript entry through tsx, as the server itself runs.
const BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

/** Time a closing worker gets to finish its reads and close its connection before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface ReadThread {
  call(ns: string, method: string): (...args: unknown[]) => Promise<unknown>;
  close(): Promise<void>;
}

export async function openThreadedSqliteStore(file: string): Promise<Store> {
  // In-thread first: it creates and migrates the file the worker then opens read-only.
  const local = openSqliteStore(file);
  let thread: ReadThread;
  try {
    thread = await startReadThread(file);
  } catch (err) {
    await local.close();
    throw err;
  }
  const store: Record<string, unknown> = { ...local };
  for (const [ns, methods] of Object.entries(THREAD_READS)) {
    const target: Record<string, unknown> = { ...(local[ns as keyof typeof THREAD_READS] as object) };
    for (const method of methods) target[method] = thread.call(ns, method);
    store[ns] = target;
  }
  let closing: Promise<void> | null = null;
  store.close = () => {
    closing ??= thread.close().finally(() => local.close());
    return closing;
  };
  return store as unknown as Store;
}

async function startReadThread(file: string): Promise<ReadThread> {
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

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: StoreReply) => {
      switch (reply.type) {
        case 'ready':
          resolve();
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

  let closing: Promise<void> | null = null;
  return {
    call:
      (ns, method) =>
      (...args) =>
        new Promise((resolve, reject) => {
          if (stopped) {
            reject(stopped);
            return;
          }
          const id = nextId++;
          // Throws (and so rejects this call alone) when an argument cannot be structured-cloned.
          worker.postMessage({ type: 'call', id, ns, method, args } satisfies StoreCall);
          if (waiters.size === 0) worker.ref();
          waiters.set(id, { resolve, reject });
        }),
    close() {
      closing ??= (async () => {
        if (stopped) return;
        worker.ref();
        const closed = new Promise<WireError | undefined>((resolve) => (onClosed = resolve));
        // Calls made before close() are answered first: the worker takes messages in order.
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
    },
  };
}
