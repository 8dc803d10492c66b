import type { AnalyticsEvent } from '../../../server/store/store';
import { timeWindow, uid, type GetStore } from './helpers';

/** AnalyticsStore rules: counts and averages per type in [from, to), knowledge gaps. */
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

    it('groups fallback texts, most frequent first, with the last time seen', async () => {
      const t = timeWindow();
      const fallback = (text: string, at: number) => store().analytics.record(fact('bot.fallback', at, { text }));
      await fallback('Do you ship to Mars?', t + 1);
      await fallback('  do you ship to mars?  ', t + 7);
      await fallback('DO YOU SHIP TO MARS?', t + 3);
      await fallback('gift wrap', t + 2);
      await fallback('Gift Wrap', t + 4);
      await fallback('可以开发票吗', t + 5);
      await fallback('ignored: outside the window', t + 50);
      await store().analytics.record(fact('bot.answered', t + 6, { text: 'do you ship to mars?' }));
      expect(await store().analytics.knowledgeGaps(t, t + 50, 10)).toEqual([
        { text: 'do you ship to mars?', count: 3, lastAt: t + 7 },
        { text: 'gift wrap', count: 2, lastAt: t + 4 },
        { text: '可以开发票吗', count: 1, lastAt: t + 5 },
      ]);
      expect(await store().analytics.knowledgeGaps(t, t + 50, 1)).toEqual([{ text: 'do you ship to mars?', count: 3, lastAt: t + 7 }]);
    });
  });
}
