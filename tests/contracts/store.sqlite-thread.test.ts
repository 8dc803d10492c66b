/**
 * The threaded SQLite store (the server's default) against the same contract as the in-thread adapter,
 * plus what only the thread can get wrong: error codes across the port, order of calls, close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';
import { openThreadedSqliteStore } from '../../server/store/sqlite/threaded-store';
import type { Store } from '../../server/store/store';
import { describeStoreContract } from './store.contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-thread-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite on a worker thread', () => openThreadedSqliteStore(path.join(dir, 'contract', 'parley.db')));

describe('threaded SQLite store', () => {
  let store: Store;
  let file: string;
  let n = 0;
  beforeEach(async () => {
    file = path.join(dir, `case-${++n}`, 'parley.db');
    store = await openThreadedSqliteStore(file);
  });
  afterEach(async () => {
    await store.close();
  });

  const conversation = async () => {
    const visitor = await store.visitors.create({ siteId: 'demo', tokenHash: `t-${Math.random()}`, locale: 'en' });
    return store.conversations.create({ siteId: 'demo', visitorId: visitor.id, locale: 'en', department: 'general' });
  };

  it('keeps an AppError code across the thread', async () => {
    const err: unknown = await store.messages
      .append({ conversationId: 'no-such', sender: 'shopper', text: 'hi', clientId: null })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NOT_FOUND');
  });

  it('turns a duplicate agent e-mail into CONFLICT, as in-thread', async () => {
    const agent = { email: 'dup@example.com', name: 'A', passwordHash: 'x', role: 'agent' as const, departments: ['general'], maxChats: 3 };
    await store.agents.create(agent);
    await expect(store.agents.create(agent)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('runs calls in the order they were made and resolves writes committed', async () => {
    const c = await conversation();
    // Not awaited one by one: the thread must still append them in call order.
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.messages.append({ conversationId: c.id, sender: 'shopper', text: `m${i}`, clientId: `c${i}` })),
    );
    expect(appended.map((a) => a.message.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Another connection sees every resolved write: each was committed before its promise resolved.
    const other = openSqliteStore(file);
    try {
      const seen = await other.messages.listSince(c.id, 0);
      expect(seen.map((m) => m.text)).toEqual(appended.map((a) => a.message.text));
    } finally {
      await other.close();
    }
  });

  it('rejects calls made after close, and closing twice is one close', async () => {
    await Promise.all([store.close(), store.close()]);
    await expect(store.getSetting('x')).rejects.toThrow(/not open/);
  });

  it('fails to open with the reason when the file cannot be a database', async () => {
    const bad = path.join(dir, 'not-a-db');
    fs.writeFileSync(bad, 'this is not an SQLite file, but it is long enough to have a header of sorts........');
    await expect(openThreadedSqliteStore(bad)).rejects.toThrow(/not a database|file is not/i);
  });
});
