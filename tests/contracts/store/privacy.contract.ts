import { makeConversation, makeVisitor, uid, type GetStore } from './helpers';

/** PrivacyStore rules: find by visitor or customer id, export everything, erase everything, purge by age. */
export function privacyContract(store: GetStore): void {
  describe('privacy', () => {
    it('finds, exports and erases a shopper by customer id', async () => {
      const customerId = `cust-${uid()}`;
      const v = await makeVisitor(store());
      await store().visitors.update(v.id, { identity: { externalId: customerId, name: 'Pat', email: null, verified: false, idVerified: true, tier: null } });
      const c = await makeConversation(store(), { siteId: v.siteId, visitorId: v.id });
      await store().messages.append({ conversationId: c.id, clientId: uid(), sender: 'shopper', text: 'private' });
      const review = await store().qa.create({
        siteId: v.siteId, conversationId: c.id, agentId: 'agent-1', reviewerId: 'lead-1',
        scores: { greeting: 4, accuracy: 4, tone: 4, resolution: 4, notes: 4 }, comment: 'Pat said: my address is …', createdAt: 1000,
      });
      expect(await store().privacy.findVisitorIds({ customerId })).toEqual([v.id]);
      expect(await store().privacy.findVisitorIds({ visitorId: v.id })).toEqual([v.id]);
      expect(await store().privacy.findVisitorIds({ visitorId: `none-${uid()}` })).toEqual([]);
      const data = await store().privacy.export([v.id]);
      expect(data.visitors.map((x) => x.id)).toEqual([v.id]);
      expect(data.conversations.map((x) => x.id)).toEqual([c.id]);
      expect(data.messages.map((m) => m.text)).toEqual(['private']);
      expect(await store().privacy.erase([v.id])).toEqual({ visitors: 1, conversations: 1, messages: 1, tickets: 0 });
      expect(await store().visitors.get(v.id)).toBeNull();
      expect(await store().conversations.get(c.id)).toBeNull();
      // A reviewer may have quoted the shopper: the comment goes, the scores stay in the agent's QA figures.
      expect(await store().qa.list({ conversationId: c.id, limit: 5 })).toEqual([{ ...review, comment: null }]);
    });

    it('purges only conversations closed before the cut-off', async () => {
      const oldOne = await makeConversation(store());
      const recent = await makeConversation(store());
      const open = await makeConversation(store());
      await store().conversations.update(oldOne.id, { status: 'closed', closedAt: 1000 });
      await store().conversations.update(recent.id, { status: 'closed', closedAt: 5000 });
      expect(await store().privacy.purgeClosedBefore(2000)).toBeGreaterThanOrEqual(1);
      expect(await store().conversations.get(oldOne.id)).toBeNull();
      expect(await store().conversations.get(recent.id)).not.toBeNull();
      expect(await store().conversations.get(open.id)).not.toBeNull();
    });
  });
}
