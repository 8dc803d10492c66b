import mongoose, { type Connection } from 'mongoose';
import { AppError } from '../../../shared/errors';
import { copyTicketsToCases } from './copy-tickets';
import { defineModels, type Models } from './models';

/** How long an operation waits for a reachable server before failing, unless the URI sets its own. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

export interface LazyConnection {
  /** The models, connecting (and creating indexes) on first use; a failed attempt is retried on the next call. */
  models(): Promise<Models>;
  /** Idempotent; later calls to models() fail. */
  close(): Promise<void>;
}

/**
 * A mongoose connection of the store's own (createConnection, not the global mongoose.connect), opened on
 * first use so that constructing the store never blocks or fails startup ordering.
 */
export function connectLazily(uri: string): LazyConnection {
  let conn: Connection | null = null;
  let ready: Promise<Models> | null = null;
  let closed = false;

  const connect = async (): Promise<Models> => {
    // Options passed here override the URI's, so the default timeout is only applied when the URI has none.
    const hasTimeout = /[?&]serverSelectionTimeoutMS=/i.test(uri);
    const c = mongoose.createConnection(uri, {
      autoIndex: false,
      autoCreate: false,
      ...(hasTimeout ? {} : { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS }),
    });
    conn = c;
    try {
      await c.asPromise();
      const models = await defineModels(c);
      await copyTicketsToCases(models);
      return models;
    } catch (cause) {
      conn = null;
      await c.close().catch(() => undefined);
      throw new AppError('INTERNAL', { message: `cannot connect to MongoDB: ${errorText(cause)}`, cause });
    }
  };

  return {
    models() {
      if (closed) return Promise.reject(new AppError('INTERNAL', { message: 'the MongoDB store is closed' }));
      ready ??= connect().catch((err: unknown) => {
        ready = null;
        throw err;
      });
      return ready;
    },
    async close() {
      closed = true;
      const c = conn;
      conn = null;
      if (c) await c.close();
    },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
