import path from 'node:path';
import { createBot, type Bot } from '../../../server/bot/create-bot';
import type { KnowledgeBase } from '../../../server/bot/kb-schema';
import { loadKb } from '../../../server/bot/load-kb';
import type { Locale } from '../../../shared/model';

const KB_DIR = path.join(__dirname, '../../fixtures/kb-mini');
let kb: KnowledgeBase;
let bot: Bot;
const fresh = { consecutiveFallbacks: 0 };

beforeAll(async () => {
  kb = await loadKb(KB_DIR);
  bot = createBot(kb);
});

describe('classify', () => {
  it('ranks up to five candidates, descending, with confidences in [0, 1]', () => {
    const c = bot.classify('where is my order');
    expect(c).toMatchObject({ locale: 'en', intent: 'order.track' });
    expect(c.candidates).toHaveLength(5);
    expect(c.candidates[0]).toEqual({ intent: c.intent, confidence: c.confidence });
    for (let i = 1; i < c.candidates.length; i++) expect(c.candidates[i]!.confidence).toBeLessThanOrEqual(c.candidates[i - 1]!.confidence);
    for (const x of c.candidates) expect(x.confidence).toBeGreaterThanOrEqual(0);
    expect(c.candidates.reduce((s, x) => s + x.confidence, 0)).toBeLessThanOrEqual(1.0001);
  });
  it('detects the locale', () => {
    expect(bot.classify('我的订单到哪了')).toMatchObject({ locale: 'zh', intent: 'order.track' });
  });
  it('returns no intent for an empty KB', () => {
    const empty = createBot({ ...kb, intents: [] });
    expect(empty.classify('where is my order')).toEqual({ locale: 'en', intent: null, confidence: 0, candidates: [] });
    expect(empty.respond('where is my order', fresh).decision).toBe('fallback');
  });
});

describe('respond: answer', () => {
  it('answers in English with quick replies then follow-up chips', () => {
    const r = bot.respond('where is my order?', fresh);
    expect(r).toMatchObject({ decision: 'answer', intent: 'order.track', handoffReason: null, department: 'orders', priority: 'normal' });
    expect(r.confidence).toBeGreaterThanOrEqual(bot.thresholds.answer);
    expect(r.text).toContain('My orders');
    expect(r.quickReplies).toEqual([
      { label: 'Open order tracking', url: 'https://shop.example/orders' },
      { label: 'Cancel my order', text: 'Cancel my order' },
    ]);
  });
  it('answers in Chinese when the shopper writes Chinese, whatever the conversation locale', () => {
    const r = bot.respond('我的快递到哪了', { locale: 'en', consecutiveFallbacks: 0 });
    expect(r).toMatchObject({ decision: 'answer', intent: 'order.track', locale: 'zh' });
    expect(r.text).toContain('我的订单');
    expect(r.quickReplies[1]).toEqual({ label: '取消订单', text: '取消订单' });
  });
  it('keeps the conversation locale for text with no language in it', () => {
    const r = bot.respond('hi', { locale: 'zh', consecutiveFallbacks: 0 });
    expect(r).toMatchObject({ decision: 'answer', intent: 'greeting' });
    expect(r.text).toBe('您好！有什么可以帮您？');
  });
  it.each(['hi', 'hello', 'thanks!', 'thank you so much', '你好', '谢谢'])('treats greetings and thanks as answers: "%s"', (text) => {
    expect(bot.respond(text, fresh).decision).toBe('answer');
  });
  it.each([
    ['wher is my oder', 'order.track'],
    ['cancle my ordr', 'order.cancel'],
    ['how do i retrun an iten', 'returns.policy'],
    ['whre is my refnud', 'refund.status'],
  ])('survives typos: "%s"', (text, intent) => {
    expect(bot.respond(text, fresh)).toMatchObject({ decision: 'answer', intent });
  });
  it('answers every title with its own intent, so clicked chips work', () => {
    for (const intent of kb.intents) {
      for (const locale of ['en', 'zh'] as Locale[]) {
        const r = bot.respond(intent.title[locale], { locale, consecutiveFallbacks: 0 });
        expect({ title: intent.title[locale], intent: r.intent, decision: r.decision }).toEqual({
          title: intent.title[locale],
          intent: intent.id,
          decision: intent.handoff ? 'handoff' : 'answer',
        });
      }
    }
  });
});

describe('respond: clarify', () => {
  // A strict answer threshold turns a middling match into a question, in either language.
  const strict = (): Bot => createBot({ ...kb, settings: { ...kb.settings, answerThreshold: 0.999, clarifyThreshold: 0.2 } });
  it('offers the competing titles as chips in English, best first', () => {
    const r = strict().respond('refund for my order', fresh);
    expect(r.decision).toBe('clarify');
    expect(r.text).toBe('Did you mean one of these?');
    expect(r.quickReplies[0]).toEqual({ label: 'Refund status', text: 'Refund status' });
    expect(r.quickReplies.length).toBeLessThanOrEqual(3);
    expect(r.clarifyIntents).toEqual(r.quickReplies.map((q) => kb.intents.find((i) => i.title.en === q.label)?.id));
  });
  it('offers the competing titles as chips in Chinese', () => {
    const r = strict().respond('订单问题', fresh);
    expect(r.decision).toBe('clarify');
    expect(r.text).toBe('您是想问以下哪个问题？');
    expect(r.quickReplies.map((q) => q.label)).toContain(kb.intents.find((i) => i.id === 'order.track')?.title.zh);
  });
  it('never puts small talk beside an order question that it does not compete with', () => {
    // "hi" gives the greeting a few per cent: not enough to sit beside the order question.
    const r = strict().respond('hi my order', fresh);
    expect(r.clarifyIntents[0]).toBe('order.track');
    expect(r.clarifyIntents).not.toContain('greeting');
    expect(r.clarifyIntents).not.toContain('thanks');
  });
  it('clarifies a tie between two intents with the default thresholds, offering both', () => {
    const r = bot.respond('refund or cancel', fresh);
    expect(r.decision).toBe('clarify');
    expect(r.clarifyIntents.slice(0, 2).sort()).toEqual(['order.cancel', 'refund.status']);
  });
});

describe('respond: fallback', () => {
  it.each([
    ['xyzzy plugh', 'Sorry, could you rephrase that?', 'Talk to a person'],
    ['今天股市行情', '抱歉，能换个说法吗？', '转人工'],
  ])('falls back on "%s" and offers a person', (text, phrase, chip) => {
    const r = bot.respond(text, fresh);
    expect(r).toMatchObject({ decision: 'fallback', text: phrase, handoffReason: null, department: null });
    expect(r.quickReplies[0]?.label).toBe(chip);
  });
});

describe('respond: handoff', () => {
  it.each([
    ['talk to a human', "Connecting you with a person…"],
    ['I want to speak to a real person', "Connecting you with a person…"],
    ['转人工', '正在为您转接人工…'],
    ['我要找客服', '正在为您转接人工…'],
  ])('hands off on an explicit request, even without a human.agent intent: "%s"', (text, phrase) => {
    const noHuman = createBot({ ...kb, intents: kb.intents.filter((i) => i.id !== 'human.agent') });
    const r = noHuman.respond(text, fresh);
    expect(r).toMatchObject({ decision: 'handoff', handoffReason: 'request', text: phrase });
  });
  it('routes a request to the department of what the shopper asked about', () => {
    expect(bot.respond('talk to a human about my refund', fresh)).toMatchObject({ handoffReason: 'request', department: 'returns' });
  });
  it.each([
    ['I want to make a complaint', "I'm sorry to hear that. A senior colleague will take this over."],
    ['我要投诉', '非常抱歉给您带来不好的体验，资深同事会马上为您处理。'],
  ])('hands off on a handoff intent with its answer and priority: "%s"', (text, answer) => {
    const r = bot.respond(text, fresh);
    expect(r).toMatchObject({ decision: 'handoff', handoffReason: 'intent', intent: 'complaint', text: answer, priority: 'high', department: 'general' });
  });
  it.each([
    ['xyzzy plugh', 'en'],
    ['今天股市行情', 'zh'],
  ])('hands off after maxFallbacks fallbacks in a row: "%s"', (text) => {
    expect(bot.respond(text, { consecutiveFallbacks: 1 }).decision).toBe('fallback');
    expect(bot.respond(text, { consecutiveFallbacks: 2 })).toMatchObject({ decision: 'handoff', handoffReason: 'fallbacks' });
  });
  it.each([
    'this is the worst shop ever, absolutely terrible and useless',
    '你们就是骗子，垃圾服务，气死我了',
  ])('hands off on strongly negative sentiment with high priority: "%s"', (text) => {
    const r = bot.respond(text, fresh);
    expect(r).toMatchObject({ decision: 'handoff', handoffReason: 'sentiment', priority: 'high' });
    expect(r.sentiment).toBeLessThan(kb.settings.sentimentThreshold);
  });
});

describe('phrases', () => {
  it('returns the KB texts and bot name per locale', () => {
    expect(bot.phrase('greeting', 'en')).toBe('Hello from Mini Bot!');
    expect(bot.phrase('offline', 'zh')).toBe('暂无客服在线，请留言。');
    expect(bot.name('zh')).toBe('小迷你');
  });
});

describe('respond: routing', () => {
  it('keeps a complaint urgent when the shopper also asks for a person', () => {
    const r = bot.respond('I want to make a complaint, get me a real person', fresh);
    expect(r).toMatchObject({ decision: 'handoff', handoffReason: 'request', priority: 'high' });
  });
  it('routes fallbacks-handoffs without a topic to no department (general)', () => {
    expect(bot.respond('xyzzy plugh', { consecutiveFallbacks: 2 })).toMatchObject({ department: null, priority: 'normal' });
  });
});
