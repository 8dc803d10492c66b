/**
 * Sends mail off the request path: `enqueue` returns at once, delivery runs in the background and a failed
 * attempt is retried with exponential backoff. Failures are logged with what the mail was about, never with
 * its body; nothing here can throw into the code that enqueued.
 *
 * The queue lives in memory: a mail still retrying when the process stops is lost (logged as such).
 */
import type { Logger } from 'pino';
import type { Mail, Mailer } from './mailer';

export interface MailOutbox {
  /** `about` says what the mail is about in the log (case number, kind); never personal data. */
  enqueue(mail: Mail, about: Record<string, string | number>): void;
  /** Resolves when every mail enqueued so far is delivered or given up (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops retrying; mails still waiting for a retry are dropped and logged. */
  stop(): void;
}

export interface MailOutboxOptions {
  mailer: Mailer;
  logger: Logger;
  /** Attempts per mail, the first included. */
  attempts?: number;
  /** Wait before the first retry; each later retry waits four times longer. */
  backoffMs?: number;
}

export function createMailOutbox(opts: MailOutboxOptions): MailOutbox {
  const { mailer, logger } = opts;
  const attempts = opts.attempts ?? 4;
  const backoffMs = opts.backoffMs ?? 5_000;
  const pending = new Set<Promise<void>>();
  const waits = new Map<NodeJS.Timeout, () => void>();
  let isStopped = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      waits.set(timer, resolve);
    });

  const deliver = async (mail: Mail, about: Record<string, string | number>) => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await mailer.send(mail);
        logger.info({ mail: about, attempt }, 'mail sent');
        return;
      } catch (err) {
        const last = attempt === attempts || isStopped;
        const reason = err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300);
        if (last) {
          logger.error({ mail: about, attempt, reason }, 'mail not delivered: giving up');
          return;
        }
        logger.warn({ mail: about, attempt, reason }, 'mail attempt failed: retrying');
        await sleep(backoffMs * 4 ** (attempt - 1));
        if (isStopped) {
          logger.error({ mail: about, attempt }, 'mail not delivered: shutting down');
          return;
        }
      }
    }
  };

  return {
    enqueue(mail, about) {
      if (isStopped) {
        logger.error({ mail: about }, 'mail not delivered: shutting down');
        return;
      }
      const run = deliver(mail, about).catch((err: unknown) => logger.error({ err, mail: about }, 'mail delivery crashed'));
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop() {
      isStopped = true;
      for (const [timer, wake] of waits) {
        clearTimeout(timer);
        wake();
      }
      waits.clear();
    },
  };
}
