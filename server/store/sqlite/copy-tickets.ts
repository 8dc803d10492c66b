import type Database from 'better-sqlite3';
import { ticketToCase } from '../common/ticket-to-case';
import { newId } from '../ids';
import { toTicket, toVisitor, type TicketRow, type VisitorRow } from './rows';

/**
 * Migration 6: every stored ticket becomes a case with the same number (ticket-to-case.ts), so nothing a shopper
 * was promised is lost when the offline form starts opening cases. The tickets stay where they are.
 */
export function copyTicketsToCases(db: Database.Database): void {
  const tickets = db.prepare<[], TicketRow>('SELECT * FROM tickets WHERE number NOT IN (SELECT number FROM cases) ORDER BY number').all();
  const visitor = db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?');
  const agentName = db.prepare<[string], { name: string }>('SELECT name FROM agents WHERE id = ?');
  const insertCase = db.prepare(`INSERT INTO cases (id, number, site_id, status, priority, tier, department, category, subject,
      locale, source, assignee_id, customer_id, visitor_id, conversation_id, contact_name, contact_email, created_at, updated_at,
      first_response_at, closed_at, resolution, last_seq, version)
    VALUES (@id, @number, @siteId, @status, @priority, @tier, @department, @category, @subject, @locale, @source, @assigneeId,
      @customerId, @visitorId, @conversationId, @contactName, @contactEmail, @createdAt, @updatedAt, @firstResponseAt, @closedAt,
      @resolution, @lastSeq, @version)`);
  const insertMessage = db.prepare(`INSERT INTO case_messages (id, case_id, seq, kind, author_id, author_name, text, attachments, created_at)
    VALUES (@id, @caseId, @seq, @kind, @authorId, @authorName, @text, '[]', @createdAt)`);
  const insertEvent = db.prepare(`INSERT INTO case_events (id, case_id, type, actor_kind, actor_id, at, data)
    VALUES (@id, @caseId, 'created', 'system', NULL, @at, '{"source":"ticket"}')`);
  const insertRead = db.prepare('INSERT INTO case_reads (case_id, read_seq) VALUES (?, ?)');
  for (const row of tickets) {
    const v = visitor.get(row.visitor_id);
    const replier = row.replied_by ? (agentName.get(row.replied_by)?.name ?? null) : null;
    const copied = ticketToCase({ ...toTicket(row), replySeen: row.reply_seen === 1 }, v ? toVisitor(v) : null, replier);
    const c = copied.case;
    insertCase.run({ ...c, firstResponseAt: c.firstResponseAt, closedAt: c.closedAt });
    for (const m of copied.messages) insertMessage.run({ ...m });
    insertEvent.run({ id: newId(), caseId: c.id, at: c.createdAt });
    if (copied.readSeq > 0) insertRead.run(c.id, copied.readSeq);
  }
}
