/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside whichever COMMIT pushes the
 * WAL past its threshold: on our event loop, copying pages back into the database file and syncing it (the
 * one fsync synchronous=NORMAL keeps), so every shopper waits behind it. A second connection on a worker
 * runs PASSIVE checkpoints instead (they never block readers or the writer, and never wait for locks); the
 * main connection keeps a much larger automatic threshold only as a backstop, should the worker fall behind.
 * Durability is unchanged: checkpoints only move already committed pages from the WAL into the file.
 */
import { Worker } from 'node:worker_threads';

/** Automatic checkpoint threshold of the main connection while the worker runs (pages; SQLite's default is 1000). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

// Plain CommonJS evaluated by the worker: no TypeScript loader is needed there.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick retries */ }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker and waits for it to close its connection. Idempotent. */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') } });
  // Never the reason the process stays alive.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A failing worker only means checkpoints fall back to the main connection's backstop.
  worker.on('error', () => undefined);
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), 2000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
