/**
 * Retention on a real SQLite file and disk blob store: a backlog larger than one batch is purged whole, batch
 * by batch, with the files of the purged cases; with RETENTION_DAYS unset nothing goes. Ticket rows copied into
 * cases on upgrade go with their case.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createAttachmentService } from '../../server/attachments/attachment-service';
import { createDiskBlobStore } from '../../server/blobs/disk/disk-blob-store';
import { CASE_PURGE_BATCH, createRetention } from '../../server/privacy/retention';
import { MIGRATIONS, runMigrations } from '../../server/store/sqlite/migrations';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';
import type { Store } from '../../server/store/store';

const DAY = 86_400_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-retention-'));
let store: Store;
beforeAll(() => {
  store = openSqliteStore(path.join(dir, 'parley.db'));
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function closedCase(closedAt: number): Promise<string> {
  const c = await store.cases.create({
    siteId: 'demo', priority: 'C', department: 'general', category: 'general', subject: 'old', locale: 'en', source: 'form',
    customerId: null, visitorId: null, conversationId: null, contactName: 'Pat', contactEmail: 'pat@example.com', assigneeId: null,
    firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: closedAt - DAY, actor: { kind: 'customer', id: null },
  });
  await store.cases.appendMessage({ caseId: c.id, kind: 'shopper', authorId: null, authorName: 'Pat', text: 'my address', createdAt: closedAt - DAY });
  await store.cases.update(c.id, {}, {
    patch: { status: 'closed', closedAt, resolution: 'dismissed' },
    changes: [{ type: 'status', from: 'new', to: 'closed', cause: 'dismissed' }],
    actor: { kind: 'agent', id: 'agent-a' },
    at: closedAt,
  });
  return c.id;
}

test('purges a backlog of more than one batch of old closed cases, with their files; nothing when RETENTION_DAYS is unset', async () => {
  const blobs = createDiskBlobStore(path.join(dir, 'blobs'));
  const attachments = createAttachmentService({ store, blobs, now: () => Date.now(), logger: pino({ level: 'silent' }) });
  const now = Date.parse('2026-12-03T12:00:00Z');
  const old = [];
  for (let i = 0; i < CASE_PURGE_BATCH + 5; i++) old.push(await closedCase(now - 40 * DAY));
  const recent = await closedCase(now - 10 * DAY);
  const fileId = 'f'.repeat(32);
  await blobs.put(fileId, Buffer.from('%PDF-1.4 receipt'), 'application/pdf');
  await store.attachments.create({
    id: fileId, siteId: 'demo', name: 'receipt.pdf', contentType: 'application/pdf', size: 16, hasThumbnail: false,
    visitorId: null, agentId: 'agent-a', createdAt: now - 41 * DAY,
  });
  await store.attachments.claim(fileId, { caseId: old[0]! });

  expect(await createRetention({ store, attachments, retentionDays: null })(now)).toEqual({ conversations: 0, cases: 0, tickets: 0 });
  expect(await store.cases.get(old[0]!)).not.toBeNull();

  expect(await createRetention({ store, attachments, retentionDays: 30 })(now)).toEqual({ conversations: 0, cases: CASE_PURGE_BATCH + 5, tickets: 0 });
  for (const id of [old[0]!, old.at(-1)!]) {
    expect(await store.cases.get(id)).toBeNull();
    expect(await store.cases.listMessages(id)).toEqual([]);
  }
  expect(await store.cases.get(recent)).not.toBeNull();
  expect(await blobs.get(fileId)).toBeNull();
  expect(await store.attachments.get(fileId)).toBeNull();
});

test('a ticket row copied into a case on upgrade goes when its case does, and stays while the case is kept', async () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  const file = path.join(dir, 'upgraded.db');
  const db = new Database(file);
  runMigrations(db, MIGRATIONS.filter((m) => m.version <= 5));
  const insert = db.prepare(`INSERT INTO tickets (id, number, site_id, visitor_id, conversation_id, department, name, email, message, status,
    reply, replied_by, created_at, replied_at, reply_seen) VALUES (?, ?, 'shop', 'v1', NULL, 'general', 'Li', 'li@example.com', ?, ?, ?, NULL, ?, ?, 1)`);
  // Closed 50 days ago (its case is closed then too), still open, and closed 10 days ago.
  insert.run('t-old', 1, 'my address is 1 Secret Lane', 'closed', 'Done.', now - 60 * DAY, now - 50 * DAY);
  insert.run('t-open', 2, 'still waiting', 'open', null, now - 60 * DAY, null);
  insert.run('t-recent', 3, 'refund please', 'closed', 'Refunded.', now - 20 * DAY, now - 10 * DAY);
  db.prepare(`INSERT INTO counters (name, value) VALUES ('ticket', 3)`).run();
  db.close();

  const upgraded = openSqliteStore(file);
  try {
    const blobs = createDiskBlobStore(path.join(dir, 'upgraded-blobs'));
    const attachments = createAttachmentService({ store: upgraded, blobs, now: () => now, logger: pino({ level: 'silent' }) });
    expect(await createRetention({ store: upgraded, attachments, retentionDays: 30 })(now)).toEqual({ conversations: 0, cases: 1, tickets: 1 });
    expect(await upgraded.cases.getByNumber(1)).toBeNull();
    expect(await upgraded.tickets.get('t-old')).toBeNull();
    // The open request and the recent one are kept, as cases and as the tickets the console still lists.
    expect((await upgraded.tickets.list({ visitorId: 'v1' })).map((t) => t.id).sort()).toEqual(['t-open', 't-recent']);
    expect(await upgraded.cases.getByNumber(2)).not.toBeNull();
    expect(await upgraded.cases.getByNumber(3)).not.toBeNull();
  } finally {
    await upgraded.close();
  }
});
