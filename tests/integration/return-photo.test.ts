/**
 * A return with a photo, end to end: the dialogue asks for an optional photo after the reason, the shopper
 * attaches one (or goes on without), and the retailer's webhook (a local signed one) receives the return with a
 * signed link it downloads without a login: the re-encoded image, not the upload. A tampered or expired link is
 * refused; the handoff summary names the photo. English and Chinese.
 */
import sharp from 'sharp';
import { RETURN_PHOTO_LINK_SECONDS, type ActionRequest } from '../../shared/integrations';
import type { AttachmentRef } from '../../shared/cases';
import type { ShopperSession } from '../../shared/events';
import type { Conversation, Message } from '../../shared/model';
import { startTestWebhook, type TestWebhook } from '../contracts/integrations/test-webhook';
import { callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

let server: TestServer;
let webhook: TestWebhook;
/** Moves the server's clock forward (the expired-link test). */
let skewMs = 0;
beforeAll(async () => {
  webhook = await startTestWebhook();
  server = await startServer(
    { ACTIONS_ADAPTER: 'http', ACTIONS_URL: webhook.url, ACTIONS_SECRET: webhook.secret },
    { now: () => Date.now() + skewMs },
  );
}, 60_000);
afterAll(async () => {
  await server.close();
  await webhook.close();
});
afterEach(() => {
  skewMs = 0;
});

async function shopper(locale: 'en' | 'zh' = 'en'): Promise<{ socket: ShopperSocket; token: string }> {
  const socket = await server.shopper({ locale });
  const session = await callOk<ShopperSession>(socket, 'session:resume', { sinceSeq: 0 });
  return { socket, token: session.visitorToken };
}

/** Sends `text` (and files) and resolves with the bot's next message. */
async function ask(socket: ShopperSocket, text: string, attachments: AttachmentRef[] = []): Promise<Message> {
  const reply = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot', 8000);
  await callOk(socket, 'message:send', { clientId: clientId(), text, ...(attachments.length > 0 ? { attachments } : {}) });
  return reply;
}

async function upload(token: string, data: Buffer, name: string): Promise<AttachmentRef> {
  const res = await fetch(`${server.url}/api/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-parley-site': 'demo' },
    body: new Uint8Array(data),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { attachment: AttachmentRef }).attachment;
}

/** Through order, e-mail, item and reason to the photo question. */
async function toPhotoQuestion(socket: ShopperSocket, locale: 'en' | 'zh', item: number, order = { number: '47731', email: 'ben@example.com' }): Promise<Message> {
  const policy = await ask(socket, locale === 'zh' ? '退货政策是什么' : 'what is your return policy');
  const start = await ask(socket, policy.bot!.quickReplies[0]!.text!);
  expect(start.bot?.action).toMatchObject({ name: 'return.request', awaiting: 'orderNumber' });
  await ask(socket, order.number);
  const items = await ask(socket, order.email);
  expect(items.bot?.action?.awaiting).toBe('items');
  // In Chinese by its number: the demo's item names are English, and an English answer switches the chat's language.
  const reason = await ask(socket, locale === 'zh' ? String(item + 1) : items.bot!.quickReplies[item]!.text!);
  expect(reason.bot?.action?.awaiting).toBe('reason');
  const photo = await ask(socket, reason.bot!.quickReplies.find((q) => /damaged|损坏/i.test(q.label))!.text!);
  expect(photo.bot?.action).toMatchObject({ name: 'return.request', awaiting: 'photo' });
  return photo;
}

const returns = () => webhook.received.filter((r) => r.headers['x-parley-action'] === 'return.request');
const lastReturn = () => JSON.parse(returns().at(-1)!.body) as Extract<ActionRequest, { action: 'return.request' }>;

test('a photo attached at the photo step reaches the retailer as a signed link that downloads the re-encoded image', async () => {
  const { socket, token } = await shopper();
  const question = await toPhotoQuestion(socket, 'en', 0);
  expect(question.text).toMatch(/photo/i);
  expect(question.bot?.quickReplies.map((q) => q.label)).toEqual(['Continue without a photo']);

  // A camera JPEG with EXIF (and so a GPS-capable block) that the server must strip on upload.
  const original = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#b44' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCam', Model: 'X1' } })
    .toBuffer();
  expect((await sharp(original).metadata()).exif).toBeDefined();
  const ref = await upload(token, original, 'torn throw.jpg');
  const card = await ask(socket, '', [ref]);

  expect(card.bot?.card).toMatchObject({ kind: 'return', orderNumber: '47731', photoCount: 1 });
  expect(card.text).toContain('Your photo is attached to the return');
  const request = lastReturn();
  expect(request.reason).toBe('damaged');
  expect(request.photos).toHaveLength(1);
  const photo = request.photos![0]!;
  expect(photo).toMatchObject({ name: 'torn throw.jpg', contentType: 'image/jpeg' });
  expect(photo.url.startsWith(`${server.url}/api/attachments/${ref.blobId}/shared?`)).toBe(true);
  const expires = Number(new URL(photo.url).searchParams.get('exp'));
  expect(expires * 1000 - Date.now()).toBeGreaterThan((RETURN_PHOTO_LINK_SECONDS - 60) * 1000);
  expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(RETURN_PHOTO_LINK_SECONDS * 1000);

  // The retailer's server: no token, no site header, only the link.
  const res = await fetch(photo.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  const downloaded = Buffer.from(await res.arrayBuffer());
  expect(downloaded.equals(original)).toBe(false);
  expect(downloaded.equals((await server.blobs.get(ref.blobId))!)).toBe(true);
  const meta = await sharp(downloaded).metadata();
  expect([meta.width, meta.height, meta.exif]).toEqual([80, 60, undefined]);

  // The agent who takes over reads the photo's name among the return's details.
  const handoff = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot' && m.bot?.decision === 'handoff', 8000);
  await callOk(socket, 'message:send', { clientId: clientId(), text: 'talk to a human' });
  await handoff;
  const conversation = (await server.store.conversations.get(card.conversationId)) as Conversation;
  expect(conversation.handoff?.action).toMatchObject({ name: 'return.request', outcome: 'created', slots: { reason: 'damaged', photo: 'torn throw.jpg' } });
  socket.disconnect();
});

test('a tampered, re-pointed or expired link is refused alike', async () => {
  const { socket, token } = await shopper();
  await toPhotoQuestion(socket, 'en', 0, { number: '47950', email: 'priya@example.com' });
  // Neither a photo nor "without": the hint, and the question stays open.
  const hint = await ask(socket, 'qwzx');
  expect(hint.text).toContain('Continue without a photo');
  expect(hint.bot?.action?.awaiting).toBe('photo');
  const ref = await upload(token, await sharp({ create: { width: 30, height: 30, channels: 3, background: '#36c' } }).png().toBuffer(), 'box.png');
  const card = await ask(socket, '', [ref]);
  expect(card.bot?.card).toMatchObject({ kind: 'return', orderNumber: '47950', photoCount: 1 });
  const url = new URL(lastReturn().photos![0]!.url);
  expect((await fetch(url)).status).toBe(200);

  const sig = url.searchParams.get('sig')!;
  const flipped = new URL(url);
  flipped.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
  const longer = new URL(url);
  longer.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
  const other = await upload(token, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer(), 'other.png');
  const elsewhere = new URL(url.href.replace(ref.blobId, other.blobId));
  const bare = new URL(`${url.origin}${url.pathname}`);
  for (const bad of [flipped, longer, elsewhere, bare]) {
    const res = await fetch(bad);
    expect([bad.href, res.status]).toEqual([bad.href, 403]);
    expect(res.headers.get('content-type')).toMatch(/json/);
  }

  skewMs = (RETURN_PHOTO_LINK_SECONDS + 1) * 1000;
  expect((await fetch(url)).status).toBe(403);
  socket.disconnect();
});

test('in Chinese, going on without a photo still opens the return, and the retailer gets no photos', async () => {
  const { socket } = await shopper('zh');
  const question = await toPhotoQuestion(socket, 'zh', 1);
  expect(question.text).toMatch(/照片/);
  const skip = question.bot!.quickReplies[0]!;
  expect(skip.label).toBe('不附照片，继续');
  const card = await ask(socket, skip.text!);
  expect(card.bot?.card).toMatchObject({ kind: 'return', orderNumber: '47731' });
  expect(card.bot?.card).not.toHaveProperty('photoCount');
  expect(card.text).toContain('退货单');
  expect(card.text).not.toContain('照片');
  expect(lastReturn()).not.toHaveProperty('photos');
  expect(lastReturn().locale).toBe('zh');
  socket.disconnect();
});
