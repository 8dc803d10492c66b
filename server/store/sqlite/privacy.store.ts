import type Database from 'better-sqlite3';
import { emailKey } from '../common/email-key';
import type { DataSubject, PrivacyStore } from '../store';
import { toCase, toCaseMessage, type CaseMessageRow, type CaseRow } from './case-rows';
import { toConversation, toMessage, toTicket, toVisitor, type ConversationRow, type MessageRow, type TicketRow, type VisitorRow } from './rows';

/**
 * Every ticket was copied into the case of its number (migration 6, in the same open), so a ticket with no such
 * case is one whose case was purged. The age check keeps this to what retention would purge anyway: a case is
 * closed no earlier than its ticket was written. Exported for the test that checks it is served by an index.
 */
export const PURGE_TICKETS_OF_PURGED_CASES_SQL = `DELETE FROM tickets WHERE id IN (
  SELECT t.id FROM tickets t WHERE t.created_at < @before AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.number = t.number)
  LIMIT @limit)`;

/** Data-subject export and erasure, and retention, in SQLite; erasure and purges are one transaction each. */
export function createPrivacyStore(db: Database.Database): PrivacyStore {
  const visitorById = db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?');
  // Only an id the shop proved (hash or signed token): anyone can claim a customer id, and a claimant's chats are
  // not that customer's to export or erase. `verified` too, for rows written before idVerified existed.
  const visitorsByCustomer = db.prepare<[string], { id: string }>(
    `SELECT id FROM visitors WHERE json_extract(identity, '$.externalId') = ?
       AND (json_extract(identity, '$.idVerified') = 1 OR json_extract(identity, '$.verified') = 1)`,
  );
  // SQLite's lower() folds ASCII only ("É" stays): compare under the same key data-subject.ts makes of the request.
  db.function('email_key', { deterministic: true }, (email: unknown) => (typeof email === 'string' ? emailKey(email) : null));
  const conversationsOf = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at');
  const messagesOf = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq');
  const ticketsOf = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE visitor_id = ? ORDER BY number');
  const deleteMessages = db.prepare<[string]>('DELETE FROM messages WHERE conversation_id = ?');
  const clearAnalytics = db.prepare<[string]>('UPDATE analytics SET text = NULL, gap_key = NULL WHERE conversation_id = ?');
  const deleteConversation = db.prepare<[string]>('DELETE FROM conversations WHERE id = ?');
  // A reviewer's comment may quote the shopper; the scores stay (they are about the agent).
  const clearReviewComments = db.prepare<[string]>('UPDATE qa_reviews SET comment = NULL WHERE conversation_id = ?');
  const deleteTickets = db.prepare<[string]>('DELETE FROM tickets WHERE visitor_id = ?');
  const deleteVisitor = db.prepare<[string]>('DELETE FROM visitors WHERE id = ?');
  const casesOf = db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE visitor_id = ? ORDER BY number');
  const caseMessagesOf = db.prepare<[string], CaseMessageRow>('SELECT * FROM case_messages WHERE case_id = ? ORDER BY seq');
  // Only cases an agent opened with no visitor: a form's contact e-mail is what a shopper typed, maybe someone
  // else's, and that case is its visitor's (found by visitor id). email_key() as the e-mails come as emailKey().
  const agentCasesOf = db.prepare<[string], CaseRow>(
    `SELECT * FROM cases WHERE source = 'agent' AND visitor_id IS NULL AND email_key(contact_email) = ? ORDER BY number`,
  );
  // The customer id an agent typed on such a case is staff's word, trusted as the shop's (cases_customer index).
  const agentCasesOfCustomer = db.prepare<[string], CaseRow>(
    `SELECT * FROM cases WHERE customer_id = ? AND source = 'agent' AND visitor_id IS NULL ORDER BY number`,
  );
  // The thread, history and read mark go with the case (ON DELETE CASCADE).
  const deleteCases = db.prepare<[string]>('DELETE FROM cases WHERE visitor_id = ?');
  const deleteAgentCases = db.prepare<[string]>(`DELETE FROM cases WHERE source = 'agent' AND visitor_id IS NULL AND email_key(contact_email) = ?`);
  const deleteAgentCasesOfCustomer = db.prepare<[string]>(`DELETE FROM cases WHERE customer_id = ? AND source = 'agent' AND visitor_id IS NULL`);
  const closedBefore = db.prepare<[number], { id: string }>(`SELECT id FROM conversations WHERE status = 'closed' AND closed_at < ?`);
  // Closed is the lifecycle's only final status: a solved case still waits for the customer, who may answer
  // "still a problem" and reopen it (the service standard counts a case closed only once they confirm or the
  // window passes). So the clock starts at closed_at, as a chat's does; nothing can change a closed case after.
  // A duplicate waits for its primary: the primary's thread holds copies of its messages, whose files are
  // still recorded as the duplicate's, so purging it first would break the primary's attachments.
  const closedCasesBefore = db.prepare<[{ before: number; limit: number }], { id: string }>(
    `SELECT k.id FROM cases k WHERE k.status = 'closed' AND k.closed_at < @before
       AND NOT EXISTS (SELECT 1 FROM cases p WHERE p.id = k.merged_into AND NOT (p.status = 'closed' AND p.closed_at < @before))
     LIMIT @limit`,
  );
  // The thread, history and read mark go with the case (ON DELETE CASCADE).
  const deleteCase = db.prepare<[string]>('DELETE FROM cases WHERE id = ?');
  const ticketsOfPurgedCases = db.prepare<[{ before: number; limit: number }]>(PURGE_TICKETS_OF_PURGED_CASES_SQL);

  const dropConversation = (id: string): number => {
    const messages = deleteMessages.run(id).changes;
    clearAnalytics.run(id);
    clearReviewComments.run(id);
    deleteConversation.run(id);
    return messages;
  };

  const erase = db.transaction(({ visitorIds, emails, customerIds }: DataSubject) => {
    const counts = { visitors: 0, conversations: 0, messages: 0, tickets: 0, cases: 0 };
    for (const email of emails) counts.cases += deleteAgentCases.run(email).changes;
    for (const customerId of customerIds) counts.cases += deleteAgentCasesOfCustomer.run(customerId).changes;
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
  const purgeCases = db.transaction((before: number, limit: number) => {
    const ids = closedCasesBefore.all({ before, limit }).map((r) => r.id);
    for (const id of ids) deleteCase.run(id);
    return ids.length;
  });

  return {
    async findVisitorIds(ref) {
      const ids = new Set<string>();
      if (ref.visitorId && visitorById.get(ref.visitorId)) ids.add(ref.visitorId);
      if (ref.customerId) for (const r of visitorsByCustomer.all(ref.customerId)) ids.add(r.id);
      return [...ids];
    },
    async export({ visitorIds, emails, customerIds }) {
      const visitors = visitorIds.flatMap((id) => {
        const row = visitorById.get(id);
        return row ? [toVisitor(row)] : [];
      });
      const conversations = visitorIds.flatMap((id) => conversationsOf.all(id).map(toConversation));
      const messages = conversations.flatMap((c) => messagesOf.all(c.id).map(toMessage));
      const tickets = visitorIds.flatMap((id) => ticketsOf.all(id).map(toTicket));
      // A case found both by e-mail and by customer id is listed once.
      const rows = new Map<string, CaseRow>();
      for (const r of [
        ...visitorIds.flatMap((id) => casesOf.all(id)),
        ...emails.flatMap((e) => agentCasesOf.all(e)),
        ...customerIds.flatMap((id) => agentCasesOfCustomer.all(id)),
      ]) rows.set(r.id, r);
      const cases = [...rows.values()].map(toCase).sort((x, y) => x.number - y.number);
      const caseMessages = cases.flatMap((c) => caseMessagesOf.all(c.id).map(toCaseMessage));
      return { visitors, conversations, messages, tickets, cases, caseMessages };
    },
    async erase(subject) {
      return erase.immediate(subject);
    },
    async purgeClosedBefore(before) {
      return purge.immediate(before);
    },
    async purgeCasesClosedBefore(before, limit) {
      return purgeCases.immediate(before, limit);
    },
    async purgeTicketsOfPurgedCases(before, limit) {
      return ticketsOfPurgedCases.run({ before, limit }).changes;
    },
  };
}
