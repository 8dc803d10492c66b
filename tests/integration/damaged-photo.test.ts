/**
 * A damaged item: the bot asks for a photo before handing off, in the shopper's language; the photo (or going on
 * without one) completes the hand-off, and the agent finds the photo in the transcript. Shipped retail KB.
 */
import sharp from 'sharp';
import type { AttachmentRef } from '../../shared/cases';
import type { ShopperSession } from '../../shared/events';
import type { Message, ShopperConversationView } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(() => server.close());

async function ask(socket: ShopperSocket, text: string): Promise<Message> {
  const reply = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot', 10_000);
  await callOk(socket, 'message:send', { clientId: clientId(), text });
  return reply;
}

const waitForWaiting = (socket: ShopperSocket) =>
  waitFor<ShopperConversationView>(socket, 'conversation:updated', (c) => c.status === 'waiting', 10_000);

test('the bot asks for a photo of the damage, then hands off with the photo in the transcript', async () => {
  const socket = await server.shopper();
  const session = await callOk<ShopperSession>(socket, 'session:resume', {});
  const question = await ask(socket, 'my item arrived damaged');
  expect(question.text).toMatch(/attach a photo of the damage/);
  expect(question.bot?.attachmentRequest).toMatchObject({ intent: 'order.damaged' });
  expect(question.bot?.quickReplies.map((q) => q.label)).toEqual(['Continue without a photo']);
  expect((await server.store.conversations.get(question.conversationId))?.status).toBe('bot');

  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).jpeg().toBuffer();
  const res = await fetch(`${server.url}/api/attachments?name=damage.jpg`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.visitorToken}`, 'x-parley-site': 'demo' },
    body: new Uint8Array(photo),
  });
  const { attachment } = (await res.json()) as { attachment: AttachmentRef };
  const handedOff = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot', 10_000);
  // The widget learns of the hand-off from this fact, which may follow the bot's message by a store round trip.
  const waiting = waitForWaiting(socket);
  await callOk(socket, 'message:send', { clientId: clientId(), text: '', attachments: [attachment] });
  expect((await handedOff).bot?.decision).toBe('handoff');
  await waiting;
  const conversation = await server.store.conversations.get(question.conversationId);
  expect(conversation?.status).toBe('waiting');
  expect(conversation?.handoff?.intent).toBe('order.damaged');
  const transcript = await server.store.messages.listSince(question.conversationId, 0);
  expect(transcript.some((m) => m.sender === 'shopper' && m.attachments[0]?.blobId === attachment.blobId)).toBe(true);
  socket.disconnect();
});

test('in Chinese, and going on without a photo still hands off', async () => {
  const socket = await server.shopper({ locale: 'zh' });
  const question = await ask(socket, '收到的商品坏了');
  expect(question.text).toMatch(/照片/);
  expect(question.bot?.attachmentRequest?.intent).toBe('order.damaged');
  const waiting = waitForWaiting(socket);
  const next = await ask(socket, question.bot!.quickReplies[0]!.text!);
  expect(next.bot?.decision).toBe('handoff');
  await waiting;
  expect((await server.store.conversations.get(question.conversationId))?.status).toBe('waiting');
  socket.disconnect();
});

test('a photo on its own, with no question pending, gets a short acknowledgement, not a fallback', async () => {
  const socket = await server.shopper();
  const session = await callOk<ShopperSession>(socket, 'session:resume', {});
  const photo = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#393' } }).png().toBuffer();
  const res = await fetch(`${server.url}/api/attachments?name=x.png`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.visitorToken}`, 'x-parley-site': 'demo' },
    body: new Uint8Array(photo),
  });
  const { attachment } = (await res.json()) as { attachment: AttachmentRef };
  const reply = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot', 10_000);
  await callOk(socket, 'message:send', { clientId: clientId(), text: '', attachments: [attachment] });
  expect((await reply).text).toMatch(/got your file/);
  socket.disconnect();
});
