/**
 * The threaded store's report thread, kept alive: when the thread dies (an uncaught error, out of memory,
 * terminate) its calls in flight reject with INTERNAL (read-thread.ts), one log line says which were lost,
 * and the next report starts a fresh thread. Why lazily, on the next call: no timer to clean up, and a
 * thread nobody asks for costs nothing. Why a limit: a report that kills its thread every time would
 * otherwise restart it for every dashboard load, each start paying for tsx and a connection; past `max`
 * restarts within `windowMs` reports are refused at once (UNAVAILABLE, with when to retry) until the oldest
 * of them leaves the window.
 * Chat never waits on any of this: writes and point reads stay on the main thread's connection.
 */
import type { Logger } from 'pino';
import { AppError } from '../../../shared/errors';
import { startReadThread, type ReadThread, type ThreadStop } from './read-thread';

export interface RestartLimit {
  max: number;
  windowMs: number;
}

export const DEFAULT_RESTART_LIMIT: RestartLimit = { max: 5, windowMs: 60_000 };

export interface ReportThreadOptions {
  logger?: Logger;
  restartLimit?: RestartLimit;
  /** The clock the restart window is counted on: tests move it instead of waiting a minute. */
  now?: () => number;
}

export interface ReportThread {
  call(ns: string, method: string, args: unknown[]): Promise<unknown>;
  /** Closes the running thread, if any, and starts no other: later calls reject as on a closed connection. */
  close(): Promise<void>;
  /** The thread answering now, or null while none runs (dead, not yet restarted, or closed). */
  running(): Promise<ReadThread | null>;
}

/** Starts the first thread (its failure is the caller's: the store does not open). */
export async function openReportThread(file: string, opts: ReportThreadOptions = {}): Promise<ReportThread> {
  const { logger } = opts;
  const limit = opts.restartLimit ?? DEFAULT_RESTART_LIMIT;
  const now = opts.now ?? Date.now;
  // When each restart within the window began, oldest first.
  const restarts: number[] = [];
  let refusing = false;
  let closed = false;
  let closing: Promise<void> | null = null;
  let current: Promise<ReadThread> | null = null;

  const start = (): Promise<ReadThread> => {
    const starting: Promise<ReadThread> = startReadThread(file, (stop) => stopped(starting, stop));
    current = starting;
    return starting;
  };

  const stopped = (thread: Promise<ReadThread>, stop: ThreadStop) => {
    if (current === thread) current = null;
    logger?.error(
      { threadId: stop.threadId, exitCode: stop.exitCode, err: stop.cause, lost: stop.lost, lostCount: stop.lost.length },
      'report thread stopped: its calls in flight were rejected, the next report starts a fresh thread',
    );
  };

  const restart = (): Promise<ReadThread> => {
    const at = now();
    while (restarts.length > 0 && restarts[0]! <= at - limit.windowMs) restarts.shift();
    if (restarts.length >= limit.max) {
      const retryInMs = restarts[0]! + limit.windowMs - at;
      if (!refusing) {
        refusing = true;
        logger?.error({ restarts: restarts.length, windowMs: limit.windowMs, retryInMs }, 'report thread stopped too often: reports refused until the window passes');
      }
      const retryAfterSeconds = Math.ceil(retryInMs / 1000);
      const message = `report thread restarted ${restarts.length} times within ${limit.windowMs / 1000} s; reports refused for ${retryAfterSeconds} s more`;
      // UNAVAILABLE, not INTERNAL: nothing is wrong with this request, and the same one succeeds once the window passes.
      const userMessage = `Reports are temporarily unavailable. Try again in ${retryAfterSeconds} s.`;
      return Promise.reject(new AppError('UNAVAILABLE', { message, userMessage, retryAfterSeconds }));
    }
    refusing = false;
    restarts.push(at);
    logger?.info({ restarts: restarts.length, windowMs: limit.windowMs }, 'report thread restarting');
    const starting = start();
    // A start that fails is forgotten, so the next call tries again (counted against the same limit).
    starting.catch((err: unknown) => {
      if (current === starting) current = null;
      logger?.error({ err }, 'report thread failed to start');
    });
    return starting;
  };

  await start();

  return {
    call(ns, method, args) {
      if (closed) return Promise.reject(new TypeError('The database connection is not open'));
      return (current ?? restart()).then((thread) => thread.call(ns, method, args));
    },
    close() {
      closing ??= (async () => {
        closed = true;
        const thread = await current?.catch(() => null);
        current = null;
        await thread?.close();
      })();
      return closing;
    },
    async running() {
      return (await current?.catch(() => null)) ?? null;
    },
  };
}
