/**
 * Bad input at the edges: a clear error code, the connection stays up, nothing is stored half.
 */
import path from 'node:path';
import { loadKb } from '../../server/bot/load-kb';
import { io as connect } from 'socket.io-client';
import type { ShopperSession } from '../../shared/events';
import type { Message } from '../../shared/model';
import { call, callOk, clientId, startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('/shopper', () => {
  test('malformed payloads get INVALID_PAYLOAD and the socket stays connected', async () => {
    const shopper = await server.shopper();
    for (const bad of [null, 42, 'text', { text: 'no client id' }, { clientId: 'x', text: 'short id' }, { clientId: clientId(), text: '   ' }, { clientId: clientId(), text: 7 }]) {
      expect(await call(shopper, 'message:send', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(await call(shopper, 'conversation:rate', { score: 9 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(shopper.connected).toBe(true);
    const { visitorId } = await callOk<ShopperSession>(shopper, 'session:resume', {});
    expect(await server.store.conversations.findLatestByVisitor(visitorId)).toBeNull();
  });

  test('an oversize message gets PAYLOAD_TOO_LARGE; nothing is stored; the socket stays up', async () => {
    const shopper = await server.shopper();
    const ack = await call(shopper, 'message:send', { clientId: clientId(), text: 'x'.repeat(100_000) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(shopper.connected).toBe(true);
    const ok = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: clientId(), text: 'still here' });
    expect(ok.message.seq).toBe(1);
  });

  test('unknown events get UNKNOWN_EVENT', async () => {
    const shopper = await server.shopper();
    expect(await call(shopper, 'conversation:take', { conversationId: 'x' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    expect(await call(shopper, 'definitely:not', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    expect(shopper.connected).toBe(true);
  });

  test('a command without an acknowledgement is ignored safely', async () => {
    const shopper = await server.shopper();
    // Untyped on purpose: a misbehaving client may omit the acknowledgement or the payload.
    const raw = shopper as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit('message:send', { clientId: clientId(), text: 'no ack' });
    raw.emit('message:send');
    const ok = await callOk<ShopperSession>(shopper, 'session:resume', {});
    expect(ok.visitorToken).toBeTruthy();
    expect(shopper.connected).toBe(true);
  });

  test('a resend with the same client id is stored once and acked with the same message', async () => {
    const shopper = await server.shopper();
    const id = clientId();
    const [a, b] = await Promise.all([
      callOk<{ message: Message }>(shopper, 'message:send', { clientId: id, text: 'hello there' }),
      callOk<{ message: Message }>(shopper, 'message:send', { clientId: id, text: 'hello there' }),
    ]);
    expect(a.message.id).toBe(b.message.id);
    const messages = await server.store.messages.listSince(a.message.conversationId, 0);
    expect(messages.filter((m) => m.clientId === id)).toHaveLength(1);
  });

  test('a flood of messages is rate limited with RATE_LIMITED', async () => {
    const shopper = await server.shopper();
    const acks = await Promise.all(Array.from({ length: 25 }, (_, i) => call(shopper, 'message:send', { clientId: clientId(), text: `spam ${i}` })));
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(shopper.connected).toBe(true);
  });

  test('a bad handshake is refused with a code', async () => {
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => {
      const s = connect(`${server.url}/shopper`, { auth: { siteId: '../../etc' }, transports: ['websocket'], reconnection: false, forceNew: true });
      s.once('connect_error', (e) => {
        s.close();
        resolve(e);
      });
    });
    expect(err.data?.code).toBe('INVALID_PAYLOAD');
  });

  test('an unknown visitor token gets a fresh visitor, never someone else', async () => {
    const shopper = await server.shopper({ visitorToken: 'x'.repeat(32) });
    const session = await callOk<ShopperSession>(shopper, 'session:resume', {});
    expect(session.visitorToken).not.toBe('x'.repeat(32));
    expect(session.conversation).toBeNull();
  });
});

describe('/agent', () => {
  test('a socket without a valid token is refused', async () => {
    for (const auth of [{}, { token: 'nope' }, { token: 'eyJhZ2VudElkIjoieCIsImV4cCI6OTk5OTk5OTk5OTk5OX0.forged' }]) {
      const err = await new Promise<Error>((resolve) => {
        const s = connect(`${server.url}/agent`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
        s.once('connect_error', (e) => {
          s.close();
          resolve(e);
        });
        s.once('connect', () => resolve(new Error('connected')));
      });
      expect(err.message).toBe('UNAUTHORIZED');
    }
  });

  test('agent commands validate too, and a plain agent cannot act on a chat it does not own', async () => {
    const owner = await server.createAgent();
    const other = await server.createAgent();
    const [ownerSocket, otherSocket] = await Promise.all([server.agent(owner), server.agent(other)]);
    expect(await call(ownerSocket, 'conversation:take', {})).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await call(ownerSocket, 'conversation:take', { conversationId: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(ownerSocket, 'conversation:list', { view: 'open' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const shopper = await server.shopper();
    const { conversation } = await callOk<{ conversation: { id: string } }>(shopper, 'handoff:request', {});
    await callOk(ownerSocket, 'conversation:take', { conversationId: conversation.id });
    expect(await call(otherSocket, 'message:send', { conversationId: conversation.id, clientId: clientId(), text: 'hijack' }))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(otherSocket, 'conversation:close', { conversationId: conversation.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(otherSocket.connected).toBe(true);
  });
});

describe('HTTP', () => {
  const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(server.url + path, { method: 'POST', headers, body });

  test('a wrong password gets 401 UNAUTHORIZED; a right one a token', async () => {
    const agent = await server.createAgent();
    const wrong = await post('/api/auth/login', JSON.stringify({ email: agent.email, password: 'wrong password' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    const unknown = await post('/api/auth/login', JSON.stringify({ email: 'nobody@test.parley', password: 'whatever' }));
    expect(unknown.status).toBe(401);
    const right = await post('/api/auth/login', JSON.stringify({ email: agent.email.toUpperCase(), password: agent.password }));
    expect(right.status).toBe(200);
    expect(await right.json()).toMatchObject({ token: expect.any(String), agent: { id: agent.id } });
  });

  test('repeated wrong passwords are rate limited', async () => {
    const agent = await server.createAgent();
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await post('/api/auth/login', JSON.stringify({ email: agent.email, password: `guess-${i}` }))).status;
    expect(last).toBe(429);
  });

  test('malformed JSON, invalid bodies and oversize bodies get codes', async () => {
    const broken = await post('/api/auth/login', '{"email":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    const invalid = await post('/api/auth/login', JSON.stringify({ email: 'not-an-email', password: 'x' }));
    expect(await invalid.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('email') } });
    const huge = await post('/api/auth/login', JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  test('admin routes need the right role', async () => {
    const agent = await server.createAgent({ role: 'agent' });
    const token = await server.login(agent.email, agent.password);
    const res = await post('/api/admin/kb/reload', '{}', { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    expect(res.status).toBe(403);
    const none = await fetch(`${server.url}/api/metrics`);
    expect(none.status).toBe(401);
    const missing = await fetch(`${server.url}/api/nothing-here`);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  test('health reports the store and the KB to agents', async () => {
    const agent = await server.createAgent();
    const token = await server.login(agent.email, agent.password);
    const res = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${token}` } });
    // The KB the server was started with, however many intents it has grown to.
    const shipped = await loadKb(path.resolve(__dirname, '../../kb/retail'));
    expect(await res.json()).toMatchObject({ ok: true, store: 'sqlite', kb: { intents: shipped.intents.length } });
  });
});
