/**
 * One worker thread of the threaded SQLite store (threaded-store.ts): starts store-thread.ts, posts it
 * report calls and settles their promises from its answers. When the thread dies unasked (an uncaught
 * error, out of memory, terminate) every call it still owed is rejected with INTERNAL and `onStop` is told
 * which; restarting is the caller's decision (report-thread.ts).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { fromWireError, type WireError } from './wire-error';

/** What this thread posts to store-thread.ts, and what it answers. */
export type StoreCall = { type: 'call'; id: number; ns: string; method: string; args: unknown[] } | { type: 'close' };

export type StoreReply =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; value?: unknown; error?: WireError }
  | { type: 'closed'; error?: WireError };

// Plain CommonJS the worker evaluates: it loads the TypeScript entry through tsx, as the server itself runs.
const BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

/** Time a closing worker gets to finish its reads and close its connection before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

/** What a thread that died unasked leaves behind, for the log. */
export interface ThreadStop {
  threadId: number;
  exitCode: number;
  /** The uncaught error, when the thread reported one before exiting. */
  cause?: Error;
  /** `ns.method` of each call it had not answered, in the order they were made. */
  lost: string[];
}

export interface ReadThread {
  readonly threadId: number;
  call(ns: string, method: string, args: unknown[]): Promise<unknown>;
  /** Lets the calls already made finish, then closes the thread's connection; never reports a stop. */
  close(): Promise<void>;
  /** Stops the thread at once, as a crash would: the calls in flight reject and `onStop` is told. */
  terminate(): Promise<void>;
}

interface Waiter {
  name: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export async function startReadThread(file: string, onStop: (stop: ThreadStop) => void): Promise<ReadThread> {
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { file, entry: path.join(__dirname, 'store-thread.ts'), tsx: require.resolve('tsx/cjs/api') },
  });
  // Read now: once the thread has exited the property no longer names it.
  const threadId = worker.threadId;
  const waiters = new Map<number, Waiter>();
  let nextId = 1;
  // True from 'ready' on: a thread that dies while starting fails the start instead of reporting a stop.
  let live = false;
  let closing: Promise<void> | null = null;
  // Set once the thread can no longer answer: every call from then on rejects with it.
  let stopped: Error | null = null;
  let cause: Error | undefined;
  let onClosed: ((error?: WireError) => void) | null = null;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  const stop = (err: Error): string[] => {
    stopped ??= err;
    const lost = [...waiters.values()].map((w) => w.name);
    for (const w of waiters.values()) w.reject(err);
    waiters.clear();
    return lost;
  };

  // 'error' (an uncaught exception, out of memory) is always followed by 'exit': the stop is handled once, there.
  worker.on('error', (err: Error) => (cause ??= err));
  worker.once('exit', (exitCode) => {
    const message = cause ? `report thread failed: ${cause.message}` : `report thread exited (code ${exitCode})`;
    const lost = stop(new AppError('INTERNAL', { message, cause }));
    if (live && !closing) onStop({ threadId, exitCode, cause, lost });
  });

  try {
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
      void exited.then(() => reject(stopped ?? new AppError('INTERNAL', { message: 'report thread exited while starting' })));
    });
  } catch (err) {
    // A thread that could not open its connection is not left behind: the caller may start another.
    await worker.terminate();
    throw err;
  }
  live = true;
  worker.unref();

  return {
    threadId,
    call: (ns, method, args) =>
      new Promise((resolve, reject) => {
        if (stopped) {
          reject(stopped);
          return;
        }
        const id = nextId++;
        // Throws (and so rejects this call alone) when an argument cannot be structured-cloned.
        worker.postMessage({ type: 'call', id, ns, method, args } satisfies StoreCall);
        if (waiters.size === 0) worker.ref();
        waiters.set(id, { name: `${ns}.${method}`, resolve, reject });
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
    async terminate() {
      await worker.terminate();
    },
  };
}
