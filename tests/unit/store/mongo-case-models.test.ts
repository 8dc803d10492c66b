import mongoose, { type Connection } from 'mongoose';
import type { Case, CaseMessage } from '../../../shared/cases';
import { eventDocs, toCase, toCaseEvent, toCaseMessage } from '../../../server/store/mongo/case-docs';
import type { CaseDoc, CaseMessageDoc } from '../../../server/store/mongo/case-models';
import { registerModels, type Models } from '../../../server/store/mongo/models';

/** The case schemas checked offline (no MongoDB server runs on CI): validation, indexes, document mapping. */
describe('MongoDB case models', () => {
  let conn: Connection;
  let models: Models;
  beforeAll(() => {
    conn = mongoose.createConnection();
    models = registerModels(conn);
  });
  afterAll(async () => {
    await conn.close();
  });

  const sample: Case = {
    id: 'c1', number: 7, siteId: 's', status: 'solved', priority: 'A', tier: 'L2', department: 'orders', category: 'complaint',
    subject: '', locale: 'zh', source: 'chat', assigneeId: 'agent-1', customerId: 'cust-1', visitorId: 'v1', conversationId: 'conv-1',
    contactName: '王芳', contactEmail: 'wf@example.com', createdAt: 1, updatedAt: 2, firstResponseDueAt: 3, resolutionDueAt: 4,
    tierDueAt: null, firstResponseAt: 5, firstResponseBreachedAt: null, resolutionBreachedAt: 6, pausedAt: null, solvedAt: 7,
    closedAt: null, resolution: null, confirmation: { requestedAt: 7, closesAt: 8, answer: null, answeredAt: null }, mergedInto: null,
    lastSeq: 3, version: 4,
  };

  it('declares the unique indexes the adapter relies on', () => {
    expect(models.cases.schema.indexes()).toContainEqual([{ number: 1 }, expect.objectContaining({ unique: true })]);
    expect(models.caseMessages.schema.indexes()).toEqual(
      expect.arrayContaining([
        [{ caseId: 1, seq: 1 }, expect.objectContaining({ unique: true })],
        [{ caseId: 1, 'mergedFrom.messageId': 1 }, expect.objectContaining({ unique: true, partialFilterExpression: { 'mergedFrom.messageId': { $type: 'string' } } })],
      ]),
    );
  });

  it('stores a case and its history exactly as the model has them (round trip through a document)', async () => {
    const { id, ...rest } = sample;
    const events = eventDocs([{ type: 'escalated', fromTier: 'L1', toTier: 'L2', fromDepartment: 'general', toDepartment: 'orders', reason: 'tier_timer', isAutomatic: true }], { kind: 'system', id: null }, 9);
    const doc = new models.cases({ _id: id, ...rest, events });
    await expect(doc.validate()).resolves.toBeUndefined();
    const stored = doc.toObject<CaseDoc>();
    expect(toCase(stored)).toEqual(sample);
    expect(stored.events.map((e) => toCaseEvent(e, id))).toEqual([
      { id: expect.any(String), caseId: id, at: 9, actor: { kind: 'system', id: null }, type: 'escalated', fromTier: 'L1', toTier: 'L2', fromDepartment: 'general', toDepartment: 'orders', reason: 'tier_timer', isAutomatic: true },
    ]);
  });

  it('refuses a status, priority or tier outside the model', async () => {
    const { id, ...rest } = sample;
    for (const bad of [{ status: 'archived' }, { priority: 'D' }, { tier: 'L4' }]) {
      await expect(new models.cases({ _id: id, ...rest, ...bad }).validate()).rejects.toThrow();
    }
  });

  it('stores a message with attachments and merge origin unchanged', async () => {
    const message: CaseMessage = {
      id: 'm1', caseId: 'c1', seq: 2, kind: 'shopper', authorId: null, authorName: null, text: 'photo attached',
      attachments: [{ blobId: 'b1', name: 'box.jpg', contentType: 'image/jpeg', size: 10 }], createdAt: 1,
      mergedFrom: { caseId: 'c0', messageId: 'm0' },
    };
    const { id, ...fields } = message;
    const doc = new models.caseMessages({ _id: id, ...fields });
    await expect(doc.validate()).resolves.toBeUndefined();
    expect(toCaseMessage(doc.toObject<CaseMessageDoc>())).toEqual(message);
  });
});
