/**
 * A ticket answered before the upgrade, whose reply the shopper had not been shown yet, is copied into a case
 * with that reply unread (migration 6). The reply must reach the shopper once: as the case's unread reply in
 * "My requests", not a second time as a ticket reply handed out by session:resume.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseMessage, ShopperCaseView } from '../../shared/cases';
import type { ShopperSession } from '../../shared/events';
import { copyTicketsToCases } from '../../server/store/sqlite/copy-tickets';
import { callOk, startServer, type TestServer } from './harness';

const REPLY = 'Your parcel left the warehouse on Monday.';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-ticket-once-'));
const dbFile = path.join(dir, 'parley.db');
let server: TestServer | null = null;

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A shopper of a first server, and a ticket of theirs answered but unseen, copied as the upgrade copies it. */
async function shopperWithCopiedTicket(): Promise<{ visitorToken: string }> {
  const first = await startServer({}, { dbFile });
  const socket = await first.shopper();
  const session = await callOk<ShopperSession>(socket, 'session:resume', { sinceSeq: 0 });
  await first.close();

  const db = new Database(dbFile);
  try {
    db.prepare(`INSERT INTO tickets (id, number, site_id, visitor_id, conversation_id, department, name, email, message, status,
      reply, replied_by, created_at, replied_at, reply_seen)
      VALUES ('t-unseen', 1, 'demo', ?, NULL, 'general', 'Li', 'li@example.com', 'where is my parcel?', 'answered', ?, NULL, ?, ?, 0)`)
      .run(session.visitorId, REPLY, Date.now() - 60_000, Date.now() - 30_000);
    copyTicketsToCases(db);
  } finally {
    db.close();
  }
  return { visitorToken: session.visitorToken };
}

test('an unseen ticket reply copied into a case reaches the shopper once, as the case\'s unread reply', async () => {
  const { visitorToken } = await shopperWithCopiedTicket();
  server = await startServer({}, { dbFile });
  const socket = await server.shopper({ visitorToken });

  const session = await callOk<ShopperSession>(socket, 'session:resume', { sinceSeq: 0 });
  expect(JSON.stringify(session)).not.toContain(REPLY);

  const { cases } = await callOk<{ cases: ShopperCaseView[] }>(socket, 'case:list');
  expect(cases.map((c) => ({ number: c.number, unread: c.unread }))).toEqual([{ number: 1, unread: 1 }]);
  const { messages } = await callOk<{ messages: CaseMessage[] }>(socket, 'case:get', { caseId: cases[0]!.id });
  expect(messages.filter((m) => m.text === REPLY)).toHaveLength(1);

  // A second resume (another tab, a reload) hands it out no more than the first did.
  const again = await callOk<ShopperSession>(socket, 'session:resume', { sinceSeq: 0 });
  expect(JSON.stringify(again)).not.toContain(REPLY);
});
