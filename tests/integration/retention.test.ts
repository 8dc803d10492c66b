/**
 * Retention on a real SQLite file and disk blob store: a backlog larger than one batch is purged whole, batch
 * by batch, with the files of the purged cases; with RETENTION_DAYS unset nothing goes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createAttachmentService } from '../../server/attachments/attachment-service';
import { createDiskBlobStore } from '../../server/blobs/disk/disk-blob-store';
import { CASE_PURGE_BATCH, createRetention } from '../../server/privacy/retention';
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

  expect(await createRetention({ store, attachments, retentionDays: null })(now)).toEqual({ conversations: 0, cases: 0 });
  expect(await store.cases.get(old[0]!)).not.toBeNull();

  expect(await createRetention({ store, attachments, retentionDays: 30 })(now)).toEqual({ conversations: 0, cases: CASE_PURGE_BATCH + 5 });
  for (const id of [old[0]!, old.at(-1)!]) {
    expect(await store.cases.get(id)).toBeNull();
    expect(await store.cases.listMessages(id)).toEqual([]);
  }
  expect(await store.cases.get(recent)).not.toBeNull();
  expect(await blobs.get(fileId)).toBeNull();
  expect(await store.attachments.get(fileId)).toBeNull();
});
