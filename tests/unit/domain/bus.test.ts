/**
 * The domain bus (server/domain/bus.ts): listeners run in the emitter's turn, a failing one (thrown or
 * rejected) is logged and never reaches the emitter or the other listeners, and idle() waits for the ones
 * still running.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { createBus } from '../../../server/domain/bus';
import type { DomainEvents } from '../../../server/domain/events';

/** A real pino logger writing its lines where the test can read them. */
function capturingLogger() {
  const lines: { msg: string; event?: string; err?: { message: string } }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { logger: pino({ level: 'error' }, stream), lines };
}

const payload: DomainEvents['agents.changed'] = { agentId: 'a1' };
const flush = () => new Promise((resolve) => setImmediate(resolve));

test('every listener runs synchronously in emit, in order, despite one throwing', async () => {
  const { logger, lines } = capturingLogger();
  const bus = createBus(logger);
  const seen: string[] = [];
  bus.on('agents.changed', () => void seen.push('first'));
  bus.on('agents.changed', () => {
    seen.push('thrower');
    throw new Error('boom');
  });
  // Typed void, returns a boolean: must not be taken for a promise.
  bus.on('agents.changed', () => seen.push('third') > 0 as unknown as void);
  expect(() => bus.emit('agents.changed', payload)).not.toThrow();
  expect(seen).toEqual(['first', 'thrower', 'third']);
  await flush();
  expect(lines).toEqual([expect.objectContaining({ msg: 'domain listener failed', event: 'agents.changed', err: expect.objectContaining({ message: 'boom' }) })]);
});

test('idle() waits for async listeners; a rejection is logged, not thrown', async () => {
  const { logger, lines } = capturingLogger();
  const bus = createBus(logger);
  let finished = false;
  bus.on('agents.changed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    finished = true;
  });
  bus.on('agents.changed', async () => {
    await flush();
    throw new Error('late');
  });
  bus.emit('agents.changed', payload);
  expect(finished).toBe(false);
  await bus.idle();
  expect(finished).toBe(true);
  await flush();
  expect(lines.map((l) => l.err?.message)).toEqual(['late']);
});

test('an unsubscribed listener is not called, and an event nobody hears is fine', async () => {
  const bus = createBus(capturingLogger().logger);
  let calls = 0;
  const off = bus.on('agents.changed', () => void calls++);
  off();
  bus.emit('agents.changed', payload);
  bus.emit('conversation.changed', {} as DomainEvents['conversation.changed']);
  await bus.idle();
  expect(calls).toBe(0);
});
