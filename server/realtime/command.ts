/**
 * Wraps a socket command handler: validates the payload with its zod schema, runs it, and always answers
 * the acknowledgement with `Ack<T>`. A bad payload or a failing handler never disconnects the socket.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, fail, ok, type Ack, type WireError } from '../../shared/errors';
import { wellFormedDeep } from '../../shared/well-formed';
import { describeZodError } from '../util/describe-zod-error';

export type RawHandler = (...args: unknown[]) => void;

/** Turns any thrown value into the wire error; unknown errors are logged and hidden. */
export function toWireError(err: unknown, logger: Logger, event: string): { ok: false; error: WireError } {
  if (err instanceof AppError) {
    const failure = fail(err.code, err.userMessage);
    return err.retryAfterSeconds === undefined ? failure : { ok: false, error: { ...failure.error, retryAfterSeconds: err.retryAfterSeconds } };
  }
  logger.error({ err, event }, 'command failed');
  return fail('INTERNAL', 'Something went wrong on our side. Please try again.');
}

export function command<S extends z.ZodType, R>(
  event: string,
  schema: S,
  handler: (payload: z.output<S>) => Promise<R>,
  logger: Logger,
): RawHandler {
  return (...args: unknown[]) => {
    // `emit(event, callback)` arrives as one argument: the callback, not a payload. Without this the
    // callback was parsed as the payload and never answered.
    const ack = args.at(-1);
    const reply = typeof ack === 'function' ? (ack as (a: Ack<R>) => void) : () => undefined;
    const hasPayload = typeof ack === 'function' ? args.length >= 2 : args.length >= 1;
    if (!hasPayload) {
      reply(fail('INVALID_PAYLOAD', 'The command needs a payload ({} when it has no parameters).'));
      return;
    }
    const parsed = schema.safeParse(wellFormedDeep(args[0]));
    if (!parsed.success) {
      const { code, message } = describeZodError(parsed.error);
      reply(fail(code, message));
      return;
    }
    handler(parsed.data).then(
      (data) => reply(ok(data)),
      (err: unknown) => reply(toWireError(err, logger, event)),
    );
  };
}

/** Answers events the namespace does not know with UNKNOWN_EVENT instead of silence. */
export function rejectUnknown(known: ReadonlySet<string>) {
  return (event: string, ...args: unknown[]) => {
    if (known.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') ack(fail('UNKNOWN_EVENT', `Unknown event "${event}".`));
  };
}

/** A per-socket token bucket: `capacity` commands, refilled at `perSecond`. */
export function createRateLimit(capacity: number, perSecond: number, now: () => number = Date.now) {
  let tokens = capacity;
  let last = now();
  return (): boolean => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - last) / 1000) * perSecond);
    last = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
