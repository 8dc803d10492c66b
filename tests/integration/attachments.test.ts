/**
 * Attachments end to end on a real server: upload (type by content, size cap, metadata stripped, thumbnail),
 * who may download, files on chat messages both ways, and that erasure and retention delete the blobs.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { AttachmentRef, ShopperCaseView } from '../../shared/cases';
import type { ConversationDetail, ShopperSession } from '../../shared/events';
import type { Message } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

const MINI_KB = path.resolve(__dirname, '../fixtures/kb-mini');
const MAX = 300_000;

let server: TestServer;
let now = Date.now();
beforeAll(async () => {
  server = await startServer({ ATTACHMENT_MAX_BYTES: String(MAX), RETENTION_DAYS: '30' }, { kbDir: MINI_KB, now: () => now });
});
afterAll(() => server.close());

/** A real camera-like JPEG: noise (so it does not compress to nothing) and EXIF naming the camera and its owner. */
async function jpegWithExif(width = 800, height = 600): Promise<Buffer> {
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 60 })
    .withExif({ IFD0: { Make: 'SecretCam', Artist: 'Pat Private', Copyright: 'GPS 51.5N 0.1W' } })
    .toBuffer();
}

interface Shopper {
  socket: ShopperSocket;
  headers: Record<string, string>;
  visitorId: string;
}

async function shopper(): Promise<Shopper> {
  const socket = await server.shopper();
  const session = await callOk<ShopperSession>(socket, 'session:resume', {});
  return { socket, visitorId: session.visitorId, headers: { authorization: `Bearer ${session.visitorToken}`, 'x-parley-site': 'demo' } };
}

async function upload(headers: Record<string, string>, body: Buffer, name = 'photo.jpg'): Promise<Response> {
  return fetch(`${server.url}/api/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  });
}

async function uploadOk(headers: Record<string, string>, body: Buffer, name?: string): Promise<AttachmentRef> {
  const res = await upload(headers, body, name);
  expect(res.status).toBe(201);
  return ((await res.json()) as { attachment: AttachmentRef }).attachment;
}

const agentHeaders = async (agent: { email: string; password: string }) => ({ authorization: `Bearer ${await server.login(agent.email, agent.password)}` });

test('a photo is accepted, re-encoded without its EXIF, and gets a thumbnail', async () => {
  const s = await shopper();
  const original = await jpegWithExif();
  expect((await sharp(original).metadata()).exif).toBeDefined();
  const ref = await uploadOk(s.headers, original, 'IMG_0001.JPG');
  expect(ref).toMatchObject({ name: 'IMG_0001.jpg', contentType: 'image/jpeg' });

  const full = await fetch(`${server.url}/api/attachments/${ref.blobId}`, { headers: s.headers });
  expect(full.status).toBe(200);
  expect(full.headers.get('content-type')).toBe('image/jpeg');
  expect(full.headers.get('x-content-type-options')).toBe('nosniff');
  expect(full.headers.get('content-disposition')).toMatch(/^inline; filename="IMG_0001.jpg"/);
  const bytes = Buffer.from(await full.arrayBuffer());
  expect(bytes.length).toBe(ref.size);
  const meta = await sharp(bytes).metadata();
  expect(meta.exif).toBeUndefined();
  expect(bytes.includes(Buffer.from('SecretCam'))).toBe(false);
  expect(bytes.includes(Buffer.from('Pat Private'))).toBe(false);
  expect(meta.width).toBe(800);

  const thumb = await fetch(`${server.url}/api/attachments/${ref.blobId}/thumb`, { headers: s.headers });
  expect(thumb.headers.get('content-type')).toBe('image/webp');
  const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
  expect(Math.max(thumbMeta.width ?? 0, thumbMeta.height ?? 0)).toBe(320);
  s.socket.disconnect();
});

test('refused: too big (413 before the body is read), wrong content under a photo name, HEIC, no credentials', async () => {
  const s = await shopper();
  const big = await upload(s.headers, Buffer.alloc(MAX + 1, 0xff));
  expect(big.status).toBe(413);
  expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2000, 0x41)]);
  const wrong = await upload(s.headers, exe, 'holiday.jpg');
  expect(wrong.status).toBe(415);
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_TYPE');

  // A JPEG's first bytes on a body that is not a JPEG: sharp cannot decode it, so it is refused too.
  const fake = await upload(s.headers, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]));
  expect(fake.status).toBe(415);

  const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(200)]);
  const heicRes = await upload(s.headers, heic, 'IMG_0002.HEIC');
  expect(heicRes.status).toBe(415);
  expect(((await heicRes.json()) as { error: { code: string } }).error.code).toBe('HEIC_UNSUPPORTED');

  expect((await upload({}, await jpegWithExif(10, 10))).status).toBe(401);
  expect((await upload({ authorization: 'Bearer not-a-visitor-token', 'x-parley-site': 'demo' }, await jpegWithExif(10, 10))).status).toBe(401);
  s.socket.disconnect();
});

test('a PDF is kept as sent and always downloaded, never shown inline', async () => {
  const s = await shopper();
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
  const ref = await uploadOk(s.headers, pdf, 'receipt.exe');
  expect(ref).toMatchObject({ name: 'receipt.pdf', contentType: 'application/pdf', size: pdf.length });
  const res = await fetch(`${server.url}/api/attachments/${ref.blobId}`, { headers: s.headers });
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="receipt.pdf"/);
  expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
  expect((await fetch(`${server.url}/api/attachments/${ref.blobId}/thumb`, { headers: s.headers })).status).toBe(404);
  s.socket.disconnect();
});

test('a photo sent in the chat reaches the agent; only the shopper and agents who may see the chat can open it', async () => {
  const s = await shopper();
  const other = await shopper();
  const agent = await server.createAgent({ departments: ['general', 'orders', 'returns', 'billing', 'technical'] });
  const otherDepartment = await server.createAgent({ departments: ['vip'] });
  const supervisor = await server.createAgent({ role: 'supervisor', departments: ['vip'] });
  const ref = await uploadOk(s.headers, await jpegWithExif(200, 150), 'damage.jpg');

  // Before it is sent, only its uploader sees it.
  expect((await fetch(`${server.url}/api/attachments/${ref.blobId}`, { headers: other.headers })).status).toBe(403);

  // Another shopper cannot send it as theirs.
  const stolen = await call(other.socket, 'message:send', { clientId: clientId(), text: 'mine', attachments: [ref] });
  expect(stolen).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

  // Name, type and size come from the server's record, whatever the client claims.
  const claimed = { ...ref, name: 'evil.html', contentType: 'text/html', size: 1 };
  const { message } = await callOk<{ message: Message }>(s.socket, 'message:send', { clientId: clientId(), text: '', attachments: [claimed] });
  expect(message.attachments).toEqual([ref]);
  expect(message.text).toBe('');

  await callOk(s.socket, 'handoff:request', {});
  const agentSocket = await server.agent(agent);
  const detail = await callOk<ConversationDetail>(agentSocket, 'conversation:take', { conversationId: message.conversationId });
  expect(detail.messages.find((m) => m.id === message.id)?.attachments).toEqual([ref]);

  const get = async (headers: Record<string, string>) => (await fetch(`${server.url}/api/attachments/${ref.blobId}`, { headers })).status;
  expect(await get(s.headers)).toBe(200);
  expect(await get(await agentHeaders(agent))).toBe(200);
  expect(await get(await agentHeaders(supervisor))).toBe(200);
  expect(await get(other.headers)).toBe(403);
  expect(await get(await agentHeaders(otherDepartment))).toBe(403);
  expect(await get({})).toBe(401);
  // The same token on another site is another visitor.
  expect(await get({ ...s.headers, 'x-parley-site': 'other-shop' })).toBe(401);

  // A live message with a photo reaches the agent too, and the agent's photo reaches the shopper.
  const live = waitFor<Message>(agentSocket, 'message:created', (m) => m.attachments.length > 0 && m.sender === 'shopper');
  const second = await uploadOk(s.headers, await jpegWithExif(50, 50), 'second.jpg');
  await callOk(s.socket, 'message:send', { clientId: clientId(), text: 'and another', attachments: [second] });
  expect((await live).attachments).toEqual([second]);

  const fromAgent = await uploadOk(await agentHeaders(agent), await jpegWithExif(60, 60), 'label.jpg');
  const toShopper = waitFor<Message>(s.socket, 'message:created', (m) => m.sender === 'agent');
  await callOk(agentSocket, 'message:send', { conversationId: message.conversationId, clientId: clientId(), text: 'Here is your label', attachments: [fromAgent] });
  expect((await toShopper).attachments).toEqual([fromAgent]);
  expect(await (async () => (await fetch(`${server.url}/api/attachments/${fromAgent.blobId}`, { headers: s.headers })).status)()).toBe(200);
  for (const x of [s, other]) x.socket.disconnect();
  agentSocket.disconnect();
});

test('erasing a shopper deletes their files; retention deletes the files of old closed chats', async () => {
  const admin = await server.createAgent({ role: 'admin' });
  const adminAuth = await agentHeaders(admin);
  const s = await shopper();
  const ref = await uploadOk(s.headers, await jpegWithExif(40, 40), 'mine.jpg');
  const unsent = await uploadOk(s.headers, await jpegWithExif(40, 40), 'unsent.jpg');
  await callOk(s.socket, 'message:send', { clientId: clientId(), text: 'see photo', attachments: [ref] });

  const exported = (await (await fetch(`${server.url}/api/admin/privacy/export?visitorId=${s.visitorId}`, { headers: adminAuth })).json()) as {
    attachments: { id: string; name: string; url: string }[];
  };
  expect(exported.attachments.map((a) => a.name).sort()).toEqual(['mine.jpg', 'unsent.jpg']);
  expect(exported.attachments[0]?.url).toMatch(/^\/api\/attachments\//);

  const erased = await fetch(`${server.url}/api/admin/privacy?visitorId=${s.visitorId}`, { method: 'DELETE', headers: adminAuth });
  expect(((await erased.json()) as { deleted: { attachments: number } }).deleted.attachments).toBe(2);
  for (const id of [ref.blobId, unsent.blobId]) {
    expect(await server.blobs.get(id)).toBeNull();
    expect(await server.blobs.get(`${id}.thumb`)).toBeNull();
    expect(await server.store.attachments.get(id)).toBeNull();
  }
  s.socket.disconnect();

  // Retention: a closed chat older than RETENTION_DAYS goes, and its files with it.
  const t = await shopper();
  const old = await uploadOk(t.headers, await jpegWithExif(40, 40), 'old.jpg');
  const { message } = await callOk<{ message: Message }>(t.socket, 'message:send', { clientId: clientId(), text: 'old chat', attachments: [old] });
  await server.store.conversations.update(message.conversationId, { status: 'closed', closedAt: now });
  expect(await server.blobs.get(old.blobId)).not.toBeNull();
  now += 31 * 86_400_000;
  expect((await server.app.purgeExpired()).conversations).toBeGreaterThanOrEqual(1);
  expect(await server.blobs.get(old.blobId)).toBeNull();
  expect(await server.store.attachments.get(old.blobId)).toBeNull();
  t.socket.disconnect();
});

test('files sent in a case belong to it: the team may read them, erasing the shopper deletes them', async () => {
  const adminAuth = await agentHeaders(await server.createAgent({ role: 'admin' }));
  const s = await shopper();
  const ref = await uploadOk(s.headers, await jpegWithExif(40, 40), 'case-photo.jpg');
  const { case: opened } = await callOk<{ case: ShopperCaseView }>(s.socket, 'case:open', { text: 'the lid is cracked', attachments: [ref] });
  expect((await server.store.attachments.get(ref.blobId))?.caseId).toBe(opened.id);
  const reply = await uploadOk(s.headers, await jpegWithExif(40, 40), 'another.jpg');
  await callOk(s.socket, 'case:reply', { caseId: opened.id, text: 'and the side', attachments: [reply] });
  expect((await server.store.attachments.get(reply.blobId))?.caseId).toBe(opened.id);
  expect((await fetch(`${server.url}/api/attachments/${ref.blobId}`, { headers: adminAuth })).status).toBe(200);
  // A file already sent cannot be sent again in a new case (it would move to that case's readers).
  expect(await call(s.socket, 'case:open', { text: 'again', attachments: [ref] })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

  const erased = await fetch(`${server.url}/api/admin/privacy?visitorId=${s.visitorId}`, { method: 'DELETE', headers: adminAuth });
  expect(((await erased.json()) as { deleted: { cases: number; attachments: number } }).deleted).toMatchObject({ cases: 1, attachments: 2 });
  expect(await server.store.cases.get(opened.id)).toBeNull();
  for (const id of [ref.blobId, reply.blobId]) {
    expect(await server.blobs.get(id)).toBeNull();
    expect(await server.blobs.get(`${id}.thumb`)).toBeNull();
    expect(await server.store.attachments.get(id)).toBeNull();
  }
  s.socket.disconnect();
});

test('retention deletes closed cases older than RETENTION_DAYS with their thread and files; open and newer ones stay', async () => {
  const supervisor = await server.createAgent({ role: 'supervisor' });
  let agentSocket = await server.agent(supervisor);
  const s = await shopper();
  const openCase = async (text: string) => {
    const ref = await uploadOk(s.headers, await jpegWithExif(40, 40), 'case.jpg');
    const { case: c } = await callOk<{ case: ShopperCaseView }>(s.socket, 'case:open', { text, attachments: [ref] });
    return { id: c.id, ref };
  };
  // Closed the way the lifecycle closes: the agent solves it, the shopper confirms.
  const close = async (caseId: string) => {
    await callOk(agentSocket, 'case:set-status', { caseId, status: 'solved' });
    expect((await callOk<{ case: ShopperCaseView }>(s.socket, 'case:confirm', { caseId, isSolved: true })).case.status).toBe('closed');
  };
  const old = await openCase('old and done');
  await close(old.id);
  const stillOpen = await openCase('old but still open');
  now += 20 * 86_400_000;
  // The supervisor's 12 h session ended in those 20 days (the session guard drops the socket): they sign in again.
  agentSocket.disconnect();
  agentSocket = await server.agent(supervisor);
  const recent = await openCase('done lately');
  await close(recent.id);
  now += 11 * 86_400_000;

  expect(await server.app.purgeExpired()).toMatchObject({ cases: 1 });
  expect(await server.store.cases.get(old.id)).toBeNull();
  expect(await server.store.cases.listMessages(old.id, { includeInternal: true })).toEqual([]);
  expect(await server.store.cases.listEvents(old.id)).toEqual([]);
  expect(await server.blobs.get(old.ref.blobId)).toBeNull();
  expect(await server.blobs.get(`${old.ref.blobId}.thumb`)).toBeNull();
  expect(await server.store.attachments.get(old.ref.blobId)).toBeNull();
  for (const kept of [stillOpen, recent]) {
    expect(await server.store.cases.get(kept.id)).not.toBeNull();
    expect(await server.blobs.get(kept.ref.blobId)).not.toBeNull();
    expect(await server.store.attachments.get(kept.ref.blobId)).not.toBeNull();
  }
  s.socket.disconnect();
  agentSocket.disconnect();
});
