import type Database from 'better-sqlite3';
import type { PrivacyStore } from '../store';
import { toCase, toCaseMessage, type CaseMessageRow, type CaseRow } from './case-rows';
import { toConversation, toMessage, toTicket, toVisitor, type ConversationRow, type MessageRow, type TicketRow, type VisitorRow } from './rows';

/** Data-subject export and erasure, and retention, in SQLite; erasure and purges are one transaction each. */
export function createPrivacyStore(db: Database.Database): PrivacyStore {
  const visitorById = db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?');
  const visitorsByCustomer = db.prepare<[string], { id: string }>(`SELECT id FROM visitors WHERE json_extract(identity, '$.externalId') = ?`);
  const conversationsOf = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at');
  const messagesOf = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq');
  const ticketsOf = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE visitor_id = ? ORDER BY number');
  const deleteMessages = db.prepare<[string]>('DELETE FROM messages WHERE conversation_id = ?');
  const clearAnalytics = db.prepare<[string]>('UPDATE analytics SET text = NULL, gap_key = NULL WHERE conversation_id = ?');
  const deleteConversation = db.prepare<[string]>('DELETE FROM conversations WHERE id = ?');
  const deleteTickets = db.prepare<[string]>('DELETE FROM tickets WHERE visitor_id = ?');
  const deleteVisitor = db.prepare<[string]>('DELETE FROM visitors WHERE id = ?');
  const casesOf = db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE visitor_id = ? ORDER BY number');
  const caseMessagesOf = db.prepare<[string], CaseMessageRow>('SELECT * FROM case_messages WHERE case_id = ? ORDER BY seq');
  // The thread, history and read mark go with the case (ON DELETE CASCADE).
  const deleteCases = db.prepare<[string]>('DELETE FROM cases WHERE visitor_id = ?');
  const closedBefore = db.prepare<[number], { id: string }>(`SELECT id FROM conversations WHERE status = 'closed' AND closed_at < ?`);

  const dropConversation = (id: string): number => {
    const messages = deleteMessages.run(id).changes;
    clearAnalytics.run(id);
    deleteConversation.run(id);
    return messages;
  };

  const erase = db.transaction((visitorIds: string[]) => {
    const counts = { visitors: 0, conversations: 0, messages: 0, tickets: 0, cases: 0 };
    for (const id of visitorIds) {
      for (const c of conversationsOf.all(id)) {
        counts.messages += dropConversation(c.id);
        counts.conversations += 1;
      }
      counts.tickets += deleteTickets.run(id).changes;
      counts.cases += deleteCases.run(id).changes;
      counts.visitors += deleteVisitor.run(id).changes;
    }
    return counts;
  });
  const purge = db.transaction((before: number) => {
    const ids = closedBefore.all(before).map((r) => r.id);
    for (const id of ids) dropConversation(id);
    return ids.length;
  });

  return {
    async findVisitorIds(ref) {
      const ids = new Set<string>();
      if (ref.visitorId && visitorById.get(ref.visitorId)) ids.add(ref.visitorId);
      if (ref.customerId) for (const r of visitorsByCustomer.all(ref.customerId)) ids.add(r.id);
      return [...ids];
    },
    async export(visitorIds) {
      const visitors = visitorIds.flatMap((id) => {
        const row = visitorById.get(id);
        return row ? [toVisitor(row)] : [];
      });
      const conversations = visitorIds.flatMap((id) => conversationsOf.all(id).map(toConversation));
      const messages = conversations.flatMap((c) => messagesOf.all(c.id).map(toMessage));
      const tickets = visitorIds.flatMap((id) => ticketsOf.all(id).map(toTicket));
      const cases = visitorIds.flatMap((id) => casesOf.all(id).map(toCase));
      const caseMessages = cases.flatMap((c) => caseMessagesOf.all(c.id).map(toCaseMessage));
      return { visitors, conversations, messages, tickets, cases, caseMessages };
    },
    async erase(visitorIds) {
      return erase.immediate(visitorIds);
    },
    async purgeClosedBefore(before) {
      return purge.immediate(before);
    },
  };
}
