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
 * A worker that dies is replaced on the next report, within a restart limit (report-thread.ts).
 */
import type { Store } from '../store';
import { openReportThread, type ReportThread, type ReportThreadOptions } from './report-thread';
import { openSqliteStore } from './sqlite-store';
import type { SqliteOptions } from './open-database';

/** Reads over a period's history, answered by the worker; every other method runs on this thread. */
export const THREAD_READS = {
  metrics: ['compute'],
  analytics: ['counts', 'averages', 'average', 'misses', 'intentOutcomes'],
  qa: ['sample'],
  privacy: ['export'],
} as const satisfies { [K in keyof Store]?: readonly (keyof Store[K])[] };

// Each threaded store's report thread, for runningReportThread; a WeakMap so a store's own shape stays the Store contract.
const reportThreads = new WeakMap<Store, ReportThread>();

/** Options: the logger that hears of a report thread's death, and its restart limit (report-thread.ts). */
export type ThreadedStoreOptions = ReportThreadOptions & Pick<SqliteOptions, 'onStatement'>;

export async function openThreadedSqliteStore(file: string, opts: ThreadedStoreOptions = {}): Promise<Store> {
  // In-thread first: it creates and migrates the file the worker then opens read-only.
  const local = openSqliteStore(file, { onStatement: opts.onStatement });
  let thread: ReportThread;
  try {
    thread = await openReportThread(file, opts);
  } catch (err) {
    await local.close();
    throw err;
  }
  const store: Record<string, unknown> = { ...local };
  for (const [ns, methods] of Object.entries(THREAD_READS)) {
    const target: Record<string, unknown> = { ...(local[ns as keyof typeof THREAD_READS] as object) };
    for (const method of methods) target[method] = (...args: unknown[]) => thread.call(ns, method, args);
    store[ns] = target;
  }
  let closing: Promise<void> | null = null;
  store.close = () => {
    closing ??= thread.close().finally(() => local.close());
    return closing;
  };
  reportThreads.set(store as unknown as Store, thread);
  return store as unknown as Store;
}

/**
 * For tests: the thread answering a threaded store's reports now (null while none runs), so that a test
 * can kill it as a crash would and watch the store recover.
 */
export async function runningReportThread(store: Store): Promise<{ threadId: number; terminate(): Promise<void> } | null> {
  return (await reportThreads.get(store)?.running()) ?? null;
}
