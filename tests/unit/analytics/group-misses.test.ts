import path from 'node:path';
import { utteranceFeatures } from '../../../server/analytics/gap-report';
import { groupMisses } from '../../../server/analytics/group-misses';
import { createBot, type Bot } from '../../../server/bot/create-bot';
import { loadKb } from '../../../server/bot/load-kb';
import type { MissFact } from '../../../server/store/store';

let bot: Bot;
beforeAll(async () => {
  bot = createBot(await loadKb(path.resolve(__dirname, '../../../kb/retail')));
});

let seq = 0;
const miss = (text: string, visitorId: string, over: Partial<MissFact> = {}): MissFact => ({
  type: 'bot.fallback', text, intent: null, conversationId: `c-${visitorId}`, visitorId, at: 1000 + seq++, ...over,
});

describe('groupMisses', () => {
  test('groups paraphrases by similarity and ranks groups by distinct shoppers', () => {
    const groups = groupMisses(
      [
        miss('do you ship to mars', 'v1'),
        miss('Do you ship to Mars', 'v1'), // same shopper again
        miss('shipping to mars?', 'v2'),
        miss('do you engrave jewellery', 'v3'),
        miss('do you do engraving on jewelry', 'v4', { type: 'handoff.trigger' }),
        miss('is engraving available on jewellery', 'v5', { type: 'bot.unhelpful', intent: 'product.care' }),
        miss('can i pay with bitcoin', 'v6'),
      ],
      bot,
      { background: utteranceFeatures(bot) },
    );
    const texts = groups.map((g) => g.questions.map((q) => q.text));
    expect(texts[0]).toEqual(expect.arrayContaining(['do you engrave jewellery', 'do you do engraving on jewelry', 'is engraving available on jewellery']));
    expect(groups[0]).toMatchObject({ shoppers: 3, count: 3, reasons: { fallback: 1, handoff_trigger: 1, unhelpful: 1 } });
    // "Do you ship to Mars" is the same question as "do you ship to mars": one entry counted twice.
    expect(groups[1]).toMatchObject({ shoppers: 2, count: 3 });
    expect(groups[1]!.questions).toEqual([{ text: 'do you ship to mars', count: 2 }, { text: 'shipping to mars?', count: 1 }]);
    expect(groups[2]).toMatchObject({ shoppers: 1, questions: [{ text: 'can i pay with bitcoin', count: 1 }] });
    expect(groups).toHaveLength(3);
  });

  test('keeps Chinese questions apart from English ones and suggests the engine\'s intent when it leans to one', () => {
    const groups = groupMisses([miss('可以刻字吗', 'a'), miss('戒指能刻字吗', 'b'), miss('where is my parcel now', 'c')], bot, { background: utteranceFeatures(bot) });
    expect(groups.map((g) => g.questions.length).sort()).toEqual([1, 2]);
    const parcel = groups.find((g) => g.questions[0]!.text === 'where is my parcel now');
    expect(parcel?.suggestedIntent).toBe(bot.classify('where is my parcel now').intent);
  });

  test('counts a miss whose conversation is gone as its own shopper, and ignores empty text', () => {
    const groups = groupMisses([miss('gift card balance', 'x', { visitorId: null, conversationId: null }), miss('   ', 'y')], bot);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ shoppers: 1, count: 1 });
  });
});
