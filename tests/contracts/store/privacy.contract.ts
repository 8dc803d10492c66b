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
      const kase = await store().cases.create({
        siteId: v.siteId, priority: 'C', department: 'general', category: 'general', subject: 'call me', locale: 'en', source: 'form',
        customerId, visitorId: v.id, conversationId: null, contactName: 'Pat', contactEmail: 'pat@example.com', assigneeId: null,
        firstResponseDueAt: null, resolutionDueAt: null, tierDueAt: null, createdAt: 1, actor: { kind: 'customer', id: null },
      });
      await store().cases.appendMessage({ caseId: kase.id, kind: 'shopper', authorId: null, authorName: 'Pat', text: 'call me on 555-0100', createdAt: 2 });
      await store().cases.appendMessage({ caseId: kase.id, kind: 'note', authorId: 'agent-a', authorName: 'Ann', text: 'Pat is upset', createdAt: 3 });
      await store().cases.markRead(kase.id, 1);
      expect(await store().privacy.findVisitorIds({ customerId })).toEqual([v.id]);
      expect(await store().privacy.findVisitorIds({ visitorId: v.id })).toEqual([v.id]);
      expect(await store().privacy.findVisitorIds({ visitorId: `none-${uid()}` })).toEqual([]);
      const data = await store().privacy.export([v.id]);
      expect(data.visitors.map((x) => x.id)).toEqual([v.id]);
      expect(data.conversations.map((x) => x.id)).toEqual([c.id]);
      expect(data.messages.map((m) => m.text)).toEqual(['private']);
      expect(data.cases.map((x) => x.id)).toEqual([kase.id]);
      expect(data.caseMessages.map((m) => m.text)).toEqual(['call me on 555-0100', 'Pat is upset']);
      expect(await store().privacy.erase([v.id])).toEqual({ visitors: 1, conversations: 1, messages: 1, tickets: 0, cases: 1 });
      expect(await store().cases.get(kase.id)).toBeNull();
      expect(await store().cases.listMessages(kase.id, { includeInternal: true })).toEqual([]);
      expect(await store().cases.listEvents(kase.id)).toEqual([]);
      expect(await store().visitors.get(v.id)).toBeNull();
      expect(await store().conversations.get(c.id)).toBeNull();
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
