import { newMessage } from '../common/new-records';
import { AppError } from '../../../shared/errors';
import type { Message } from '../../../shared/model';
import { newId } from '../ids';
import type { MessageStore, NewMessage } from '../store';
import { toMessage } from './docs';
import { isDuplicateKey } from './mongo-errors';
import type { ConversationDoc, MessageDoc, Models } from './models';

type Appended = { message: Message; duplicate: boolean };

/**
 * Messages in MongoDB, safe across server instances without transactions:
 * 1. a resend (known clientId) returns the stored message before any seq is taken;
 * 2. the document is validated before a seq is taken, so bad input never burns one;
 * 3. the seq comes from an atomic `$inc` of conversation.lastSeq;
 * 4. the insert relies on the unique (conversationId, clientId) index: losing a race to a concurrent
 *    resend returns the winner's message as a duplicate, and gives the seq back if no later append took one
 *    (otherwise that one number stays a gap; seqs remain increasing).
 */
export function createMessagesStore(models: () => Promise<Models>): MessageStore {
  const byClientId = async (m: Models, conversationId: string, clientId: string): Promise<Message | null> => {
    const doc = await m.messages.findOne({ conversationId, clientId }).lean<MessageDoc>();
    return doc ? toMessage(doc) : null;
  };

  const append = async (m: Models, input: NewMessage, mayResync: boolean): Promise<Appended> => {
    if (input.clientId !== null) {
      const existing = await byClientId(m, input.conversationId, input.clientId);
      if (existing) return { message: existing, duplicate: true };
    }
    const now = Date.now();
    const { id, ...fields }: Message = newMessage(input, newId(), 1, now);
    const draft = new m.messages({ _id: id, ...fields });
    await draft.validate();

    const bumped = await m.conversations
      .findOneAndUpdate(
        { _id: input.conversationId },
        { $inc: { lastSeq: 1 }, $set: { updatedAt: now } },
        { returnDocument: 'after', projection: { lastSeq: 1 } },
      )
      .lean<Pick<ConversationDoc, '_id' | 'lastSeq'>>();
    if (!bumped) throw new AppError('NOT_FOUND', { message: `conversation ${input.conversationId} not found` });
    const seq = bumped.lastSeq;

    try {
      draft.seq = seq;
      await draft.save({ validateBeforeSave: false });
    } catch (err) {
      if (input.clientId !== null && isDuplicateKey(err, 'clientId')) {
        // Certain that nothing was written (unlike a network error), so the seq may be given back.
        await m.conversations.updateOne({ _id: input.conversationId, lastSeq: seq }, { $inc: { lastSeq: -1 } });
        const winner = await byClientId(m, input.conversationId, input.clientId);
        if (winner) return { message: winner, duplicate: true };
      }
      if (mayResync && isDuplicateKey(err, 'seq')) {
        // lastSeq is behind the stored messages (e.g. a partial restore): move it past them and try once more.
        await resyncLastSeq(m, input.conversationId);
        return append(m, input, false);
      }
      throw err;
    }
    return { message: { id, ...fields, seq }, duplicate: false };
  };

  return {
    async append(input) {
      return append(await models(), input, true);
    },
    async findByClientId(conversationId, clientId) {
      return byClientId(await models(), conversationId, clientId);
    },
    async listSince(conversationId, sinceSeq, opts) {
      if (opts?.limit !== undefined && opts.limit <= 0) return [];
      const { messages } = await models();
      const filter = { conversationId, seq: { $gt: sinceSeq }, ...(opts?.includeInternal ? {} : { internal: false }) };
      const query = messages.find(filter).sort({ seq: 1 });
      if (opts?.limit !== undefined) query.limit(Math.trunc(opts.limit));
      return (await query.lean<MessageDoc[]>()).map(toMessage);
    },
    async lastTexts(conversationIds) {
      if (conversationIds.length === 0) return {};
      const { messages } = await models();
      // Previews show what was said: system notices and agents' internal notes are skipped.
      const rows = await messages.aggregate<{ _id: string; text: string }>([
        { $match: { conversationId: { $in: [...new Set(conversationIds)] }, sender: { $ne: 'system' }, internal: false } },
        { $sort: { conversationId: 1, seq: -1 } },
        { $group: { _id: '$conversationId', text: { $first: '$text' } } },
      ]);
      return Object.fromEntries(rows.map((r) => [r._id, r.text]));
    },
    async countShopperSince(conversationId, sinceSeq) {
      const { messages } = await models();
      // Bounded by the (conversationId, seq) index to the messages past the read mark.
      return messages.countDocuments({ conversationId, seq: { $gt: sinceSeq }, sender: 'shopper' });
    },
  };
}

/** Raises conversation.lastSeq to the highest stored seq (never lowers it). */
async function resyncLastSeq(m: Models, conversationId: string): Promise<void> {
  const last = await m.messages.findOne({ conversationId }).sort({ seq: -1 }).select({ seq: 1 }).lean<Pick<MessageDoc, 'seq'>>();
  if (last) await m.conversations.updateOne({ _id: conversationId }, { $max: { lastSeq: last.seq } });
}
