import mongoose, { type Connection } from 'mongoose';
import { newConversation } from '../../../server/store/common/new-conversation';
import { priorityRank } from '../../../server/store/common/priority-rank';
import { toConversation, toMessage } from '../../../server/store/mongo/docs';
import { registerModels, type ConversationDoc, type MessageDoc, type Models } from '../../../server/store/mongo/models';

/** The mongoose schemas checked offline: validation and indexes need no server. */
describe('MongoDB models', () => {
  let conn: Connection;
  let models: Models;
  beforeAll(() => {
    conn = mongoose.createConnection();
    models = registerModels(conn);
  });
  afterAll(async () => {
    await conn.close();
  });

  const indexes = (m: keyof Models) => models[m].schema.indexes();

  it('declares the unique indexes the adapter relies on', () => {
    expect(indexes('messages')).toEqual(
      expect.arrayContaining([
        [{ conversationId: 1, seq: 1 }, expect.objectContaining({ unique: true })],
        [
          { conversationId: 1, clientId: 1 },
          expect.objectContaining({ unique: true, partialFilterExpression: { clientId: { $type: 'string' } } }),
        ],
      ]),
    );
    expect(indexes('visitors')).toContainEqual([{ siteId: 1, tokenHash: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes('agents')).toContainEqual([{ emailKey: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes('tickets')).toContainEqual([{ number: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes('conversations').map(([fields]) => fields)).toEqual(
      expect.arrayContaining([{ status: 1, priorityRank: 1, waitingSince: 1 }, { assignedAgentId: 1, status: 1 }, { visitorId: 1, createdAt: -1 }]),
    );
  });

  it('indexes what SQLite migration 10 indexes: tickets by age (retention), attachments by case (privacy export)', () => {
    expect(indexes('tickets').map(([fields]) => fields)).toContainEqual({ createdAt: 1 });
    expect(indexes('attachments').map(([fields]) => fields)).toContainEqual({ caseId: 1 });
  });

  it('stores a conversation exactly as the model has it (round trip through a document)', async () => {
    const { id, ...rest } = {
      ...newConversation({ siteId: 's', visitorId: 'v', locale: 'zh' }, 'c1', 7),
      handoff: { reason: 'intent' as const, intent: 'refund', topIntents: [{ intent: 'refund', confidence: 0.9 }], orderNumbers: [], emails: [], sentiment: null, note: null },
      rating: { score: 5, comment: null, createdAt: 9 },
      tags: ['vip'],
    };
    const doc = new models.conversations({ _id: id, ...rest, priorityRank: priorityRank(rest.priority) });
    await expect(doc.validate()).resolves.toBeUndefined();
    expect(toConversation(doc.toObject<ConversationDoc>())).toEqual({ id, ...rest });
  });

  it('stores a message with bot meta and a system event unchanged', async () => {
    const message = {
      id: 'm1', conversationId: 'c1', seq: 3, clientId: null, sender: 'bot' as const, agentId: null, senderName: 'Parley',
      text: 'hi', internal: false, createdAt: 1,
      attachments: [{ blobId: 'b1', name: 'damage.jpg', contentType: 'image/jpeg', size: 10 }],
      bot: { decision: 'answer' as const, intent: 'greet', confidence: 0.9, quickReplies: [{ label: 'Track', text: 'track' }] },
      event: { kind: 'queued' as const, position: 2 },
    };
    const { id, ...fields } = message;
    const doc = new models.messages({ _id: id, ...fields });
    await expect(doc.validate()).resolves.toBeUndefined();
    expect(toMessage(doc.toObject<MessageDoc>())).toEqual(message);
  });

  it('rejects bad input before anything is written', async () => {
    const bad = new models.messages({ _id: 'm2', conversationId: 'c1', seq: 1, clientId: null, sender: 'robot', text: 'x', internal: false, createdAt: 1 });
    await expect(bad.validate()).rejects.toThrow(/sender/);
    const noText = new models.messages({ _id: 'm3', conversationId: 'c1', seq: 1, clientId: null, sender: 'shopper', internal: false, createdAt: 1 });
    await expect(noText.validate()).rejects.toThrow(/text/);
    // An empty text is a text: system notices and photo-only messages have one.
    const empty = new models.messages({ _id: 'm4', conversationId: 'c1', seq: 2, clientId: null, sender: 'system', text: '', internal: false, createdAt: 1 });
    await expect(empty.validate()).resolves.toBeUndefined();
    const { id, ...rest } = newConversation({ siteId: 's', visitorId: 'v', locale: 'en' }, 'c2', 1);
    const badStatus = new models.conversations({ _id: id, ...rest, status: 'lost', priorityRank: 2 });
    await expect(badStatus.validate()).rejects.toThrow(/status/);
  });
});
