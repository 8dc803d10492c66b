import type Database from 'better-sqlite3';

/** Prepares `sql` once and reuses the statement. */
export type Prepare = <P extends unknown[] | object = unknown[], R = unknown>(sql: string) => Database.Statement<P, R>;

/**
 * A prepare that caches statements by SQL text. Patches and list filters build their SQL from the fields
 * given, so the same few shapes recur; compiling each one once keeps hot paths (read receipts, queue
 * listing) cheap. Bounded so an unusual mix of filters cannot grow it without end.
 */
export function statementCache(db: Database.Database, max = 200): Prepare {
  const cache = new Map<string, Database.Statement<unknown[], unknown>>();
  return <P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= max) cache.clear();
      statement = db.prepare<unknown[], unknown>(sql);
      cache.set(sql, statement);
    }
    // The statement's bind and row types are the caller's, as with db.prepare<P, R>.
    return statement as unknown as Database.Statement<P, R>;
  };
}
