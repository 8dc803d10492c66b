import path from 'node:path';
import type { Logger } from 'pino';
import { createMongoStore } from './mongo/mongo-store';
import { openThreadedSqliteStore } from './sqlite/threaded-store';
import type { Store } from './store';

/** The database file inside the data folder. */
export const SQLITE_FILE = 'parley.db';

/**
 * Opens the configured store: MongoDB when a URI is given (several instances), else SQLite at
 * `<dataDir>/parley.db` (its history reports on a worker thread). The only place in the server that knows which adapter runs.
 * The MongoDB store is used once here, so a wrong URI or an unreachable server fails startup
 * with a clear error instead of the first shopper's message.
 */
export async function openStore(opts: { mongodbUri?: string | null; dataDir: string; logger?: Logger }): Promise<Store> {
  if (opts.mongodbUri) {
    const uri = redactUri(opts.mongodbUri);
    const store = createMongoStore(opts.mongodbUri);
    try {
      await store.getSetting('parley.startup-check');
    } catch (err) {
      await store.close();
      throw err;
    }
    opts.logger?.info({ store: 'mongo', uri }, 'store: MongoDB');
    return store;
  }
  const file = path.join(opts.dataDir, SQLITE_FILE);
  // History reports run on a worker thread, so a dashboard over months does not stall every chat.
  const store = await openThreadedSqliteStore(file, { logger: opts.logger });
  opts.logger?.info({ store: 'sqlite', file, thread: true }, 'store: SQLite');
  return store;
}

/** The URI with its password masked, for logs. */
export function redactUri(uri: string): string {
  return uri.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@');
}
