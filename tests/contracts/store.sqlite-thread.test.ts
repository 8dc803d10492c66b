/**
 * The threaded SQLite store (the server's default: history reports on a worker's read-only connection)
 * against the same contract as the in-thread adapter, plus what only the thread can get wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { openThreadedSqliteStore } from '../../server/store/sqlite/threaded-store';
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
