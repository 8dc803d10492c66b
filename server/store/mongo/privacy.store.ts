import { emailKey } from '../common/email-key';
import type { DataSubject, PrivacyStore } from '../store';
import type { CaseDoc, CaseMessageDoc } from './case-models';
import { toCase, toCaseMessage } from './case-docs';
import { toConversation, toMessage, toTicket, toVisitor } from './docs';
import type { ConversationDoc, MessageDoc, Models, TicketDoc, VisitorDoc } from './models';

/** Data-subject export and erasure, and retention, in MongoDB (messages go before their conversation). */
export function createPrivacyStore(models: () => Promise<Models>): PrivacyStore {
  const dropConversations = async (m: Models, ids: string[]): Promise<number> => {
    if (ids.length === 0) return 0;
    const { deletedCount } = await m.messages.deleteMany({ conversationId: { $in: ids } });
    await m.analytics.updateMany({ conversationId: { $in: ids } }, { $set: { text: null, gapKey: null } });
    // A reviewer's comment may quote the shopper; the scores stay (they are about the agent).
    await m.qaReviews.updateMany({ conversationId: { $in: ids } }, { $set: { comment: null } });
    await m.conversations.deleteMany({ _id: { $in: ids } });
    return deletedCount;
  };

  /**
   * The subject's cases: their visitors', and those an agent opened with no visitor for one of their e-mails or
   * customer ids (a form's e-mail is what a shopper typed, maybe someone else's: that case is its visitor's). The e-mails
   * come as emailKey() and the stored one is compared under emailKey() too, as SQLite's email_key() does: a
   * query cannot apply it (a regex neither trims nor folds case as toLowerCase() does beyond ASCII), so the
   * agent cases with no visitor are read (id and e-mail only) and matched here. An export or erase is rare.
   */
  const casesOf = async (m: Models, { visitorIds, emails, customerIds }: DataSubject): Promise<Record<string, unknown>> => {
    const or: Record<string, unknown>[] = [{ visitorId: { $in: visitorIds } }];
    // The customer id an agent typed is staff's word, trusted as the shop's; stored as typed, so matched exactly.
    if (customerIds.length) or.push({ source: 'agent', visitorId: null, customerId: { $in: customerIds } });
    if (emails.length) {
      const keys = new Set(emails);
      const candidates = await m.cases
        .find({ source: 'agent', visitorId: null, contactEmail: { $type: 'string' } }, { _id: 1, contactEmail: 1 })
        .lean<{ _id: string; contactEmail: string }[]>();
      const ids = candidates.filter((c) => keys.has(emailKey(c.contactEmail))).map((c) => c._id);
      if (ids.length) or.push({ _id: { $in: ids } });
    }
    return { $or: or };
  };

  return {
    async findVisitorIds(ref) {
      const m = await models();
      const or: Record<string, unknown>[] = [];
      if (ref.visitorId) or.push({ _id: ref.visitorId });
      // Only an id the shop proved: anyone can claim a customer id (reasons in the SQLite adapter).
      if (ref.customerId) {
        or.push({ 'identity.externalId': ref.customerId, $or: [{ 'identity.idVerified': true }, { 'identity.verified': true }] });
      }
      if (or.length === 0) return [];
      return (await m.visitors.find({ $or: or }).select({ _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
    },
    async export(subject) {
      const { visitorIds } = subject;
      const m = await models();
      const visitors = (await m.visitors.find({ _id: { $in: visitorIds } }).lean<VisitorDoc[]>()).map(toVisitor);
      const conversations = (await m.conversations.find({ visitorId: { $in: visitorIds } }).sort({ createdAt: 1 }).lean<ConversationDoc[]>()).map(toConversation);
      const messages = (await m.messages.find({ conversationId: { $in: conversations.map((c) => c.id) } }).sort({ conversationId: 1, seq: 1 }).lean<MessageDoc[]>()).map(toMessage);
      const tickets = (await m.tickets.find({ visitorId: { $in: visitorIds } }).sort({ number: 1 }).lean<TicketDoc[]>()).map(toTicket);
      const cases = (await m.cases.find(await casesOf(m, subject), { events: 0 }).sort({ number: 1 }).lean<CaseDoc[]>()).map(toCase);
      const caseMessages = (await m.caseMessages.find({ caseId: { $in: cases.map((c) => c.id) } }).sort({ caseId: 1, seq: 1 }).lean<CaseMessageDoc[]>()).map(toCaseMessage);
      return { visitors, conversations, messages, tickets, cases, caseMessages };
    },
    async erase(subject) {
      const { visitorIds } = subject;
      const m = await models();
      const ids = (await m.conversations.find({ visitorId: { $in: visitorIds } }).select({ _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
      const messages = await dropConversations(m, ids);
      const tickets = (await m.tickets.deleteMany({ visitorId: { $in: visitorIds } })).deletedCount;
      const caseIds = (await m.cases.find(await casesOf(m, subject)).select({ _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
      // Thread and read marks first: a crash midway leaves cases to erase again, never orphaned messages.
      await m.caseMessages.deleteMany({ caseId: { $in: caseIds } });
      await m.caseReads.deleteMany({ _id: { $in: caseIds } });
      const cases = (await m.cases.deleteMany({ _id: { $in: caseIds } })).deletedCount;
      const visitors = (await m.visitors.deleteMany({ _id: { $in: visitorIds } })).deletedCount;
      return { visitors, conversations: ids.length, messages, tickets, cases };
    },
    async purgeClosedBefore(before) {
      const m = await models();
      const ids = (await m.conversations.find({ status: 'closed', closedAt: { $lt: before } }).select({ _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
      await dropConversations(m, ids);
      return ids.length;
    },
    async purgeCasesClosedBefore(before, limit) {
      const m = await models();
      const due = { status: 'closed', closedAt: { $lt: before } };
      // Closed only, from closedAt, and a duplicate only once its primary is due or gone: the reasons are in the
      // SQLite adapter. The primary check is in the query, so kept duplicates never fill a batch and starve the rest.
      const rows = await m.cases.aggregate<{ _id: string }>([
        { $match: due },
        { $lookup: { from: 'cases', localField: 'mergedInto', foreignField: '_id', as: 'primary', pipeline: [{ $project: { status: 1, closedAt: 1 } }] } },
        { $match: { $or: [{ primary: { $size: 0 } }, { 'primary.status': 'closed', 'primary.closedAt': { $lt: before } }] } },
        { $limit: limit },
        { $project: { _id: 1 } },
      ]);
      const ids = rows.map((r) => r._id);
      if (ids.length === 0) return 0;
      // Thread and read marks first: a crash midway leaves cases to purge again, never orphaned messages.
      await m.caseMessages.deleteMany({ caseId: { $in: ids } });
      await m.caseReads.deleteMany({ _id: { $in: ids } });
      return (await m.cases.deleteMany({ _id: { $in: ids } })).deletedCount;
    },
    async purgeTicketsOfPurgedCases(before, limit) {
      const m = await models();
      // models() resolves once this instance's copy of the tickets into cases is done (connect-lazily.ts), so a
      // ticket with no case of its number is one whose case was purged, never one still to copy. The reasons are
      // in the SQLite adapter; the missing case is found in the query, so kept ones never fill a batch.
      const rows = await m.tickets.aggregate<{ _id: string }>([
        { $match: { createdAt: { $lt: before } } },
        { $lookup: { from: 'cases', localField: 'number', foreignField: 'number', as: 'copy', pipeline: [{ $project: { _id: 1 } }] } },
        { $match: { copy: { $size: 0 } } },
        { $limit: limit },
        { $project: { _id: 1 } },
      ]);
      if (rows.length === 0) return 0;
      return (await m.tickets.deleteMany({ _id: { $in: rows.map((r) => r._id) } })).deletedCount;
    },
  };
}
