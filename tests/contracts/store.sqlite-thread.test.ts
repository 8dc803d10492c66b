/**
 * The threaded SQLite store (the server's default: history reports on a worker's read-only connection)
 * against the same contract as the in-thread adapter, plus what only the thread can get wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { AppError } from '../../shared/errors';
import { openThreadedSqliteStore, runningReportThread, type ThreadedStoreOptions } from '../../server/store/sqlite/threaded-store';
import { fromWireError, toWireError } from '../../server/store/sqlite/wire-error';
import type { Store } from '../../server/store/store';
import { describeStoreContract } from './store.contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-thread-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite with reports on a worker thread', () => openThreadedSqliteStore(path.join(dir, 'contract', 'parley.db')));

describe('threaded SQLite store', () => {
  let store: Store;
  let n = 0;
  beforeEach(async () => {
    store = await openThreadedSqliteStore(path.join(dir, `case-${++n}`, 'parley.db'));
  });
  afterEach(async () => {
    await store.close();
  });

  it('a report on the thread sees every write that resolved before it was asked', async () => {
    const at = Date.now();
    for (let i = 0; i < 30; i++) {
      // Not awaited one by one: a batch of writes in one turn shares a commit, resolved together.
      await Promise.all([
        store.analytics.record({ type: 'bot.answered', siteId: 'demo', conversationId: null, at, intent: 'order.status' }),
        store.analytics.record({ type: 'bot.fallback', siteId: 'demo', conversationId: null, at, text: `unknown ${i}` }),
      ]);
      const counts = await store.analytics.counts(at, at + 1);
      expect(counts).toMatchObject({ 'bot.answered': i + 1, 'bot.fallback': i + 1 });
    }
  });

  it('a report whose arguments cannot cross to the thread rejects alone; the others are answered', async () => {
    const at = Date.now();
    await store.analytics.record({ type: 'bot.answered', siteId: 'demo', conversationId: null, at, intent: 'order.status' });
    const uncloneable = { toString: () => 'x' } as unknown as number;
    const [good, bad] = await Promise.allSettled([store.analytics.counts(at, at + 1), store.analytics.counts(uncloneable, at + 1)]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { 'bot.answered': 1 } });
    expect(bad).toMatchObject({ status: 'rejected', reason: { name: 'DataCloneError' } });
    expect(await store.analytics.counts(at, at + 1)).toMatchObject({ 'bot.answered': 1 });
  });

  it('rejects calls made after close, on either thread, and closing twice is one close', async () => {
    await Promise.all([store.close(), store.close()]);
    await expect(store.getSetting('x')).rejects.toThrow(/not open/);
    await expect(store.analytics.counts(0, 1)).rejects.toThrow(/not open/);
  });
});

describe('a report thread that dies', () => {
  let n = 0;
  let logs: Array<{ level: number; msg: string; [k: string]: unknown }>;
  const open = (opts: ThreadedStoreOptions = {}) => {
    logs = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    return openThreadedSqliteStore(path.join(dir, `death-${++n}`, 'parley.db'), { logger, ...opts });
  };
  const kill = async (store: Store) => {
    const thread = await runningReportThread(store);
    if (!thread) throw new Error('no report thread runs');
    await thread.terminate();
    return thread.threadId;
  };
  const stops = () => logs.filter((l) => l.msg.startsWith('report thread stopped:'));
  // OS threads of this process: a worker thread is one, joined by the time its 'exit' is emitted.
  const osThreads = () => fs.readdirSync('/proc/self/task').length;
  const fallback = (at: number, text: string) => ({ type: 'bot.fallback' as const, siteId: 'demo', conversationId: null, at, text });

  it('the next report starts a fresh thread and sees every write, from before and after the death', async () => {
    const store = await open();
    try {
      const at = Date.now();
      await store.analytics.record(fallback(at, 'before'));
      const first = await kill(store);
      expect(await runningReportThread(store)).toBeNull();
      // Chat carries on meanwhile: writes and point reads are on this thread.
      await store.analytics.record(fallback(at, 'after'));
      expect(await store.analytics.counts(at, at + 1)).toEqual({ 'bot.fallback': 2 });
      expect((await store.analytics.misses(at, at + 1, 10)).map((m) => m.text).sort()).toEqual(['after', 'before']);
      const second = (await runningReportThread(store))?.threadId;
      expect(second).toEqual(expect.any(Number));
      expect(second).not.toBe(first);
      expect(stops()).toEqual([expect.objectContaining({ level: 50, threadId: first, exitCode: 1, lost: [], lostCount: 0 })]);
    } finally {
      await store.close();
    }
  });

  it('calls in flight when it dies reject with INTERNAL, none hangs, and one log line names them', async () => {
    const store = await open();
    try {
      const at = Date.now();
      for (let b = 0; b < 10; b++) {
        await Promise.all(Array.from({ length: 1000 }, (_, i) => store.analytics.record(fallback(at + i, `question ${b}-${i}`))));
      }
      // Each of these takes the thread milliseconds (a thousand rows read and cloned), answered in order:
      // when the first is answered the others are still queued on the thread.
      const calls = Array.from({ length: 40 }, () => store.analytics.misses(at, at + 1000, 1000));
      await calls[0];
      await kill(store);
      const settled = await Promise.allSettled(calls.slice(1));
      const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(rejected.length).toBeGreaterThan(0);
      for (const r of rejected) expect(r.reason).toMatchObject({ name: 'AppError', code: 'INTERNAL', message: expect.stringMatching(/report thread exited/) });
      expect(stops()).toHaveLength(1);
      expect(stops()[0]).toMatchObject({ lostCount: rejected.length, lost: rejected.map(() => 'analytics.misses') });
      expect(await store.analytics.counts(at, at + 1000)).toEqual({ 'bot.fallback': 10_000 });
    } finally {
      await store.close();
    }
  });

  it('past the restart limit reports are refused at once with UNAVAILABLE and when to retry, until the window passes; chat carries on', async () => {
    let clock = 1_000_000;
    const store = await open({ restartLimit: { max: 2, windowMs: 60_000 }, now: () => clock });
    try {
      const at = Date.now();
      await store.analytics.record(fallback(at, 'x'));
      for (let i = 0; i < 2; i++) {
        await kill(store);
        clock += 1_000;
        expect(await store.analytics.counts(at, at + 1)).toEqual({ 'bot.fallback': 1 });
      }
      await kill(store);
      clock += 1_000;
      const threads = osThreads();
      await expect(store.analytics.counts(at, at + 1)).rejects.toMatchObject({
        name: 'AppError',
        code: 'UNAVAILABLE',
        retryAfterSeconds: 58,
        message: expect.stringMatching(/restarted 2 times within 60 s; reports refused for 58 s more/),
        userMessage: 'Reports are temporarily unavailable. Try again in 58 s.',
      });
      await expect(store.qa.sample({ from: 0, to: 1, size: 1, seed: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 58 });
      expect(osThreads()).toBe(threads);
      expect(await runningReportThread(store)).toBeNull();
      expect(logs.filter((l) => l.msg.startsWith('report thread stopped too often'))).toHaveLength(1);
      await store.analytics.record(fallback(at, 'y'));
      expect(await store.getSetting('absent')).toBeNull();
      // The first restart leaves the window: one more is allowed.
      clock += 58_000;
      expect(await store.analytics.counts(at, at + 1)).toEqual({ 'bot.fallback': 2 });
    } finally {
      await store.close();
    }
  });

  it('closing after a death starts no thread and leaves none running, also with a restart under way', async () => {
    await fs.promises.stat(dir); // starts libuv's thread pool now, not between the two counts
    const before = osThreads();
    const store = await open();
    const at = Date.now();
    await kill(store);
    expect(await store.analytics.counts(at, at + 1)).toEqual({});
    await kill(store);
    await store.close();
    await expect(store.analytics.counts(at, at + 1)).rejects.toThrow(/not open/);
    expect(osThreads()).toBe(before);

    const again = await open();
    await kill(again);
    // The restart this report begins is still starting when close is asked: close waits for it, then closes it.
    const report = again.analytics.counts(at, at + 1);
    await again.close();
    await expect(report).resolves.toEqual({});
    expect(await runningReportThread(again)).toBeNull();
    expect(osThreads()).toBe(before);
  });
});

describe('errors across the thread', () => {
  // structuredClone is what postMessage does to a value.
  const across = (err: unknown) => fromWireError(structuredClone(toWireError(err)));

  it('an AppError keeps its class, code and user message', () => {
    const back = across(new AppError('NOT_FOUND', { message: 'conversation x not found', userMessage: 'Not found' }));
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ code: 'NOT_FOUND', message: 'conversation x not found', userMessage: 'Not found' });
  });

  it("a driver error keeps its name and code, which callers test (isUniqueViolation)", () => {
    const driver = Object.assign(new Error('UNIQUE constraint failed: agents.email'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(across(driver)).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE', message: driver.message });
  });

  it('anything else thrown becomes an Error with its text', () => {
    expect(across('plain string').message).toBe('plain string');
  });
});
