import type { Conversation, ConversationStatus } from '../../../shared/model';
import type { ConversationPatch } from '../../../server/store/store';
import { makeConversation, makeVisitor, newSite, sleep, uid, type GetStore } from './helpers';

/** A patch that sets every patchable field to a non-default value. */
function fullPatch(): Required<ConversationPatch> {
  return {
    status: 'assigned',
    department: 'billing',
    priority: 'urgent',
    assignedAgentId: 'agent-7',
    locale: 'zh',
    fallbackCount: 2,
    handoff: {
      reason: 'fallbacks',
      intent: 'order_status',
      topIntents: [
        { intent: 'order_status', confidence: 0.61 },
        { intent: 'refund', confidence: 0.22 },
      ],
      orderNumbers: ['A-1001'],
      emails: ['li@example.com'],
      sentiment: -0.4,
      note: 'asked twice',
    },
    tags: ['vip', 'refund'],
    rating: { score: 4, comment: '很好', createdAt: 1_700_000_000_123 },
    resolution: 'resolved',
    pageUrl: 'https://shop.example.com/cart?x=1',
    waitingSince: 1_700_000_000_001,
    assignedAt: 1_700_000_000_002,
    firstResponseAt: 1_700_000_000_003,
    closedAt: 1_700_000_000_004,
    shopperReadSeq: 3,
    agentReadSeq: 5,
    slaBreachedAt: 1_700_000_000_005,
  };
}

/** ConversationStore rules. */
export function conversationsContract(store: GetStore): void {
  describe('conversations', () => {
    it('creates with the defaults: bot, general, normal, nothing assigned', async () => {
      const v = await makeVisitor(store());
      const before = Date.now();
      const c = await store().conversations.create({ siteId: v.siteId, visitorId: v.id, locale: 'en' });
      expect(c).toEqual({
        id: expect.any(String),
        siteId: v.siteId,
        visitorId: v.id,
        status: 'bot',
        department: 'general',
        priority: 'normal',
        assignedAgentId: null,
        locale: 'en',
        lastSeq: 0,
        fallbackCount: 0,
        handoff: null,
        tags: [],
        rating: null,
        resolution: null,
        pageUrl: null,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
        waitingSince: null,
        assignedAt: null,
        firstResponseAt: null,
        closedAt: null,
        shopperReadSeq: 0,
        agentReadSeq: 0,
        slaBreachedAt: null,
      });
      expect(c.createdAt).toBeGreaterThanOrEqual(before);
      expect(c.updatedAt).toBe(c.createdAt);
      expect(await store().conversations.get(c.id)).toEqual(c);
    });

    it('takes department and page URL when given', async () => {
      const c = await makeConversation(store(), { department: 'sales', pageUrl: 'https://shop.example.com/p/1' });
      expect(await store().conversations.get(c.id)).toMatchObject({ department: 'sales', pageUrl: 'https://shop.example.com/p/1' });
    });

    it('returns null for unknown ids', async () => {
      expect(await store().conversations.get(uid())).toBeNull();
      expect(await store().conversations.update(uid(), { priority: 'high' })).toBeNull();
      expect(await store().conversations.transition(uid(), ['bot'], { status: 'waiting' })).toBeNull();
      expect(await store().conversations.findOpenByVisitor(uid())).toBeNull();
      expect(await store().conversations.findLatestByVisitor(uid())).toBeNull();
    });

    it('round-trips every patchable field, sets updatedAt, and can set nullable fields back to null', async () => {
      const c = await makeConversation(store());
      await sleep(3);
      const patch = fullPatch();
      const updated = await store().conversations.update(c.id, patch);
      expect(updated).toEqual({ ...c, ...patch, updatedAt: expect.any(Number) });
      expect(updated!.updatedAt).toBeGreaterThan(c.updatedAt);
      expect(await store().conversations.get(c.id)).toEqual(updated);

      const nulls: ConversationPatch = {
        assignedAgentId: null, handoff: null, rating: null, resolution: null, pageUrl: null, waitingSince: null,
        assignedAt: null, firstResponseAt: null, closedAt: null, slaBreachedAt: null, tags: [],
      };
      const cleared = await store().conversations.update(c.id, nulls);
      expect(cleared).toEqual({ ...updated, ...nulls, updatedAt: expect.any(Number) });
      expect(await store().conversations.get(c.id)).toEqual(cleared);
    });

    it('leaves fields out of the patch (or undefined in it) unchanged', async () => {
      const c = await makeConversation(store());
      await store().conversations.update(c.id, { tags: ['a'], priority: 'high' });
      const after = await store().conversations.update(c.id, { priority: undefined, department: 'returns' });
      expect(after).toMatchObject({ tags: ['a'], priority: 'high', department: 'returns' });
    });

    describe('transition', () => {
      it('applies the patch when the status matches and returns the new state', async () => {
        const c = await makeConversation(store());
        await sleep(3);
        const t = await store().conversations.transition(c.id, ['bot', 'waiting'], { status: 'waiting', waitingSince: 5 });
        expect(t).toMatchObject({ id: c.id, status: 'waiting', waitingSince: 5 });
        expect(t!.updatedAt).toBeGreaterThan(c.updatedAt);
        expect(await store().conversations.get(c.id)).toEqual(t);
      });

      it('returns null and changes nothing when the status does not match', async () => {
        const c = await makeConversation(store());
        expect(await store().conversations.transition(c.id, ['waiting', 'assigned'], { status: 'closed' })).toBeNull();
        expect(await store().conversations.transition(c.id, [], { status: 'closed' })).toBeNull();
        expect(await store().conversations.get(c.id)).toEqual(c);
      });

      it('checks the expected agent: a value must match, null means unassigned', async () => {
        const c = await makeConversation(store());
        await store().conversations.update(c.id, { status: 'assigned', assignedAgentId: 'a1' });
        expect(await store().conversations.transition(c.id, ['assigned'], { assignedAgentId: 'a3' }, 'a2')).toBeNull();
        expect(await store().conversations.transition(c.id, ['assigned'], { assignedAgentId: 'a3' }, null)).toBeNull();
        const moved = await store().conversations.transition(c.id, ['assigned'], { assignedAgentId: 'a2' }, 'a1');
        expect(moved).toMatchObject({ assignedAgentId: 'a2' });

        const free = await makeConversation(store());
        await store().conversations.update(free.id, { status: 'waiting' });
        const taken = await store().conversations.transition(free.id, ['waiting'], { status: 'assigned', assignedAgentId: 'a9' }, null);
        expect(taken).toMatchObject({ status: 'assigned', assignedAgentId: 'a9' });
      });

      it('lets exactly one of 20 concurrent takes win', async () => {
        const c = await makeConversation(store());
        await store().conversations.update(c.id, { status: 'waiting', waitingSince: Date.now() });
        const agents = Array.from({ length: 20 }, (_, i) => `agent-${i}`);
        const results = await Promise.all(
          agents.map((agentId) =>
            store().conversations.transition(c.id, ['waiting'], { status: 'assigned', assignedAgentId: agentId, assignedAt: Date.now() }),
          ),
        );
        const winners = results.filter((r): r is Conversation => r !== null);
        expect(winners).toHaveLength(1);
        const stored = await store().conversations.get(c.id);
        expect(stored).toMatchObject({ status: 'assigned', assignedAgentId: winners[0]!.assignedAgentId });
      });
    });

    it('finds the open and the latest conversation of a visitor', async () => {
      const v = await makeVisitor(store());
      const first = await makeConversation(store(), { siteId: v.siteId, visitorId: v.id });
      await sleep(3);
      expect((await store().conversations.findOpenByVisitor(v.id))?.id).toBe(first.id);
      await store().conversations.update(first.id, { status: 'closed', closedAt: Date.now() });
      expect(await store().conversations.findOpenByVisitor(v.id)).toBeNull();
      expect((await store().conversations.findLatestByVisitor(v.id))?.id).toBe(first.id);

      const second = await makeConversation(store(), { siteId: v.siteId, visitorId: v.id });
      await sleep(3);
      // Touching the older one must not make it the latest: latest is by creation.
      await store().conversations.update(first.id, { tags: ['late-edit'] });
      expect((await store().conversations.findOpenByVisitor(v.id))?.id).toBe(second.id);
      expect((await store().conversations.findLatestByVisitor(v.id))?.id).toBe(second.id);
    });

    describe('list', () => {
      it('filters by status, agent, site, visitor, department and whether an agent has answered', async () => {
        const siteId = newSite();
        const v1 = await makeVisitor(store(), siteId);
        const v2 = await makeVisitor(store(), siteId);
        const a = await makeConversation(store(), { siteId, visitorId: v1.id });
        const b = await makeConversation(store(), { siteId, visitorId: v1.id, department: 'billing' });
        const c = await makeConversation(store(), { siteId, visitorId: v2.id });
        const agent = uid();
        await store().conversations.update(b.id, { status: 'assigned', assignedAgentId: agent });
        await store().conversations.update(c.id, { status: 'closed' });
        await makeConversation(store()); // another site

        const ids = async (q: Parameters<ReturnType<GetStore>['conversations']['list']>[0]) =>
          (await store().conversations.list(q)).map((x) => x.id).sort();
        expect(await ids({ siteId })).toEqual([a.id, b.id, c.id].sort());
        expect(await ids({ siteId, status: ['bot', 'assigned'] })).toEqual([a.id, b.id].sort());
        expect(await ids({ siteId, status: ['closed'] })).toEqual([c.id]);
        expect(await ids({ siteId, status: [] })).toEqual([]);
        expect(await ids({ assignedAgentId: agent })).toEqual([b.id]);
        expect(await ids({ siteId, visitorId: v1.id })).toEqual([a.id, b.id].sort());
        expect(await ids({ siteId, department: 'billing' })).toEqual([b.id]);
        expect(await ids({ visitorId: v2.id, status: ['bot'] })).toEqual([]);
        expect(await ids({ siteId, awaitingFirstResponse: true })).toEqual([a.id, b.id, c.id].sort());
        await store().conversations.update(b.id, { firstResponseAt: Date.now() });
        expect(await ids({ siteId, awaitingFirstResponse: true })).toEqual([a.id, c.id].sort());
        expect(await ids({ siteId, status: ['assigned'], awaitingFirstResponse: true })).toEqual([]);
      });

      it("orders by updatedAt, newest first by default, stalest first with 'stale'; updatedAtMost reads only what has been quiet since", async () => {
        const siteId = newSite();
        const a = await makeConversation(store(), { siteId });
        await sleep(3);
        const b = await makeConversation(store(), { siteId });
        await sleep(3);
        const c = await makeConversation(store(), { siteId });
        await sleep(3);
        const touched = await store().conversations.update(a.id, { tags: ['touched'] });
        const list = await store().conversations.list({ siteId });
        expect(list.map((x) => x.id)).toEqual([a.id, c.id, b.id]);
        expect(list[0]).toEqual(await store().conversations.get(a.id));
        const stale = async (updatedAtMost?: number, limit?: number) =>
          (await store().conversations.list({ siteId, order: 'stale', updatedAtMost, limit })).map((x) => x.id);
        expect(await stale()).toEqual([b.id, c.id, a.id]);
        expect(await stale(c.updatedAt)).toEqual([b.id, c.id]);
        expect(await stale(b.updatedAt - 1)).toEqual([]);
        expect(await stale(touched!.updatedAt, 2)).toEqual([b.id, c.id]);
      });

      it('orders the queue by priority (urgent > high > normal > low), then longest waiting', async () => {
        const siteId = newSite();
        const spec = [
          ['low', 100],
          ['normal', 300],
          ['urgent', 400],
          ['high', 200],
          ['normal', 100],
          ['urgent', 500],
        ] as const;
        for (const [priority, waitingSince] of spec) {
          const c = await makeConversation(store(), { siteId });
          await store().conversations.update(c.id, { status: 'waiting', priority, waitingSince });
        }
        await makeConversation(store(), { siteId }); // still with the bot: not in the queue
        const list = await store().conversations.list({ siteId, status: ['waiting'], order: 'queue' });
        expect(list.map((c) => `${c.priority}@${c.waitingSince}`)).toEqual([
          'urgent@400', 'urgent@500', 'high@200', 'normal@100', 'normal@300', 'low@100',
        ]);
      });

      it("counts a waiting conversation's place in its department's queue, in the queue's order", async () => {
        const department = `queue-${uid()}`;
        const spec = [['normal', 300], ['urgent', 400], ['normal', 100], ['normal', 300]] as const;
        const ids: string[] = [];
        for (const [priority, waitingSince] of spec) {
          const c = await makeConversation(store(), { department });
          await store().conversations.update(c.id, { status: 'waiting', priority, waitingSince });
          ids.push(c.id);
        }
        // Another department's queue and a chat still with the bot do not count.
        const other = await makeConversation(store(), { department: `${department}-other` });
        await store().conversations.update(other.id, { status: 'waiting', priority: 'urgent', waitingSince: 1 });
        const bot = await makeConversation(store(), { department });
        const listed = await store().conversations.list({ department, status: ['waiting'], order: 'queue' });
        for (const [i, c] of listed.entries()) expect(await store().conversations.queuePosition(c.id)).toBe(i + 1);
        expect(listed.map((c) => c.id).slice(0, 2)).toEqual([ids[1], ids[2]]);
        expect(await store().conversations.queuePosition(bot.id)).toBeNull();
        expect(await store().conversations.queuePosition('no-such-conversation')).toBeNull();
      });

      it('returns 50 by default and honours a limit', async () => {
        const siteId = newSite();
        const v = await makeVisitor(store(), siteId);
        await Promise.all(Array.from({ length: 53 }, () => makeConversation(store(), { siteId, visitorId: v.id })));
        expect(await store().conversations.list({ siteId })).toHaveLength(50);
        expect(await store().conversations.list({ siteId, limit: 7 })).toHaveLength(7);
        expect(await store().conversations.list({ siteId, limit: 100 })).toHaveLength(53);
      });

      it('searches message text, visitor name and email, and tags, case-insensitively', async () => {
        const siteId = newSite();
        const byMessage = await makeConversation(store(), { siteId });
        await store().messages.append({ conversationId: byMessage.id, clientId: null, sender: 'shopper', text: 'My PARCEL is late' });
        const named = await makeVisitor(store(), siteId);
        await store().visitors.update(named.id, {
          identity: { externalId: null, name: 'Zhang Parcelina', email: null, verified: false, idVerified: false, tier: null },
        });
        const byName = await makeConversation(store(), { siteId, visitorId: named.id });
        const mailed = await makeVisitor(store(), siteId);
        await store().visitors.update(mailed.id, {
          identity: { externalId: null, name: null, email: 'Buyer@Example.COM', verified: false, idVerified: false, tier: null },
        });
        const byEmail = await makeConversation(store(), { siteId, visitorId: mailed.id });
        const byTag = await makeConversation(store(), { siteId });
        await store().conversations.update(byTag.id, { tags: ['Wholesale'] });
        await makeConversation(store(), { siteId });

        const ids = async (text: string) => (await store().conversations.list({ siteId, text })).map((c) => c.id).sort();
        expect(await ids('parcel')).toEqual([byMessage.id, byName.id].sort());
        expect(await ids('buyer@example')).toEqual([byEmail.id]);
        expect(await ids('WHOLESALE')).toEqual([byTag.id]);
        expect(await ids('nothing-matches-this')).toEqual([]);
      });

      it('treats % and _ (and regex characters) in the search text literally', async () => {
        const siteId = newSite();
        const say = async (text: string) => {
          const c = await makeConversation(store(), { siteId });
          await store().messages.append({ conversationId: c.id, clientId: null, sender: 'shopper', text });
          return c.id;
        };
        const percent = await say('is there 100% cotton?');
        const plain = await say('is there 100 cotton or 1000 cotton?');
        const underscore = await say('code SALE_10 does not work');
        const nounderscore = await say('code SALEX10 does not work');
        const regexy = await say('price (USD) is $5.00?');

        const ids = async (text: string) => (await store().conversations.list({ siteId, text })).map((c) => c.id).sort();
        expect(await ids('100%')).toEqual([percent]);
        expect(await ids('%')).toEqual([percent]);
        expect(await ids('sale_10')).toEqual([underscore]);
        expect(await ids('_')).toEqual([underscore]);
        expect(await ids('(usd) is $5.')).toEqual([regexy]);
        expect(await ids('100')).toEqual([percent, plain].sort());
        expect(await ids('salex10')).toEqual([nounderscore]);
      });

      it('searches Chinese text', async () => {
        const siteId = newSite();
        const c = await makeConversation(store(), { siteId, locale: 'zh' });
        await store().messages.append({ conversationId: c.id, clientId: null, sender: 'shopper', text: '我的订单什么时候发货？' });
        expect((await store().conversations.list({ siteId, text: '订单' })).map((x) => x.id)).toEqual([c.id]);
      });
    });

    describe('raiseReadMark', () => {
      const withMessages = async (n: number) => {
        const c = await makeConversation(store());
        for (let i = 0; i < n; i++) await store().messages.append({ conversationId: c.id, clientId: null, sender: 'shopper', text: `m${i}` });
        return c;
      };

      it("moves each reader's mark forward, at most to the last message, and never back", async () => {
        const c = await withMessages(5);
        expect((await store().conversations.raiseReadMark(c.id, 'agent', 3))?.agentReadSeq).toBe(3);
        expect(await store().conversations.raiseReadMark(c.id, 'agent', 2)).toBeNull();
        expect(await store().conversations.raiseReadMark(c.id, 'agent', 3)).toBeNull();
        // Past the end is capped at the last message.
        const capped = await store().conversations.raiseReadMark(c.id, 'agent', 99);
        expect(capped).toMatchObject({ agentReadSeq: 5, shopperReadSeq: 0 });
        expect((await store().conversations.raiseReadMark(c.id, 'shopper', 4))?.shopperReadSeq).toBe(4);
        expect(await store().conversations.get(c.id)).toMatchObject({ agentReadSeq: 5, shopperReadSeq: 4 });
        expect(await store().conversations.raiseReadMark(uid(), 'agent', 1)).toBeNull();
      });

      it('concurrent raises end at the highest, whatever order they land in', async () => {
        const c = await withMessages(20);
        const marks = [7, 20, 3, 15, 11, 19, 1];
        await Promise.all(marks.map((m) => store().conversations.raiseReadMark(c.id, 'agent', m)));
        expect((await store().conversations.get(c.id))?.agentReadSeq).toBe(20);
      });
    });

    it('counts assigned conversations per agent', async () => {
      const [a1, a2, idle] = [uid(), uid(), uid()];
      const assign = async (agentId: string, status: ConversationStatus) => {
        const c = await makeConversation(store());
        await store().conversations.update(c.id, { status, assignedAgentId: agentId });
      };
      await assign(a1, 'assigned');
      await assign(a1, 'assigned');
      await assign(a1, 'closed');
      await assign(a2, 'assigned');
      await assign(a2, 'waiting');
      expect(await store().conversations.countAssigned([a1, a2, idle])).toEqual({ [a1]: 2, [a2]: 1, [idle]: 0 });
      expect(await store().conversations.countAssigned([])).toEqual({});
      const all = await store().conversations.countAssigned();
      expect(all[a1]).toBe(2);
      expect(all[a2]).toBe(1);
      expect(all[idle]).toBeUndefined();
    });

    it("tells each agent's last assignment, closed chats included, and leaves out agents with none", async () => {
      const [a1, a2, never] = [uid(), uid(), uid()];
      const assign = async (agentId: string, status: ConversationStatus, assignedAt: number) => {
        const c = await makeConversation(store());
        await store().conversations.update(c.id, { status, assignedAgentId: agentId, assignedAt });
      };
      await assign(a1, 'closed', 300);
      await assign(a1, 'assigned', 100);
      await assign(a2, 'assigned', 200);
      expect(await store().conversations.lastAssignedAt([a1, a2, never])).toEqual({ [a1]: 300, [a2]: 200 });
      expect(await store().conversations.lastAssignedAt([])).toEqual({});
    });

    describe('assignWithinCapacity', () => {
      const waiting = async () => {
        const c = await makeConversation(store());
        return (await store().conversations.transition(c.id, ['bot'], { status: 'waiting', waitingSince: 1 }))!;
      };

      it('10 concurrent assignments to an agent with maxChats=1: exactly one wins', async () => {
        const agentId = `agent-${uid()}`;
        const chats = await Promise.all(Array.from({ length: 10 }, waiting));
        const results = await Promise.all(chats.map((c) => store().conversations.assignWithinCapacity(c.id, agentId, 1, 42)));
        const won = results.filter((r): r is Conversation => r !== null);
        expect(won).toHaveLength(1);
        expect(won[0]).toMatchObject({ status: 'assigned', assignedAgentId: agentId, assignedAt: 42 });
        expect(await store().conversations.countAssigned([agentId])).toEqual({ [agentId]: 1 });
      });

      it('counts chats already assigned, frees room when one leaves, and only takes waiting chats', async () => {
        const agentId = `agent-${uid()}`;
        const [a, b, c] = [await waiting(), await waiting(), await waiting()];
        expect(await store().conversations.assignWithinCapacity(a.id, agentId, 2, 1)).not.toBeNull();
        expect(await store().conversations.assignWithinCapacity(b.id, agentId, 2, 2)).not.toBeNull();
        expect(await store().conversations.assignWithinCapacity(c.id, agentId, 2, 3)).toBeNull();
        expect((await store().conversations.get(c.id))?.status).toBe('waiting');
        await store().conversations.transition(a.id, ['assigned'], { status: 'closed', closedAt: 4 });
        expect(await store().conversations.assignWithinCapacity(c.id, agentId, 2, 5)).toMatchObject({ assignedAgentId: agentId });
        // Not waiting any more: nobody else can take it.
        expect(await store().conversations.assignWithinCapacity(c.id, `agent-${uid()}`, 5, 6)).toBeNull();
        expect(await store().conversations.assignWithinCapacity(uid(), agentId, 5, 6)).toBeNull();
      });

      it('a chat transferred in uses up room too', async () => {
        const agentId = `agent-${uid()}`;
        const [a, b] = [await waiting(), await waiting()];
        await store().conversations.transition(a.id, ['waiting'], { status: 'assigned', assignedAgentId: agentId, assignedAt: 1 });
        expect(await store().conversations.assignWithinCapacity(b.id, agentId, 1, 2)).toBeNull();
      });
    });
  });
}
