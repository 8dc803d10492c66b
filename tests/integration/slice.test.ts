/**
 * The foundation slice end to end: shopper → bot → handoff → agent → close → rating → reload.
 */
import type { ConversationDetail, ShopperSession } from '../../shared/events';
import type { Message, QueueEntry, ShopperConversationView } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const fromBot = (m: Message) => m.sender === 'bot';

test('a shopper gets a visitor token and a bot answer from the KB, with per-conversation seqs', async () => {
  const shopper = await server.shopper();
  const session = await callOk<ShopperSession>(shopper, 'session:resume', { sinceSeq: 0 });
  expect(session.visitorToken.length).toBeGreaterThanOrEqual(16);
  expect(session.conversation).toBeNull();

  const answer = waitFor<Message>(shopper, 'message:created', fromBot);
  const id = clientId();
  const sent = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: id, text: 'where is my order?' });
  expect(sent.message).toMatchObject({ seq: 1, clientId: id, sender: 'shopper', text: 'where is my order?' });
  const bot = await answer;
  expect(bot.seq).toBe(2);
  expect(bot.bot).toMatchObject({ decision: 'answer', intent: 'order.track' });
  expect(bot.text.length).toBeGreaterThan(20);

  const stored = await server.store.messages.listSince(sent.message.conversationId, 0);
  expect(stored.map((m) => [m.seq, m.sender, m.clientId])).toEqual([[1, 'shopper', id], [2, 'bot', null]]);
});

test('the whole path: handoff, queue, racing takes, transcript, live messages, close, rating, reload', async () => {
  const [a1, a2] = await Promise.all([server.createAgent({ name: 'Ana' }), server.createAgent({ name: 'Ben' })]);
  const [agent1, agent2] = await Promise.all([server.agent(a1), server.agent(a2)]);
  const shopper = await server.shopper();
  const { visitorToken } = await callOk<ShopperSession>(shopper, 'session:resume', { sinceSeq: 0 });

  // 1. The bot answers a KB question.
  const answered = waitFor<Message>(shopper, 'message:created', fromBot);
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'what payment methods do you accept?' });
  expect((await answered).bot?.intent).toBe('payment.methods');

  // 2. "talk to a human" → waiting; the shopper learns the queue position; every agent sees the queue.
  const queued = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'waiting' && c.queue !== null);
  const seen1 = waitFor<{ queue: QueueEntry[] }>(agent1, 'queue:changed', (p) => p.queue.length > 0);
  const seen2 = waitFor<{ queue: QueueEntry[] }>(agent2, 'queue:changed', (p) => p.queue.length > 0);
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
  const view = await queued;
  expect(view.queue?.position).toBe(1);
  const [q1, q2] = await Promise.all([seen1, seen2]);
  const conversationId = view.id;
  expect(q1.queue.map((e) => e.conversationId)).toContain(conversationId);
  expect(q2.queue.map((e) => e.conversationId)).toContain(conversationId);

  // 3. Two agents take at the same moment: exactly one wins.
  const results = await Promise.all([
    call<ConversationDetail>(agent1, 'conversation:take', { conversationId }),
    call<ConversationDetail>(agent2, 'conversation:take', { conversationId }),
  ]);
  const winners = results.filter((r) => r.ok);
  const losers = results.filter((r) => !r.ok);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(1);
  expect(losers[0]).toMatchObject({ ok: false, error: { code: 'ALREADY_TAKEN' } });
  const winnerSocket = results[0]?.ok ? agent1 : agent2;

  // 4. The winner sees the whole transcript, bot part included.
  const detail = (winners[0] as { ok: true; data: ConversationDetail }).data;
  const senders = detail.messages.map((m) => m.sender);
  expect(senders.filter((s) => s === 'shopper')).toHaveLength(2);
  expect(senders).toContain('bot');
  expect(detail.conversation.status).toBe('assigned');
  expect(detail.conversation.handoff?.reason).toBe('request');

  // Messages flow both ways in real time and are stored.
  const shopperGets = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'agent');
  await callOk(winnerSocket, 'message:send', { conversationId, clientId: clientId(), text: 'Hi, I can help with that.' });
  expect((await shopperGets).text).toBe('Hi, I can help with that.');
  const agentGets = waitFor<Message>(winnerSocket, 'message:created', (m) => m.sender === 'shopper');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'thanks, my order is #10023' });
  expect((await agentGets).text).toContain('#10023');

  // 6. A reload (new socket, same token) mid-chat gets the history and the current state back.
  shopper.disconnect();
  const again = await server.shopper({ visitorToken });
  const resumed = await callOk<ShopperSession>(again, 'session:resume', { sinceSeq: 0 });
  expect(resumed.visitorToken).toBe(visitorToken);
  expect(resumed.conversation).toMatchObject({ id: conversationId, status: 'assigned' });
  expect(resumed.conversation?.agent?.name).toMatch(/^(Ana|Ben)$/);
  expect(resumed.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['talk to a human', 'Hi, I can help with that.']));
  expect(resumed.messages.some((m) => m.internal)).toBe(false);
  const seqs = resumed.messages.map((m) => m.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));

  // 5. The agent closes; the shopper is asked to rate; the rating is stored.
  const ratingAsked = waitFor<ShopperConversationView>(again, 'conversation:updated', (c) => c.ratingRequested);
  await callOk(winnerSocket, 'conversation:close', { conversationId, resolution: 'resolved' });
  await ratingAsked;
  await callOk(again, 'conversation:rate', { score: 5, comment: 'Quick and kind' });
  const stored = await server.store.conversations.get(conversationId);
  expect(stored?.rating).toMatchObject({ score: 5, comment: 'Quick and kind' });
  expect(stored?.resolution).toBe('resolved');
  expect(await call(again, 'conversation:rate', { score: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

  // After the survey, the next visit starts a fresh conversation.
  const fresh = await callOk<ShopperSession>(again, 'session:resume', { sinceSeq: 0 });
  expect(fresh.conversation).toBeNull();
});

test('a reload mid-chat resumes the open conversation and returns only what was missed', async () => {
  const shopper = await server.shopper();
  const { visitorToken } = await callOk<ShopperSession>(shopper, 'session:resume', {});
  const answered = waitFor<Message>(shopper, 'message:created', fromBot);
  const first = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: clientId(), text: 'how long does shipping take' });
  await answered;
  shopper.disconnect();

  const again = await server.shopper({ visitorToken });
  const resumed = await callOk<ShopperSession>(again, 'session:resume', { sinceSeq: 1, conversationId: first.message.conversationId });
  expect(resumed.conversation?.status).toBe('bot');
  expect(resumed.messages.map((m) => m.seq)).toEqual([2]);
});

test('a KB intent marked handoff (complaint) moves the chat to waiting without the shopper asking', async () => {
  const shopper = await server.shopper();
  const waiting = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'waiting');
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'I want to file a complaint about your terrible service' });
  const view = await waiting;
  const stored = await server.store.conversations.get(view.id);
  expect(stored?.handoff?.reason).not.toBe('request');
  expect(stored?.priority).toBe('high');
});

test('the page the widget reports on resume is stored on a conversation started afterwards', async () => {
  const shopper = await server.shopper();
  await callOk(shopper, 'session:resume', { pageUrl: 'https://shop.example/p/linen-overshirt' });
  const { message } = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: clientId(), text: 'hello' });
  expect((await server.store.conversations.get(message.conversationId))?.pageUrl).toBe('https://shop.example/p/linen-overshirt');
  await callOk(shopper, 'session:resume', { pageUrl: 'https://shop.example/cart' });
  expect((await server.store.conversations.get(message.conversationId))?.pageUrl).toBe('https://shop.example/cart');
});

test('shutting the server down does not return agents\' chats to the queue', async () => {
  const own = await startServer({ AGENT_GRACE_SECONDS: '0' });
  const agent = await own.createAgent();
  const socket = await own.agent(agent);
  const shopper = await own.shopper();
  const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
  await callOk(socket, 'conversation:take', { conversationId: conversation.id });
  await own.app.close();
  expect((await own.store.conversations.get(conversation.id))?.status).toBe('assigned');
  await own.store.close();
});

test('a take updates every agent\'s queue at once, the taker\'s included', async () => {
  const [a, b] = await Promise.all([server.createAgent(), server.createAgent()]);
  const [sa, sb] = await Promise.all([server.agent(a), server.agent(b)]);
  const shopper = await server.shopper();
  const listed = waitFor<{ queue: QueueEntry[] }>(sb, 'queue:changed', (p) => p.queue.length > 0);
  const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
  await listed;
  const goneForB = waitFor<{ queue: QueueEntry[] }>(sb, 'queue:changed', (p) => !p.queue.some((e) => e.conversationId === conversation.id));
  const goneForA = waitFor<{ queue: QueueEntry[] }>(sa, 'queue:changed', (p) => !p.queue.some((e) => e.conversationId === conversation.id));
  await callOk(sa, 'conversation:take', { conversationId: conversation.id });
  await Promise.all([goneForA, goneForB]);
});

test('with nobody online the shopper gets no queue position or wait estimate', async () => {
  const own = await startServer();
  try {
    const shopper = await own.shopper();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    expect(conversation.status).toBe('waiting');
    expect(conversation.queue).toBeNull();
    const agent = await own.createAgent();
    const positioned = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.queue !== null);
    await own.agent(agent);
    expect((await positioned).queue?.position).toBe(1);
  } finally {
    await own.close();
  }
});

test('a handoff says its words once, after the queued notice, whether the bot decided it or the shopper pressed the button', async () => {
  // Nobody online: the phrase is the offline one, and it must not be said twice (bot turn + listener).
  const phrases = async (conversationId: string) => {
    await server.app.bus.idle();
    const messages = await server.store.messages.listSince(conversationId, 0);
    return messages.filter((m) => m.sender === 'bot' && m.bot?.decision === 'handoff').map((m) => m.seq);
  };
  const asked = await server.shopper();
  const sent = await callOk<{ message: Message }>(asked, 'message:send', { clientId: clientId(), text: 'talk to a human' });
  expect(await phrases(sent.message.conversationId)).toHaveLength(1);

  const pressed = await server.shopper();
  await callOk(pressed, 'message:send', { clientId: clientId(), text: 'hello' });
  const { conversation } = await callOk<{ conversation: ShopperConversationView }>(pressed, 'handoff:request', {});
  const said = await phrases(conversation.id);
  expect(said).toHaveLength(1);
  const messages = await server.store.messages.listSince(conversation.id, 0);
  const queued = messages.find((m) => m.event?.kind === 'queued');
  expect(queued && queued.seq < (said[0] as number)).toBe(true);
});
