/**
 * Agent assist on a real server: suggestions ranked over the whole conversation in its language, a KB word
 * search, the assist.used fact, and a handoff summary that keeps the conversation's topic.
 */
import type { AssistSuggestion, ConversationDetail, ShopperSession } from '../../shared/events';
import type { Conversation, Message } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

test('a size-exchange chat that ends in "我要找人工客服": the summary keeps the exchange topic; suggestions follow the whole chat, in Chinese', async () => {
  const shopper = await server.shopper({ locale: 'zh' });
  await callOk<ShopperSession>(shopper, 'session:resume', { sinceSeq: 0 });
  const answered = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: '裤子太小了，我想换大一码' });
  expect((await answered).bot?.intent).toBe('exchange.size');
  const queued = waitFor<{ id: string; status: string }>(shopper, 'conversation:updated', (c) => c.status === 'waiting');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: '我要找人工客服' });
  const { id } = await queued;
  const conversation = (await server.store.conversations.get(id)) as Conversation;
  expect(conversation.handoff?.topic).toBe('exchange.size');
  expect(conversation.handoff?.topIntents.map((i) => i.intent)).toContain('exchange.size');

  const a = await server.createAgent();
  const agent = await server.agent(a);
  await callOk<ConversationDetail>(agent, 'conversation:take', { conversationId: id });
  const { suggestions } = await callOk<{ suggestions: AssistSuggestion[] }>(agent, 'assist:suggest', { conversationId: id });
  expect(suggestions[0]).toMatchObject({ intent: 'exchange.size', title: '换尺码' });
  expect(suggestions.length).toBeLessThanOrEqual(3);
  expect(suggestions.map((s) => s.intent)).not.toContain('human.agent');

  const before = (await server.store.analytics.counts(0, Date.now() + 1000))['assist.used'] ?? 0;
  await callOk(agent, 'assist:use', { conversationId: id, intent: 'exchange.size' });
  const after = (await server.store.analytics.counts(0, Date.now() + 1000))['assist.used'] ?? 0;
  expect(after).toBe(before + 1);
});

test('kb:search finds answers by words, in the asked language', async () => {
  const a = await server.createAgent();
  const agent = await server.agent(a);
  const { results } = await callOk<{ results: AssistSuggestion[] }>(agent, 'kb:search', { query: 'return label', locale: 'en' });
  expect(results.map((r) => r.intent)).toContain('returns.policy');
  const zh = await callOk<{ results: AssistSuggestion[] }>(agent, 'kb:search', { query: '退货', locale: 'zh' });
  expect(zh.results.find((r) => r.intent === 'returns.policy')?.title).toBe('退货政策');
});

/**
 * A chat of 520 more messages about a return, then ten turns about a size exchange at its end, written straight
 * to the store (fast), and "我要找人工客服" through the server. The first 500 messages hold only the return.
 */
async function longExchangeChat(): Promise<string> {
  const shopper = await server.shopper({ locale: 'zh' });
  await callOk<ShopperSession>(shopper, 'session:resume', { sinceSeq: 0 });
  const answered = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: '你好' });
  const conversationId = (await answered).conversationId;
  const seed = async (text: string) => {
    await server.store.messages.append({ conversationId, clientId: null, sender: 'shopper', text });
    await server.store.messages.append({ conversationId, clientId: null, sender: 'bot', text: '好的' });
  };
  for (let i = 0; i < 260; i += 1) await seed('我想退货，怎么退？');
  for (let i = 0; i < 10; i += 1) await seed('裤子太小了，我想换大一码');
  const queued = waitFor<{ id: string; status: string }>(shopper, 'conversation:updated', (c) => c.status === 'waiting');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: '我要找人工客服' });
  await queued;
  return conversationId;
}

test('in a long chat the handoff topic comes from its latest messages, not its first 500 (once read from the start)', async () => {
  const id = await longExchangeChat();
  const conversation = (await server.store.conversations.get(id)) as Conversation;
  expect(conversation.handoff?.topic).toBe('exchange.size');
});

test('in a long chat the assist suggestions come from its latest messages, not its first 500 (once read from the start)', async () => {
  const id = await longExchangeChat();
  const agent = await server.agent(await server.createAgent());
  await callOk<ConversationDetail>(agent, 'conversation:take', { conversationId: id });
  const { suggestions } = await callOk<{ suggestions: AssistSuggestion[] }>(agent, 'assist:suggest', { conversationId: id });
  expect(suggestions[0]?.intent).toBe('exchange.size');
});
