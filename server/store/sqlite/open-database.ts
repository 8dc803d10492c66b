import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from './migrations';

/** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteOptions {
  readOnly?: boolean;
  /**
   * Told the SQL of every statement this connection runs (better-sqlite3's `verbose`), BEGIN and COMMIT
   * included. For tests and the bench that count the statements a message costs; unset in production.
   */
  onStatement?: (sql: string) => void;
}

/**
 * Opens (creating folder and file if needed) the SQLite database at `file`, configured for a chat server:
 * WAL so readers never block the writer, foreign keys on, a busy timeout for a second process on the
 * same file, then migrated to the current schema (a read-only connection is not: the writer migrates).
 */
export function openDatabase(file: string, opts: SqliteOptions = {}): Database.Database {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, opts.onStatement ? { verbose: (sql) => opts.onStatement?.(String(sql)) } : {});
  try {
    // The busy timeout goes first: switching to WAL needs a lock that another starting process may hold.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    // A read connection beside the writer's (threaded-store.ts) finds the schema migrated, and any write
    // through it is a bug that must fail loudly rather than compete for the write lock.
    if (opts.readOnly) db.pragma('query_only = ON');
    else runMigrations(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
