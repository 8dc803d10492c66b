/**
 * The bot's actions end to end: a real server whose http adapter calls a local signed webhook (the reference
 * implementation in tests/contracts/integrations), real socket.io shoppers, in English and Chinese.
 */
import type { ShopperSession } from '../../shared/events';
import type { Conversation, Message } from '../../shared/model';
import { startTestWebhook, type TestWebhook } from '../contracts/integrations/test-webhook';
import { callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';
import { say } from '../../server/actions/action-texts';

let webhook: TestWebhook;
let server: TestServer;
beforeAll(async () => {
  webhook = await startTestWebhook();
  server = await startServer({ ACTIONS_ADAPTER: 'http', ACTIONS_URL: webhook.url, ACTIONS_SECRET: webhook.secret, ACTIONS_TIMEOUT_MS: '800' });
});
afterAll(async () => {
  await server.close();
  await webhook.close();
});
afterEach(() => {
  webhook.faults.delayMs = undefined;
});

async function shopper(locale: 'en' | 'zh' = 'en'): Promise<ShopperSocket> {
  const socket = await server.shopper({ locale });
  await callOk<ShopperSession>(socket, 'session:resume', { sinceSeq: 0 });
  return socket;
}

/** Sends `text` and resolves with the bot's next message. */
async function ask(socket: ShopperSocket, text: string): Promise<Message> {
  const reply = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot', 8000);
  await callOk(socket, 'message:send', { clientId: clientId(), text });
  return reply;
}

const calls = (action: string) => webhook.received.filter((r) => r.headers['x-parley-action'] === action);

test('"where is my order 48213": the bot asks the e-mail, looks the order up through the signed webhook and shows a card', async () => {
  const s = await shopper();
  const asked = await ask(s, 'where is my order 48213');
  expect(asked.bot?.action).toMatchObject({ name: 'order.lookup', awaiting: 'email', slots: { orderNumber: '48213' } });
  expect(asked.text).toBe(say('en', 'ask.email', { order: '48213' }));
  const before = calls('order.lookup').length;
  const card = await ask(s, 'ana@example.com');
  expect(card.bot?.card).toMatchObject({ kind: 'order', orderNumber: '48213', status: 'shipped', carrier: 'UPS' });
  expect(card.bot?.card?.kind === 'order' && card.bot.card.trackingUrl).toMatch(/^https:\/\//);
  expect(card.text).toContain('Track the parcel');
  expect(card.bot?.action).toMatchObject({ phase: 'done', outcome: 'found' });
  const sent = calls('order.lookup').slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.signature.ok).toBe(true);
  expect(JSON.parse(sent[0]!.body)).toMatchObject({ orderNumber: '48213', identity: { type: 'email', email: 'ana@example.com' }, locale: 'en' });
});

test('slots come from earlier messages: an e-mail written before the question is not asked again', async () => {
  const s = await shopper();
  await ask(s, 'hi, my email is ben@example.com');
  const card = await ask(s, 'where is my order #47731?');
  expect(card.bot?.card).toMatchObject({ kind: 'order', orderNumber: '47731', status: 'delivered' });
});

test('in a long chat the slots come from its latest messages, not its first 500 (once read from the start)', async () => {
  const s = await shopper();
  await ask(s, 'hello');
  const session = await callOk<ShopperSession>(s, 'session:resume', { sinceSeq: 0 });
  const conversationId = session.conversation!.id;
  // A chat of 520 more messages, written straight to the store: reading from the start stops before the end.
  for (let i = 0; i < 260; i += 1) {
    await server.store.messages.append({ conversationId, clientId: null, sender: 'shopper', text: `question ${i}` });
    await server.store.messages.append({ conversationId, clientId: null, sender: 'bot', text: `answer ${i}` });
  }
  await ask(s, 'my email is ben@example.com');
  const card = await ask(s, 'where is my order #47731?');
  expect(card.bot?.action).toMatchObject({ name: 'order.lookup', slots: { orderNumber: '47731', email: 'ben@example.com' } });
  expect(card.bot?.card).toMatchObject({ kind: 'order', orderNumber: '47731', status: 'delivered' });
});

test('a bare number answers the order-number question; "cancel" stops the dialogue mid-flow and calls nothing', async () => {
  const s = await shopper();
  const asked = await ask(s, 'where is my order?');
  expect(asked.bot?.action?.awaiting).toBe('orderNumber');
  const invalid = await ask(s, 'not sure');
  expect(invalid.text).toBe(say('en', 'invalid.orderNumber'));
  const email = await ask(s, '48213');
  expect(email.bot?.action?.awaiting).toBe('email');
  const before = webhook.received.length;
  const stopped = await ask(s, 'cancel');
  expect(stopped.text).toBe(say('en', 'stopped'));
  expect(stopped.bot?.action?.phase).toBe('stopped');
  expect(webhook.received.length).toBe(before);
  // Another question in the middle of a dialogue leaves it: the bot answers that instead of asking again.
  await ask(s, 'where is my order?');
  const moved = await ask(s, 'do you sell gift wrapping');
  expect(moved.bot).toMatchObject({ decision: 'answer', intent: 'gift.wrap' });
  expect(moved.bot?.action).toBeUndefined();
  // The next question is an ordinary one again.
  const answer = await ask(s, 'what payment methods do you accept?');
  expect(answer.bot?.intent).toBe('payment.methods');
});

test('a wrong order/e-mail pair answers exactly like a missing order', async () => {
  const a = await shopper();
  await ask(a, 'where is my order 48213');
  const wrongPair = await ask(a, 'ben@example.com');
  const b = await shopper();
  await ask(b, 'where is my order 99999');
  const missing = await ask(b, 'ana@example.com');
  expect(wrongPair.text).toBe(say('en', 'notFound'));
  expect(missing.text).toBe(wrongPair.text);
  expect(wrongPair.bot?.card).toBeUndefined();
  expect(JSON.stringify(wrongPair.bot)).not.toContain('Linen');
  expect(wrongPair.bot?.action).toMatchObject({ awaiting: 'orderNumber', slots: {} });
});

test('repeated wrong pairs are rate limited per conversation and visitor, with a person offered', async () => {
  const s = await shopper();
  // Number and e-mail in one message: each message is one wrong pair.
  let last = await ask(s, 'where is my order 48213? my email is wrong0@example.com');
  expect(last.text).toBe(say('en', 'notFound'));
  for (let i = 1; i < 5; i += 1) last = await ask(s, `48213 wrong${i}@example.com`);
  expect(last.text).toBe(say('en', 'rateLimited'));
  expect(last.bot?.quickReplies).toEqual([{ label: 'Talk to a person', text: 'talk to a human' }]);
  // Even the right pair is refused now, without calling the retailer.
  const before = webhook.received.length;
  const refused = await ask(s, 'where is my order 48213? it is ana@example.com');
  expect(refused.text).toBe(say('en', 'rateLimited'));
  expect(webhook.received.length).toBe(before);
});

// Three attempts of 800 ms with 250 + 500 ms between them: about 3.2 s by design.
test('a webhook that times out gets a polite message and a one-tap person, never an error', async () => {
  webhook.faults.delayMs = 2000;
  const s = await shopper();
  await ask(s, 'where is my order 48213');
  const failed = await ask(s, 'ana@example.com');
  expect(failed.text).toBe(say('en', 'failed'));
  expect(failed.bot?.action).toMatchObject({ phase: 'failed', outcome: 'ACTION_TIMEOUT' });
  expect(failed.bot?.quickReplies).toEqual([{ label: 'Talk to a person', text: 'talk to a human' }]);
}, 10_000);

test('in Chinese: the questions and the card are in Chinese; "算了" stops', async () => {
  const s = await shopper('zh');
  const asked = await ask(s, '我的订单48213到哪了');
  expect(asked.text).toBe(say('zh', 'ask.email', { order: '48213' }));
  const card = await ask(s, 'ana@example.com');
  expect(card.text).toContain('运输中');
  expect(card.text).toContain('查看物流');
  expect(card.bot?.card).toMatchObject({ kind: 'order', orderNumber: '48213' });

  const t = await shopper('zh');
  const q = await ask(t, '查一下我的订单');
  expect(q.bot?.action?.awaiting).toBe('orderNumber');
  const stopped = await ask(t, '算了');
  expect(stopped.text).toBe(say('zh', 'stopped'));
});

test('order.cancel confirms explicitly, then cancels once (idempotency key sent); the handoff summary shows the action', async () => {
  const s = await shopper();
  const asked = await ask(s, 'I want to cancel order 48230');
  expect(asked.bot?.action).toMatchObject({ name: 'order.cancel', awaiting: 'email' });
  const confirm = await ask(s, 'ana@example.com');
  expect(confirm.bot?.action?.awaiting).toBe('confirm');
  expect(confirm.bot?.quickReplies.map((q) => q.label)).toEqual(['Yes, cancel it', 'No, keep it']);
  expect(calls('order.cancel')).toHaveLength(0);
  const done = await ask(s, 'Yes, cancel it');
  expect(done.bot?.card).toMatchObject({ kind: 'cancel', orderNumber: '48230', outcome: 'cancelled' });
  const sent = calls('order.cancel');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,}$/);

  const queued = waitFor<{ status: string }>(s, 'conversation:updated', (c) => c.status === 'waiting');
  await callOk(s, 'message:send', { clientId: clientId(), text: 'talk to a human' });
  await queued;
  const conversation = (await server.store.conversations.get(done.conversationId)) as Conversation;
  expect(conversation.handoff?.action).toEqual({ name: 'order.cancel', slots: { orderNumber: '48230', email: 'ana@example.com' }, outcome: 'cancelled' });
});

test('a return: the policy answer offers "Start a return", then items, reason, an optional photo (going on without), and the label and steps', async () => {
  const s = await shopper();
  const policy = await ask(s, 'what is your return policy');
  expect(policy.bot?.quickReplies[0]).toEqual({ label: 'Start a return', text: 'Start a return' });
  const asked = await ask(s, 'Start a return');
  expect(asked.bot?.action).toMatchObject({ name: 'return.request', awaiting: 'orderNumber' });
  await ask(s, '47731');
  const items = await ask(s, 'ben@example.com');
  expect(items.bot?.action?.awaiting).toBe('items');
  const reason = await ask(s, items.bot!.quickReplies[0]!.text!);
  expect(reason.bot?.action?.awaiting).toBe('reason');
  const photo = await ask(s, 'damaged');
  expect(photo.text).toBe(say('en', 'ask.photo'));
  expect(photo.bot?.action?.awaiting).toBe('photo');
  const done = await ask(s, photo.bot!.quickReplies[0]!.text!);
  expect(done.bot?.card).toMatchObject({ kind: 'return', orderNumber: '47731' });
  expect(done.bot?.card).not.toHaveProperty('photoCount');
});
