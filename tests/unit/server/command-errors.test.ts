/**
 * The socket edge passes on when to retry: an UNAVAILABLE refusal's ack carries `retryAfterSeconds` as
 * RATE_LIMITED's does, so a client can wait instead of retrying at once.
 */
import pino from 'pino';
import { z } from 'zod';
import { AppError, type Ack } from '../../../shared/errors';
import { command } from '../../../server/realtime/command';

const logger = pino({ level: 'silent' });

function run(err: unknown): Promise<Ack<null>> {
  const handler = command('report:run', z.object({}), () => Promise.reject(err), logger);
  return new Promise((resolve) => handler({}, resolve));
}

describe('command acks for refusals', () => {
  test('UNAVAILABLE with its retry time: the user message and retryAfterSeconds, not the log detail', async () => {
    const err = new AppError('UNAVAILABLE', { message: 'report thread restarted 5 times', userMessage: 'Try again in 30 s.', retryAfterSeconds: 30 });
    expect(await run(err)).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'Try again in 30 s.', retryAfterSeconds: 30 } });
  });

  test('an AppError without a retry time has no retryAfterSeconds; an unknown error is INTERNAL', async () => {
    expect(await run(new AppError('INVALID_STATE', { message: 'Already closed.' }))).toEqual({ ok: false, error: { code: 'INVALID_STATE', message: 'Already closed.' } });
    expect(await run(new Error('boom'))).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' } });
  });
});
