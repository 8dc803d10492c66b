/** SQLite specifics of the case tables: the upgrade from a version-1 file and append-only history. */
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
