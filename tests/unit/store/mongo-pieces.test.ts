import { toConversation, toMessage, toVisitor } from '../../../server/store/mongo/docs';
import type { ConversationDoc, MessageDoc, VisitorDoc } from '../../../server/store/mongo/models';
import { isDuplicateKey } from '../../../server/store/mongo/mongo-errors';
import { pickDefined } from '../../../server/store/mongo/pick-defined';

/** An error shaped like the driver's MongoServerError. */
const serverError = (code: number, message: string, keyPattern?: Record<string, number>) =>
  Object.assign(new Error(message), { code, ...(keyPattern ? { keyPattern } : {}) });

describe('isDuplicateKey', () => {
  it('recognises E11000 and tells indexes apart by key pattern', () => {
    const onClientId = serverError(11000, 'E11000 duplicate key', { conversationId: 1, clientId: 1 });
    expect(isDuplicateKey(onClientId)).toBe(true);
    expect(isDuplicateKey(onClientId, 'clientId')).toBe(true);
    expect(isDuplicateKey(onClientId, 'seq')).toBe(false);
  });

  it('falls back to the index name in the message when there is no key pattern', () => {
    const old = serverError(11000, 'E11000 duplicate key error index: conversationId_1_clientId_1');
    expect(isDuplicateKey(old, 'clientId')).toBe(true);
    expect(isDuplicateKey(old, 'seq')).toBe(false);
  });

  it('is false for other errors', () => {
    expect(isDuplicateKey(serverError(121, 'validation'))).toBe(false);
    expect(isDuplicateKey(new Error('E11000'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
    expect(isDuplicateKey('E11000')).toBe(false);
  });
});

describe('pickDefined', () => {
  it('keeps listed fields that are set (null included) and drops undefined and unlisted ones', () => {
    const patch = { a: 1, b: undefined, c: null, d: 'not listed' };
    expect(pickDefined(patch, ['a', 'b', 'c'] as const)).toEqual({ a: 1, c: null });
  });
});

describe('MongoDB documents to the model', () => {
  it('maps _id to id, hides internal fields, and reads missing fields as null', () => {
    const doc = {
      _id: 'c1', siteId: 's', visitorId: 'v', status: 'waiting', department: 'general', priority: 'high', priorityRank: 1,
      locale: 'en', lastSeq: 3, createdAt: 1, updatedAt: 2, tags: ['x'],
    } as unknown as ConversationDoc;
    const c = toConversation(doc);
    expect(c).toEqual({
      id: 'c1', siteId: 's', visitorId: 'v', status: 'waiting', department: 'general', priority: 'high',
      assignedAgentId: null, locale: 'en', lastSeq: 3, fallbackCount: 0, handoff: null, tags: ['x'], rating: null,
      resolution: null, pageUrl: null, createdAt: 1, updatedAt: 2, waitingSince: null, assignedAt: null,
      firstResponseAt: null, closedAt: null, shopperReadSeq: 0, agentReadSeq: 0, slaBreachedAt: null,
    });
  });

  it('maps messages with booleans and nulls, and visitors without their token hash', () => {
    const m = toMessage({ _id: 'm1', conversationId: 'c1', seq: 1, sender: 'shopper', text: 'hi', internal: false, createdAt: 5 } as unknown as MessageDoc);
    expect(m).toEqual({ id: 'm1', conversationId: 'c1', seq: 1, clientId: null, sender: 'shopper', agentId: null, senderName: null, text: 'hi', internal: false, bot: null, event: null, attachments: [], createdAt: 5 });
    const v = toVisitor({ _id: 'v1', siteId: 's', tokenHash: 'secret', identity: { name: 'Li' }, locale: 'zh', createdAt: 1, lastSeenAt: 2 } as unknown as VisitorDoc);
    expect(v).toEqual({ id: 'v1', siteId: 's', identity: { externalId: null, name: 'Li', email: null, verified: false, idVerified: false, tier: null }, locale: 'zh', lastAgentId: null, createdAt: 1, lastSeenAt: 2 });
    expect(JSON.stringify(v)).not.toContain('secret');
  });
});
