/**
 * A stored ticket as a case, for the one-time copy of tickets into cases (SQLite migration, Mongo on connect):
 * same number (cases continue the tickets' sequence, so the number the shopper was given stays theirs), the
 * shopper's message and the agent's reply as the thread, the reply marked read if the shopper was shown it.
 * Old tickets get no SLA deadlines: their clocks would all have run out, and a first sweep must not flood the
 * console with breaches of requests answered long ago.
 */
import type { Case, CaseMessage } from '../../../shared/cases';
import type { Locale, Ticket, Visitor } from '../../../shared/model';
import { newId } from '../ids';

const SUBJECT_CHARS = 80;

export interface CopiedTicket {
  case: Case;
  messages: CaseMessage[];
  /** The customer's read mark: the reply's seq when the widget already showed it, else 0. */
  readSeq: number;
}

function subjectOf(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > SUBJECT_CHARS ? `${line.slice(0, SUBJECT_CHARS - 1)}…` : line;
}

export function ticketToCase(
  t: Ticket & { replySeen: boolean },
  visitor: Pick<Visitor, 'identity' | 'locale'> | null,
  replierName: string | null,
): CopiedTicket {
  const id = newId();
  const hasReply = t.reply !== null && t.reply.trim() !== '';
  const repliedAt = t.repliedAt ?? t.createdAt;
  const closed = t.status === 'closed';
  const locale: Locale = visitor?.locale ?? 'en';
  const messages: CaseMessage[] = [
    { id: newId(), caseId: id, seq: 1, kind: 'shopper', authorId: null, authorName: t.name, text: t.message, attachments: [], createdAt: t.createdAt, mergedFrom: null },
  ];
  if (hasReply) {
    messages.push({
      id: newId(), caseId: id, seq: 2, kind: 'reply', authorId: t.repliedBy, authorName: replierName, text: t.reply ?? '', attachments: [], createdAt: repliedAt, mergedFrom: null,
    });
  }
  const c: Case = {
    id,
    number: t.number,
    siteId: t.siteId,
    status: closed ? 'closed' : hasReply ? 'open' : 'new',
    priority: 'C',
    tier: 'L1',
    department: t.department,
    category: 'general',
    subject: subjectOf(t.message),
    locale,
    source: 'ticket',
    assigneeId: null,
    customerId: visitor?.identity.idVerified ? visitor.identity.externalId : null,
    visitorId: t.visitorId,
    conversationId: t.conversationId,
    contactName: t.name,
    contactEmail: t.email,
    createdAt: t.createdAt,
    updatedAt: hasReply ? Math.max(t.createdAt, repliedAt) : t.createdAt,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    tierDueAt: null,
    firstResponseAt: hasReply ? repliedAt : null,
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
    pausedAt: null,
    solvedAt: null,
    closedAt: closed ? (t.repliedAt ?? t.createdAt) : null,
    resolution: closed ? 'dismissed' : null,
    confirmation: null,
    mergedInto: null,
    lastSeq: messages.length,
    version: 1,
  };
  return { case: c, messages, readSeq: hasReply && t.replySeen ? 2 : 0 };
}
