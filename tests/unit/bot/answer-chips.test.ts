import path from 'node:path';
import { answerChips } from '../../../server/bot/answer-chips';
import { loadKb } from '../../../server/bot/load-kb';
import type { KnowledgeBase } from '../../../server/bot/kb-schema';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKb(path.join(__dirname, '../../../kb/retail'));
});

describe('answer chips', () => {
  it('never shows two chips with the same label under a shipped answer', () => {
    const byId = new Map(kb.intents.map((i) => [i.id, i]));
    for (const intent of kb.intents) {
      for (const locale of ['en', 'zh'] as const) {
        const labels = answerChips(intent, locale, byId).map((c) => c.label.toLowerCase());
        expect({ intent: intent.id, locale, labels }).toEqual({ intent: intent.id, locale, labels: [...new Set(labels)] });
      }
    }
  });

  it('keeps the link chip when a follow-up intent has the same title (the exchange answer’s size guide)', () => {
    const byId = new Map(kb.intents.map((i) => [i.id, i]));
    const chips = answerChips(byId.get('exchange.size')!, 'en', byId);
    expect(chips.filter((c) => c.label === 'Size guide')).toEqual([{ label: 'Size guide', url: expect.any(String) }]);
  });
});
