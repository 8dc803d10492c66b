import type { AnalyticsEvent } from '../../../server/store/store';
import { makeConversation, timeWindow, uid, type GetStore } from './helpers';

/** AnalyticsStore rules: counts and averages per type in [from, to), the bot's misses and per-intent outcomes. */
export function analyticsContract(store: GetStore): void {
  describe('analytics', () => {
    const fact = (type: AnalyticsEvent['type'], at: number, over: Partial<AnalyticsEvent> = {}): AnalyticsEvent => ({
      type, siteId: 'shop', conversationId: uid(), at, ...over,
    });

    it('counts and averages per type inside [from, to)', async () => {
      const t = timeWindow();
      await Promise.all([
        store().analytics.record(fact('conversation.started', t)),
        store().analytics.record(fact('conversation.started', t + 10)),
        store().analytics.record(fact('conversation.started', t + 100)), // at `to`: excluded
        store().analytics.record(fact('conversation.started', t - 1)), // before `from`: excluded
        store().analytics.record(fact('conversation.rated', t + 1, { value: 5 })),
        store().analytics.record(fact('conversation.rated', t + 2, { value: 2 })),
        store().analytics.record(fact('conversation.assigned', t + 3, { value: 1500 })),
        store().analytics.record(fact('conversation.assigned', t + 4, { value: null })),
        store().analytics.record(fact('bot.answered', t + 5, { intent: 'refund' })),
      ]);
      expect(await store().analytics.counts(t, t + 100)).toEqual({
        'conversation.started': 2,
        'conversation.rated': 2,
        'conversation.assigned': 2,
        'bot.answered': 1,
      });
      expect(await store().analytics.averages(t, t + 100)).toEqual({ 'conversation.rated': 3.5, 'conversation.assigned': 1500 });
      expect(await store().analytics.average('conversation.rated', t, t + 100)).toBe(3.5);
      expect(await store().analytics.average('conversation.assigned', t, t + 100)).toBe(1500);
      expect(await store().analytics.average('conversation.started', t, t + 100)).toBeNull();
      expect(await store().analytics.average('conversation.rated', t + 200, t + 300)).toBeNull();
      expect(await store().analytics.counts(t + 200, t + 300)).toEqual({});
      expect(await store().analytics.averages(t + 200, t + 300)).toEqual({});
    });

    it('lists the misses with a text, newest first, bounded, each with its conversation\'s visitor', async () => {
      const t = timeWindow();
      const c = await makeConversation(store());
      const miss = (type: AnalyticsEvent['type'], at: number, text: string | null, over: Partial<AnalyticsEvent> = {}) =>
        store().analytics.record(fact(type, at, { conversationId: c.id, text, ...over }));
      await miss('bot.fallback', t + 1, 'do you ship to mars?');
      await miss('bot.clarify_unpicked', t + 2, 'gift thing', { intent: 'gift.wrap' });
      await miss('bot.unhelpful', t + 3, 'where is my parcel', { intent: 'order.track' });
      await miss('handoff.after_answer', t + 4, 'refund to card?', { intent: 'refund.time' });
      await miss('handoff.trigger', t + 5, 'my sofa is broken');
      await miss('bot.fallback', t + 6, null); // no text: not a question to show
      await miss('bot.answered', t + 7, 'an answered question', { intent: 'order.track' }); // not a miss
      await miss('bot.fallback', t + 50, 'outside the window');
      await store().analytics.record(fact('bot.fallback', t + 8, { conversationId: 'gone', text: 'erased chat' }));
      const all = await store().analytics.misses(t, t + 50, 100);
      expect(all).toEqual([
        { type: 'bot.fallback', text: 'erased chat', intent: null, conversationId: 'gone', visitorId: null, at: t + 8 },
        { type: 'handoff.trigger', text: 'my sofa is broken', intent: null, conversationId: c.id, visitorId: c.visitorId, at: t + 5 },
        { type: 'handoff.after_answer', text: 'refund to card?', intent: 'refund.time', conversationId: c.id, visitorId: c.visitorId, at: t + 4 },
        { type: 'bot.unhelpful', text: 'where is my parcel', intent: 'order.track', conversationId: c.id, visitorId: c.visitorId, at: t + 3 },
        { type: 'bot.clarify_unpicked', text: 'gift thing', intent: 'gift.wrap', conversationId: c.id, visitorId: c.visitorId, at: t + 2 },
        { type: 'bot.fallback', text: 'do you ship to mars?', intent: null, conversationId: c.id, visitorId: c.visitorId, at: t + 1 },
      ]);
      expect((await store().analytics.misses(t, t + 50, 2)).map((m) => m.at)).toEqual([t + 8, t + 5]);
      expect(await store().analytics.misses(t, t + 50, 0)).toEqual([]);
    });

    it('counts per intent the answers, the answers that missed (per conversation) and the thumbs', async () => {
      const t = timeWindow();
      const [a, b] = [uid(), uid()];
      const f = (type: AnalyticsEvent['type'], conversationId: string, intent: string, at = t + 1) =>
        store().analytics.record(fact(type, at, { conversationId, intent, text: 'q' }));
      await Promise.all([
        f('bot.answered', a, 'order.track'),
        f('bot.answered', b, 'order.track'),
        f('bot.answered', uid(), 'order.track'),
        f('bot.answered', a, 'returns.policy'),
        // Conversation a: thumbs down and a handoff after the same answer count as one miss.
        f('bot.unhelpful', a, 'order.track'),
        f('handoff.after_answer', a, 'order.track'),
        f('handoff.after_answer', b, 'order.track'),
        f('bot.helpful', a, 'returns.policy'),
        f('bot.answered', a, 'returns.policy', t + 100), // outside the window
      ]);
      expect(await store().analytics.intentOutcomes(t, t + 100)).toEqual([
        { intent: 'order.track', answered: 3, missed: 2, helpful: 0, unhelpful: 1 },
        { intent: 'returns.policy', answered: 1, missed: 0, helpful: 1, unhelpful: 0 },
      ]);
    });
  });
}
