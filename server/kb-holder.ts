/**
 * Holds the live bot and swaps it on reload. A KB that fails validation never replaces a good one:
 * shoppers keep getting answers from the last good KB while the error is reported.
 */
import type { Logger } from 'pino';
import { AppError } from '../shared/errors';
import { createBot, type Bot } from './bot/create-bot';
import { loadKb } from './bot/load-kb';
import { watchKb } from './bot/watch-kb';

export interface KbStatus {
  name: string;
  dir: string;
  intents: number;
  loadedAt: number;
  lastError: { message: string; at: number } | null;
}

export interface KbHolder {
  bot(): Bot;
  /** Reloads from disk; throws AppError('KB_INVALID') and keeps the current bot when the KB is broken. */
  reload(): Promise<KbStatus>;
  status(): KbStatus;
  /** Watches the folder for edits; returns stop(). */
  watch(): () => void;
}

export async function createKbHolder(dir: string, logger: Logger, now: () => number = Date.now): Promise<KbHolder> {
  let bot = createBot(await loadKb(dir));
  let loadedAt = now();
  let lastError: KbStatus['lastError'] = null;

  const status = (): KbStatus => ({ name: bot.kb.name, dir, intents: bot.kb.intents.length, loadedAt, lastError });
  const swap = (next: Bot) => {
    bot = next;
    loadedAt = now();
    lastError = null;
    logger.info({ kb: next.kb.name, intents: next.kb.intents.length }, 'knowledge base loaded');
  };
  const reject = (err: AppError) => {
    lastError = { message: err.message, at: now() };
    logger.error({ code: err.code, message: err.message }, 'knowledge base rejected; keeping the last good one');
  };

  return {
    bot: () => bot,
    status,
    async reload() {
      try {
        swap(createBot(await loadKb(dir)));
        return status();
      } catch (err) {
        const appErr = err instanceof AppError ? err : new AppError('KB_INVALID', { message: String(err), cause: err });
        reject(appErr);
        throw appErr;
      }
    },
    watch() {
      return watchKb(dir, { onReload: (kb) => swap(createBot(kb)), onError: reject });
    },
  };
}
