/**
 * SQLite specifics of the case tables: the upgrade from a version-1 file, append-only history, and the rebuild
 * that lets a case's source be 'system' (migration 11) keeping every case's messages, events and read mark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, runMigrations, userVersion } from '../../server/store/sqlite/migrations';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cases-sqlite-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('upgrades a version-1 file with tickets in it, keeping them, and numbers cases after them', async () => {
  const file = path.join(dir, 'v1.db');
  const db = new Database(file);
  runMigrations(db, MIGRATIONS.slice(0, 1));
  db.prepare(`INSERT INTO tickets (id, number, site_id, visitor_id, conversation_id, department, name, email, message, status, created_at)
    VALUES ('t1', 1, 's', 'v', NULL, 'general', 'Li', 'li@example.com', 'hello', 'open', 1)`).run();
  db.prepare(`INSERT INTO counters (name, value) VALUES ('ticket', 1)`).run();
  db.close();

  const store = openSqliteStore(file);
  try {
    expect((await store.tickets.get('t1'))?.message).toBe('hello');
    const c = await store.cases.create({
      siteId: 's', priority: 'C', department: 'general', category: 'general', subject: 'x', locale: 'en', source: 'ticket',
      customerId: null, visitorId: 'v', conversationId: null, contactName: null, contactEmail: null, assigneeId: null,
      firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: 1, actor: { kind: 'system', id: null },
    });
    // Cases continue the tickets' numbering, so no number a shopper was given is given again.
    expect(c.number).toBe(2);
    expect((await store.tickets.create({ siteId: 's', visitorId: 'v', conversationId: null, department: 'general', name: 'Li', email: 'li@example.com', message: 'again' })).number).toBe(3);
  } finally {
    await store.close();
  }
  const check = new Database(file, { readonly: true });
  expect(userVersion(check)).toBe(MIGRATIONS.at(-1)?.version);
  check.close();
});

it('refuses to change a stored case message or event, even by direct SQL', async () => {
  const file = path.join(dir, 'append-only.db');
  const store = openSqliteStore(file);
  const c = await store.cases.create({
    siteId: 's', priority: 'C', department: 'general', category: 'general', subject: 'x', locale: 'en', source: 'form',
    customerId: null, visitorId: 'v', conversationId: null, contactName: null, contactEmail: null, assigneeId: null,
    firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: 1, actor: { kind: 'customer', id: null },
  });
  await store.cases.appendMessage({ caseId: c.id, kind: 'shopper', authorId: null, authorName: null, text: 'original', createdAt: 2 });
  await store.close();
  const db = new Database(file);
  try {
    expect(() => db.prepare(`UPDATE case_messages SET text = 'rewritten'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE case_events SET type = 'x'`).run()).toThrow(/append-only/);
    expect(db.prepare('SELECT text FROM case_messages').pluck().all()).toEqual(['original']);
  } finally {
    db.close();
  }
});

it('copies stored tickets into cases on upgrade: same number, the thread both ways, a seen reply read, no clocks', async () => {
  const file = path.join(dir, 'v5-tickets.db');
  const db = new Database(file);
  runMigrations(db, MIGRATIONS.filter((m) => m.version <= 5));
  const identity = JSON.stringify({ externalId: 'cust-9', name: 'Li', email: 'li@example.com', verified: false, idVerified: true, tier: null });
  db.prepare(`INSERT INTO visitors (id, site_id, token_hash, identity, locale, created_at, last_seen_at) VALUES ('v1', 'shop', 'h1', ?, 'zh', 1, 1)`).run(identity);
  db.prepare(`INSERT INTO agents (id, email, email_key, name, password_hash, role, departments, max_chats, created_at)
    VALUES ('a1', 'ann@x.test', 'ann@x.test', 'Ann', 'x', 'agent', '["general"]', 5, 1)`).run();
  const insert = db.prepare(`INSERT INTO tickets (id, number, site_id, visitor_id, conversation_id, department, name, email, message, status,
    reply, replied_by, created_at, replied_at, reply_seen) VALUES (?, ?, 'shop', 'v1', NULL, ?, 'Li', 'li@example.com', ?, ?, ?, ?, ?, ?, ?)`);
  insert.run('t1', 7, 'orders', '包裹没到\n订单 48213', 'answered', '已经发货了', 'a1', 1000, 2000, 1);
  insert.run('t2', 8, 'general', 'Do you ship to Norway?', 'open', null, null, 3000, null, 0);
  db.prepare(`INSERT INTO counters (name, value) VALUES ('ticket', 8)`).run();
  db.close();

  const store = openSqliteStore(file);
  try {
    const answered = await store.cases.getByNumber(7);
    expect(answered).toMatchObject({
      source: 'ticket', status: 'open', department: 'orders', locale: 'zh', subject: '包裹没到', customerId: 'cust-9', visitorId: 'v1',
      contactName: 'Li', contactEmail: 'li@example.com', createdAt: 1000, firstResponseAt: 2000, lastSeq: 2,
      firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, version: 1,
    });
    expect((await store.cases.listMessages(answered!.id)).map((m) => [m.seq, m.kind, m.text, m.authorName])).toEqual([
      [1, 'shopper', '包裹没到\n订单 48213', 'Li'], [2, 'reply', '已经发货了', 'Ann'],
    ]);
    expect(await store.cases.unread([answered!.id])).toEqual({ [answered!.id]: { readSeq: 2, unread: 0 } });
    expect((await store.cases.listEvents(answered!.id)).map((e) => [e.type, e.actor])).toEqual([['created', { kind: 'system', id: null }]]);
    expect(await store.cases.getByNumber(8)).toMatchObject({ status: 'new', firstResponseAt: null, lastSeq: 1, locale: 'zh' });
    // The tickets stay, and old ones have nothing for the sweep to do.
    expect((await store.tickets.get('t1'))?.reply).toBe('已经发货了');
    expect(await store.cases.list({ dueBefore: Number.MAX_SAFE_INTEGER })).toEqual([]);
    const next = await store.cases.create({
      siteId: 'shop', priority: 'C', department: 'general', category: 'general', subject: 'x', locale: 'en', source: 'form',
      customerId: null, visitorId: 'v1', conversationId: null, contactName: null, contactEmail: null, assigneeId: null,
      firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: 4000, actor: { kind: 'customer', id: null },
    });
    expect(next.number).toBe(9);
  } finally {
    await store.close();
  }
});

it('upgrades a version-10 file to take system-opened cases, keeping each case’s thread, events, read mark and indexes', async () => {
  const file = path.join(dir, 'v10.db');
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  runMigrations(db, MIGRATIONS.filter((m) => m.version <= 10));
  db.prepare(`INSERT INTO cases (id, number, site_id, status, priority, tier, department, category, subject, locale, source, created_at, updated_at, confirmation)
    VALUES ('k1', 1, 's', 'solved', 'B', 'L1', 'general', 'general', 'Parcel', 'en', 'agent', 1, 2, '{"requestedAt":2,"closesAt":99,"answer":null,"answeredAt":null}')`).run();
  db.prepare(`INSERT INTO case_messages (id, case_id, seq, kind, text, created_at) VALUES ('m1', 'k1', 1, 'note', 'why', 1)`).run();
  db.prepare(`INSERT INTO case_events (id, case_id, type, actor_kind, at, data) VALUES ('e1', 'k1', 'created', 'system', 1, '{}')`).run();
  db.prepare(`INSERT INTO case_reads (case_id, read_seq) VALUES ('k1', 1)`).run();
  expect(() => db.prepare(`UPDATE cases SET source = 'system'`).run()).toThrow(/CHECK/);
  const indexes = () => db.prepare(`SELECT name FROM sqlite_schema WHERE tbl_name = 'cases' AND type = 'index' AND sql IS NOT NULL ORDER BY name`).pluck().all();
  const before = indexes();
  expect(runMigrations(db)).toEqual(MIGRATIONS.filter((m) => m.version > 10).map((m) => m.version));

  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(indexes()).toEqual(before);
  expect(db.prepare(`SELECT closes_at FROM cases WHERE id = 'k1'`).pluck().get()).toBe(99);
  expect(db.prepare(`SELECT text FROM case_messages`).pluck().all()).toEqual(['why']);
  expect(db.prepare(`SELECT id FROM case_events`).pluck().all()).toEqual(['e1']);
  expect(db.prepare(`SELECT read_seq FROM case_reads`).pluck().all()).toEqual([1]);
  db.prepare(`UPDATE cases SET source = 'system'`).run();
  expect(() => db.prepare(`UPDATE cases SET source = 'nobody'`).run()).toThrow(/CHECK/);
  // The children still point at the cases table: deleting the case still takes its thread with it.
  db.prepare(`DELETE FROM cases WHERE id = 'k1'`).run();
  expect(db.prepare(`SELECT COUNT(*) FROM case_messages`).pluck().get()).toBe(0);
  expect(db.prepare(`SELECT COUNT(*) FROM case_reads`).pluck().get()).toBe(0);
  db.close();
});
