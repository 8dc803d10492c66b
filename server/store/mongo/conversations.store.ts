import type { QueryFilter } from 'mongoose';
import type { Conversation } from '../../../shared/model';
import { newConversation } from '../common/new-conversation';
import { priorityRank } from '../common/priority-rank';
import { newId } from '../ids';
import type { ConversationPatch, ConversationQuery, ConversationStore } from '../store';
import { toConversation } from './docs';
import { escapeRegex } from './escape-regex';
import { isDuplicateKey } from './mongo-errors';
import type { ConversationDoc, Models } from './models';
import { pickDefined } from './pick-defined';

const DEFAULT_LIMIT = 50;

// A record, not a list, so the compiler insists on every field of ConversationPatch (and no other).
const FIELDS: Record<keyof ConversationPatch, true> = {
  status: true, department: true, priority: true, assignedAgentId: true, locale: true, fallbackCount: true,
  handoff: true, tags: true, rating: true, resolution: true, pageUrl: true, waitingSince: true, assignedAt: true,
  firstResponseAt: true, closedAt: true, shopperReadSeq: true, agentReadSeq: true, slaBreachedAt: true,
};
const PATCHABLE = Object.keys(FIELDS) as (keyof ConversationPatch)[];

/** The `$set` for a patch: its defined fields, the priority's sort rank when the priority changes, updatedAt. */
function setOf(patch: ConversationPatch): Partial<ConversationDoc> {
  const set: Partial<ConversationDoc> = { ...pickDefined(patch, PATCHABLE), updatedAt: Date.now() };
  if (patch.priority !== undefined) set.priorityRank = priorityRank(patch.priority);
  // A new owner by any other way than a take holds no capacity place (assignWithinCapacity sets one).
  if (patch.assignedAgentId !== undefined) set.capacitySlot = null;
  return set;
}

/**
 * The first handoff and first assignment, kept apart from the fields transfers and hand-backs overwrite
 * (metrics measure from them): each is set only while still null, so the first value stays.
 */
async function keepFirstTimes(conversations: Models['conversations'], id: string, patch: ConversationPatch): Promise<void> {
  const firsts: [keyof ConversationDoc, unknown][] = [];
  if (patch.waitingSince != null) firsts.push(['handedOffAt', patch.waitingSince]);
  if (patch.handoff != null) firsts.push(['handoffReason', patch.handoff.reason]);
  if (patch.assignedAt != null) firsts.push(['firstAssignedAt', patch.assignedAt]);
  await Promise.all(
    firsts.map(([field, value]) =>
      conversations.updateOne({ _id: id, [field]: null } as QueryFilter<ConversationDoc>, { $set: { [field]: value } }),
    ),
  );
}

/**
 * Conversations in MongoDB. transition is one findOneAndUpdate whose filter carries the condition, so among
 * any number of server instances exactly one caller wins.
 */
export function createConversationsStore(models: () => Promise<Models>): ConversationStore {
  const one = (doc: ConversationDoc | null): Conversation | null => (doc ? toConversation(doc) : null);
  const updateWhere = async (filter: QueryFilter<ConversationDoc>, patch: ConversationPatch) => {
    const { conversations } = await models();
    const doc = await conversations
      .findOneAndUpdate(filter, { $set: setOf(patch) }, { returnDocument: 'after', runValidators: true })
      .lean<ConversationDoc>();
    if (doc) await keepFirstTimes(conversations, doc._id, patch);
    return one(doc);
  };

  return {
    async create(input) {
      const { conversations } = await models();
      const conversation = newConversation(input, newId(), Date.now());
      const { id, ...rest } = conversation;
      await conversations.create({ _id: id, ...rest, priorityRank: priorityRank(rest.priority) });
      return conversation;
    },
    async get(id) {
      const { conversations } = await models();
      return one(await conversations.findById(id).lean<ConversationDoc>());
    },
    async findOpenByVisitor(visitorId) {
      const { conversations } = await models();
      return one(
        await conversations
          .findOne({ visitorId, status: { $ne: 'closed' } })
          .sort({ createdAt: -1, _id: -1 })
          .lean<ConversationDoc>(),
      );
    },
    async findLatestByVisitor(visitorId) {
      const { conversations } = await models();
      return one(await conversations.findOne({ visitorId }).sort({ createdAt: -1, _id: -1 }).lean<ConversationDoc>());
    },
    async update(id, patch) {
      return updateWhere({ _id: id }, patch);
    },
    async transition(id, fromStatuses, patch, expectedAgentId) {
      if (fromStatuses.length === 0) return null;
      const filter: QueryFilter<ConversationDoc> = { _id: id, status: { $in: fromStatuses } };
      // Documents always store assignedAgentId (null when unassigned), so equality with null means "unassigned".
      if (expectedAgentId !== undefined) filter.assignedAgentId = expectedAgentId;
      return updateWhere(filter, patch);
    },
    async list(query) {
      const limit = Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT));
      if (limit === 0) return [];
      const m = await models();
      const filter = await listFilter(m, query);
      const sort: Record<string, 1 | -1> = {
        queue: { priorityRank: 1, waitingSince: 1, createdAt: 1, _id: 1 } as const,
        stale: { updatedAt: 1, createdAt: 1, _id: 1 } as const,
        recent: { updatedAt: -1, createdAt: -1, _id: 1 } as const,
      }[query.order ?? 'recent'];
      const docs = await m.conversations.find(filter).sort(sort).limit(limit).lean<ConversationDoc[]>();
      return docs.map(toConversation);
    },
    async queuePosition(id) {
      const { conversations } = await models();
      const me = await conversations.findOne({ _id: id, status: 'waiting' }).lean<ConversationDoc>();
      if (!me) return null;
      // Ahead in the queue's sort order (list's 'queue'): priority, then waiting since, created, id.
      const ahead = await conversations.countDocuments({
        status: 'waiting',
        department: me.department,
        $or: [
          { priorityRank: { $lt: me.priorityRank } },
          { priorityRank: me.priorityRank, waitingSince: { $lt: me.waitingSince } },
          { priorityRank: me.priorityRank, waitingSince: me.waitingSince, createdAt: { $lt: me.createdAt } },
          { priorityRank: me.priorityRank, waitingSince: me.waitingSince, createdAt: me.createdAt, _id: { $lt: me._id } },
        ],
      });
      return ahead + 1;
    },
    async raiseReadMark(id, reader, upToSeq) {
      const { conversations } = await models();
      const field = reader === 'agent' ? 'agentReadSeq' : 'shopperReadSeq';
      const target = { $min: [upToSeq, '$lastSeq'] };
      // One findOneAndUpdate, the condition in its filter and the value from the document itself (an update
      // pipeline): among concurrent calls on any instance the mark only rises.
      const doc = await conversations
        .findOneAndUpdate(
          { _id: id, $expr: { $lt: [`$${field}`, target] } } as QueryFilter<ConversationDoc>,
          [{ $set: { [field]: target, updatedAt: Date.now() } }],
          { returnDocument: 'after', updatePipeline: true },
        )
        .lean<ConversationDoc>();
      return one(doc);
    },
    async assignWithinCapacity(id, agentId, maxChats, at) {
      const { conversations } = await models();
      // MongoDB cannot condition one document's update on a count of others, so each take claims a numbered
      // place 0 … maxChats-1 of the agent; the partial unique index lets only one writer hold each place.
      const held = await conversations
        .find({ status: 'assigned', assignedAgentId: agentId }, { capacitySlot: 1 })
        .lean<Pick<ConversationDoc, '_id' | 'capacitySlot'>[]>();
      const taken = new Set(held.map((d) => d.capacitySlot).filter((n): n is number => typeof n === 'number'));
      // Chats transferred in hold no place but still use up room.
      const places = maxChats - held.filter((d) => typeof d.capacitySlot !== 'number').length;
      for (let slot = 0; slot < places; slot += 1) {
        if (taken.has(slot)) continue;
        try {
          const doc = await conversations
            .findOneAndUpdate(
              { _id: id, status: 'waiting' },
              { $set: { ...setOf({ status: 'assigned', assignedAgentId: agentId, assignedAt: at }), capacitySlot: slot } },
              { returnDocument: 'after', runValidators: true },
            )
            .lean<ConversationDoc>();
          if (doc) await keepFirstTimes(conversations, doc._id, { assignedAt: at });
          return one(doc);
        } catch (err) {
          if (!isDuplicateKey(err, 'capacitySlot')) throw err;
        }
      }
      return null;
    },
    async countAssigned(agentIds) {
      const counts: Record<string, number> = {};
      for (const agentId of agentIds ?? []) counts[agentId] = 0;
      if (agentIds !== undefined && agentIds.length === 0) return counts;
      const { conversations } = await models();
      const rows = await conversations.aggregate<{ _id: string; n: number }>([
        {
          $match: {
            status: 'assigned',
            assignedAgentId: agentIds === undefined ? { $type: 'string' } : { $in: agentIds },
          },
        },
        { $group: { _id: '$assignedAgentId', n: { $sum: 1 } } },
      ]);
      for (const r of rows) counts[r._id] = r.n;
      return counts;
    },
    async lastAssignedAt(agentIds) {
      const { conversations } = await models();
      const latest: Record<string, number> = {};
      // One sorted read per agent: each the first entry of its { assignedAgentId, assignedAt } index range.
      await Promise.all(
        [...new Set(agentIds)].map(async (agentId) => {
          const doc = await conversations
            .findOne({ assignedAgentId: agentId, assignedAt: { $ne: null } })
            .select('assignedAt')
            .sort({ assignedAt: -1 })
            .lean<{ assignedAt: number }>();
          if (doc) latest[agentId] = doc.assignedAt;
        }),
      );
      return latest;
    },
  };
}

/**
 * The filter for a conversation query. Text search runs as two lookups first (conversations with a matching
 * message, visitors with a matching name or email) whose ids join the filter, plus a match on tags.
 */
async function listFilter(m: Models, query: ConversationQuery): Promise<QueryFilter<ConversationDoc>> {
  const filter: QueryFilter<ConversationDoc> = {};
  if (query.status !== undefined) filter.status = { $in: query.status };
  if (query.assignedAgentId !== undefined) filter.assignedAgentId = query.assignedAgentId;
  if (query.siteId !== undefined) filter.siteId = query.siteId;
  if (query.visitorId !== undefined) filter.visitorId = query.visitorId;
  if (query.department !== undefined) filter.department = query.department;
  if (query.awaitingFirstResponse) filter.firstResponseAt = null;
  if (query.updatedAtMost !== undefined) filter.updatedAt = { $lte: query.updatedAtMost };
  const text = query.text?.trim();
  if (text) {
    const pattern = new RegExp(escapeRegex(text), 'i');
    const visitorFilter = {
      $or: [{ 'identity.name': pattern }, { 'identity.email': pattern }],
      ...(query.siteId !== undefined ? { siteId: query.siteId } : {}),
    };
    // $group rather than distinct(): distinct returns one document, capped at 16 MB, which a common word could exceed.
    const [byMessage, byVisitor] = await Promise.all([
      m.messages.aggregate<{ _id: string }>([{ $match: { text: pattern } }, { $group: { _id: '$conversationId' } }]),
      m.visitors.aggregate<{ _id: string }>([{ $match: visitorFilter }, { $project: { _id: 1 } }]),
    ]);
    const conversationIds = byMessage.map((r) => r._id);
    const visitorIds = byVisitor.map((r) => r._id);
    filter.$or = [{ _id: { $in: conversationIds } }, { visitorId: { $in: visitorIds } }, { tags: pattern }];
  }
  return filter;
}
