import type { NewAttachment } from '../../../server/store/store';
import { makeConversation, makeVisitor, uid, type GetStore } from './helpers';

const newAttachment = (over: Partial<NewAttachment> = {}): NewAttachment => ({
  id: uid().replace(/-/g, ''),
  siteId: 'demo',
  name: 'photo.jpg',
  contentType: 'image/jpeg',
  size: 1234,
  hasThumbnail: true,
  visitorId: null,
  agentId: null,
  createdAt: Date.now(),
  ...over,
});

/** AttachmentStore rules: metadata round-trips, a claim binds once, dangling records are found for the purge. */
export function attachmentsContract(store: GetStore): void {
  describe('attachments', () => {
    it('creates and reads back an unclaimed record', async () => {
      const input = newAttachment({ agentId: 'agent-1' });
      const created = await store().attachments.create(input);
      expect(created).toEqual({ ...input, conversationId: null, caseId: null });
      expect(await store().attachments.get(input.id)).toEqual(created);
      expect(await store().attachments.get(`none-${uid()}`)).toBeNull();
    });

    it('binds to one conversation only; claiming again for it is a no-op, for another refused', async () => {
      const a = await store().attachments.create(newAttachment());
      const c1 = await makeConversation(store());
      const c2 = await makeConversation(store());
      expect((await store().attachments.claim(a.id, { conversationId: c1.id }))?.conversationId).toBe(c1.id);
      expect((await store().attachments.claim(a.id, { conversationId: c1.id }))?.conversationId).toBe(c1.id);
      expect(await store().attachments.claim(a.id, { conversationId: c2.id })).toBeNull();
      expect(await store().attachments.claim(a.id, { caseId: 'case-1' })).toBeNull();
      expect(await store().attachments.claim(`none-${uid()}`, { conversationId: c1.id })).toBeNull();
    });

    it('of racing claims for two conversations, exactly one wins', async () => {
      const a = await store().attachments.create(newAttachment());
      const cs = await Promise.all([1, 2, 3, 4].map(() => makeConversation(store())));
      const results = await Promise.all(cs.map((c) => store().attachments.claim(a.id, { conversationId: c.id })));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('lists by uploading visitor and by conversation', async () => {
      const v = await makeVisitor(store());
      const c = await makeConversation(store(), { siteId: v.siteId, visitorId: v.id });
      const mine = await store().attachments.create(newAttachment({ visitorId: v.id, createdAt: 1 }));
      const agents = await store().attachments.create(newAttachment({ agentId: 'a', createdAt: 2 }));
      await store().attachments.claim(agents.id, { conversationId: c.id });
      const listed = await store().attachments.list({ visitorIds: [v.id], conversationIds: [c.id] });
      expect(listed.map((a) => a.id)).toEqual([mine.id, agents.id]);
      expect(await store().attachments.list({})).toEqual([]);
    });

    it('finds records whose conversation or visitor is gone, and old unclaimed ones; deletes them', async () => {
      const v = await makeVisitor(store());
      const c = await makeConversation(store(), { siteId: v.siteId, visitorId: v.id });
      const inChat = await store().attachments.create(newAttachment({ visitorId: v.id }));
      await store().attachments.claim(inChat.id, { conversationId: c.id });
      const kept = await store().attachments.create(newAttachment({ visitorId: v.id, createdAt: Date.now() }));
      const old = await store().attachments.create(newAttachment({ agentId: 'a', createdAt: 5 }));
      const before = (await store().attachments.listDangling({ unclaimedBefore: 10 })).map((a) => a.id);
      expect(before).toContain(old.id);
      expect(before).not.toContain(inChat.id);
      expect(before).not.toContain(kept.id);

      await store().privacy.erase({ visitorIds: [v.id], emails: [], customerIds: [] });
      const after = (await store().attachments.listDangling({ unclaimedBefore: 10, limit: 10_000 })).map((a) => a.id);
      expect(after).toEqual(expect.arrayContaining([inChat.id, kept.id, old.id]));
      expect(await store().attachments.delete([inChat.id, kept.id, old.id, `none-${uid()}`])).toBe(3);
      expect(await store().attachments.get(inChat.id)).toBeNull();
    });

    it('stores the files a chat message carries', async () => {
      const c = await makeConversation(store());
      const ref = { blobId: uid().replace(/-/g, ''), name: 'damage.png', contentType: 'image/png', size: 99 };
      const { message } = await store().messages.append({ conversationId: c.id, clientId: uid(), sender: 'shopper', text: '', attachments: [ref] });
      expect(message.attachments).toEqual([ref]);
      expect(message.text).toBe('');
      const [read] = await store().messages.listSince(c.id, 0);
      expect(read?.attachments).toEqual([ref]);
      const { message: plain } = await store().messages.append({ conversationId: c.id, clientId: uid(), sender: 'shopper', text: 'hi' });
      expect(plain.attachments).toEqual([]);
    });
  });
}
