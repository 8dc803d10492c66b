import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BotMeta, SenderKind } from '../../shared/model';
import { CASE_ATTACHMENTS_SQL } from '../../server/store/sqlite/attachments.store';
import { listSql } from '../../server/store/sqlite/conversations.store';
import { COUNT_SHOPPER_SINCE_SQL } from '../../server/store/sqlite/messages.store';
import { MIGRATIONS, runMigrations, userVersion, type Migration } from '../../server/store/sqlite/migrations';
import { PURGE_TICKETS_OF_PURGED_CASES_SQL } from '../../server/store/sqlite/privacy.store';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';
import type { Store } from '../../server/store/store';
import { describeStoreContract } from './store.contract';
import { makeConversation } from './store/helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-contract-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
/** A fresh database file in a folder that does not exist yet (the store must create it). */
const freshFile = (): string => path.join(dir, `case-${++fileNo}`, 'parley.db');

describeStoreContract('sqlite', async () => openSqliteStore(path.join(dir, 'contract', 'parley.db')));

describe('SQLite adapter', () => {
  const opened: Store[] = [];
  const open = (file: string): Store => {
    const store = openSqliteStore(file);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  /** Checks `EXPLAIN QUERY PLAN` details on a freshly migrated file, opened read-only. */
  const withPlans = async (check: (plan: (sql: string, params: unknown) => string[]) => void): Promise<void> => {
    const file = freshFile();
    await open(file).getSetting('x');
    const db = new Database(file, { readonly: true });
    try {
      check((sql, params) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail));
    } finally {
      db.close();
    }
  };

  it('creates the folder and file, in WAL mode with foreign keys on', async () => {
    const file = freshFile();
    await open(file).getSetting('x');
    expect(fs.existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(userVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
    } finally {
      db.close();
    }
  });

  it('runs migrations once: reopening the file applies nothing', async () => {
    const file = freshFile();
    const first = open(file);
    await first.close();
    open(file);
    const db = new Database(file);
    try {
      expect(runMigrations(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('applies each migration once, in order, and records the version', () => {
    const db = new Database(':memory:');
    const calls: number[] = [];
    const table = (version: number): Migration => ({
      version,
      up: (d) => {
        d.exec(`CREATE TABLE t${version} (x INTEGER)`);
        calls.push(version);
      },
    });
    const migrations = [table(1), table(2)];
    expect(runMigrations(db, migrations.slice(0, 1))).toEqual([1]);
    expect(runMigrations(db, migrations)).toEqual([2]);
    expect(runMigrations(db, migrations)).toEqual([]);
    expect(calls).toEqual([1, 2]);
    expect(userVersion(db)).toBe(2);
    db.close();
  });

  it('rolls a failing migration back whole, keeping the previous version', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      { version: 1, up: (d) => d.exec('CREATE TABLE a (x INTEGER)') },
      {
        version: 2,
        up: (d) => {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => runMigrations(db, broken)).toThrow('boom');
    expect(userVersion(db)).toBe(0);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer build', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => runMigrations(db)).toThrow(/newer/);
    db.close();
  });

  it('answers every conversation list the server makes through an index, never a full scan', async () => {
    await withPlans((plan) => {
      // The shapes the console, routing and the SLA monitor ask for.
      const shapes = [
        { status: ['waiting' as const], order: 'queue' as const, limit: 500 },
        { status: ['waiting' as const], department: 'orders', order: 'queue' as const, limit: 500 },
        { status: ['waiting' as const, 'assigned' as const], order: 'queue' as const, limit: 1000 },
        { status: ['assigned' as const], assignedAgentId: 'agent-1', limit: 200 },
        { status: ['bot' as const, 'waiting' as const, 'assigned' as const], limit: 50 },
        { status: ['closed' as const], limit: 50 },
        { visitorId: 'visitor-1', limit: 20 },
        // The SLA sweep, every second: answered chats are not read.
        { status: ['assigned' as const], awaitingFirstResponse: true, order: 'queue' as const, limit: 1000 },
        // The idle bot-chat sweep, every second.
        { status: ['bot' as const], updatedAtMost: 1, order: 'stale' as const, limit: 200 },
      ];
      for (const shape of shapes) {
        const { sql, params } = listSql(shape);
        expect({ shape, plan: plan(sql, params).filter((d) => /^SCAN c\b/.test(d)) }).toEqual({ shape, plan: [] });
      }
    });
  });

  it('answers retention\'s ticket purge and the export\'s files of a case through an index (migration 10)', async () => {
    await withPlans((plan) => {
      const purge = plan(PURGE_TICKETS_OF_PURGED_CASES_SQL, { before: 1, limit: 100 });
      expect(purge).toContain('SEARCH t USING INDEX tickets_created (created_at<?)');
      expect(purge.filter((d) => d.startsWith('SCAN'))).toEqual([]);
      expect(plan(CASE_ATTACHMENTS_SQL, ['case-1'])).toEqual(['SEARCH attachments USING INDEX attachments_case (case_id=?)']);
    });
  });

  it('counts unread shopper messages through the (conversation_id, seq) index, visiting only the rows past the read mark', async () => {
    await withPlans((plan) => {
      expect(plan(COUNT_SHOPPER_SINCE_SQL, ['c1', 5])).toEqual(['SEARCH messages USING INDEX messages_seq (conversation_id=? AND seq>?)']);
    });
  });

  it('resolves an assignment only once it is committed, even inside another write\'s open group', async () => {
    const file = freshFile();
    const store = open(file);
    const c = await makeConversation(store);
    await store.conversations.transition(c.id, ['bot'], { status: 'waiting', waitingSince: Date.now() });
    // A write of this turn opens a group: an assignment run inside it is not durable until that group commits.
    const other = store.messages.append({ conversationId: c.id, clientId: null, sender: 'shopper', text: 'anyone there?' });
    const assigned = await store.conversations.assignWithinCapacity(c.id, 'agent-1', 3, Date.now());
    expect(assigned).toMatchObject({ status: 'assigned', assignedAgentId: 'agent-1' });
    // What routing tells the agent then must be what another process (or this one after a crash) reads.
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare('SELECT status FROM conversations WHERE id = ?').get(c.id)).toEqual({ status: 'assigned' });
    } finally {
      reader.close();
    }
    await other;
  });

  it('resolves a token revocation only once it is committed, even inside another write\'s open group', async () => {
    const file = freshFile();
    const store = open(file);
    const agent = await store.agents.create({ email: `revoke-${fileNo}@example.com`, name: 'Rev', passwordHash: 'x', role: 'agent', departments: ['general'], maxChats: 3 });
    const c = await makeConversation(store);
    const other = store.messages.append({ conversationId: c.id, clientId: null, sender: 'shopper', text: 'hello?' });
    const bumped = await store.agents.bumpTokenVersion(agent.id);
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare('SELECT token_version FROM agents WHERE id = ?').get(agent.id)).toEqual({ token_version: bumped!.tokenVersion });
    } finally {
      reader.close();
    }
    await other;
  });

  it('keeps data across close and reopen', async () => {
    const file = freshFile();
    const store = open(file);
    const c = await makeConversation(store);
    const { message } = await store.messages.append({ conversationId: c.id, clientId: 'client-keep-1', sender: 'shopper', text: 'still here?' });
    await store.setSettingIfAbsent('tokenSecret', 's3cret');
    await store.close();

    const again = open(file);
    expect(await again.conversations.get(c.id)).toMatchObject({ id: c.id, lastSeq: 1 });
    expect(await again.messages.listSince(c.id, 0)).toEqual([message]);
    expect(await again.getSetting('tokenSecret')).toBe('s3cret');
    const resend = await again.messages.append({ conversationId: c.id, clientId: 'client-keep-1', sender: 'shopper', text: 'still here?' });
    expect(resend).toEqual({ message, duplicate: true });
  });

  describe('a write failing inside append leaves nothing half-written', () => {
    const expectUntouched = async (store: Store, conversationId: string, lastSeq: number, updatedAt: number) => {
      const c = await store.conversations.get(conversationId);
      expect(c?.lastSeq).toBe(lastSeq);
      expect(c?.updatedAt).toBe(updatedAt);
      expect(await store.messages.listSince(conversationId, 0, { includeInternal: true })).toHaveLength(lastSeq);
    };

    it('on a constraint violation (an unknown sender)', async () => {
      const store = open(freshFile());
      const c = await makeConversation(store);
      await store.messages.append({ conversationId: c.id, clientId: null, sender: 'shopper', text: 'one' });
      const before = (await store.conversations.get(c.id))!;
      const bad = store.messages.append({ conversationId: c.id, clientId: 'client-bad-1', sender: 'robot' as SenderKind, text: 'x' });
      // Matched by message, not toThrow: the native addon's errors may come from another jest module context.
      await expect(bad).rejects.toMatchObject({ message: expect.stringMatching(/CHECK constraint/) });
      await expectUntouched(store, c.id, 1, before.updatedAt);
      const next = await store.messages.append({ conversationId: c.id, clientId: 'client-bad-1', sender: 'shopper', text: 'two' });
      expect(next).toMatchObject({ duplicate: false, message: { seq: 2 } });
    });

    it('on an error thrown after the seq was taken (bot meta that cannot be serialised)', async () => {
      const store = open(freshFile());
      const c = await makeConversation(store);
      const unserialisable = { decision: 'answer', intent: null, confidence: BigInt(1), quickReplies: [] } as unknown as BotMeta;
      const bad = store.messages.append({ conversationId: c.id, clientId: null, sender: 'bot', text: 'x', bot: unserialisable });
      await expect(bad).rejects.toThrow(/BigInt/);
      await expectUntouched(store, c.id, 0, c.updatedAt);
    });
  });

  it('keeps seqs gapless even when one clientId is sent many times at once', async () => {
    const store = open(freshFile());
    const c = await makeConversation(store);
    await Promise.all(Array.from({ length: 10 }, () => store.messages.append({ conversationId: c.id, clientId: 'client-race-2', sender: 'shopper', text: 'x' })));
    const next = await store.messages.append({ conversationId: c.id, clientId: null, sender: 'bot', text: 'y' });
    expect(next.message.seq).toBe(2);
  });

  it('keeps seqs gapless across two stores (two server processes) on one file', async () => {
    const file = freshFile();
    const a = open(file);
    const b = open(file);
    const c = await makeConversation(a);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).messages.append({ conversationId: c.id, clientId: `client-two-${i}`, sender: 'shopper', text: `m${i}` })),
    );
    expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await b.conversations.get(c.id))?.lastSeq).toBe(40);
  });
});
