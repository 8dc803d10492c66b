/** Hole 10: acks without payloads, resends after close, lone surrogates, what /api/health tells strangers. */
import path from 'node:path';
import type { ShopperSession } from '../../../shared/events';
import type { Message } from '../../../shared/model';
import { call, callOk, clientId, startServer, type TestServer } from '../harness';

// The small fixture KB: these tests are about the edges, and the full KB's build costs seconds per server.
const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');

let server: TestServer;
// createAgent and login run scrypt, deliberately slow (about 0.4 s each, more on a loaded 2-core machine).
jest.setTimeout(30_000);
beforeAll(async () => {
  server = await startServer({}, { kbDir: MINI_KB });
});
afterAll(() => server.close());

test('a command sent with an ack but no payload is answered INVALID_PAYLOAD', async () => {
  const shopper = await server.shopper();
  for (const event of ['session:resume', 'handoff:request', 'message:send', 'read:mark']) {
    const ack = (await (shopper as unknown as { timeout(ms: number): { emitWithAck(e: string): Promise<unknown> } }).timeout(3000).emitWithAck(event)) as unknown;
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  }
  const agent = await server.createAgent();
  const socket = await server.agent(agent);
  for (const event of ['console:sync', 'conversation:get', 'presence:set']) {
    const ack = (await (socket as unknown as { timeout(ms: number): { emitWithAck(e: string): Promise<unknown> } }).timeout(3000).emitWithAck(event)) as unknown;
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  }
});

test('a resend with the same clientId after the chat closed is not stored in the next conversation', async () => {
  const agent = await server.createAgent();
  const desk = await server.agent(agent);
  const shopper = await server.shopper();
  const id = clientId();
  const first = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: id, text: 'talk to a human' });
  await callOk(shopper, 'handoff:request', {});
  await callOk(desk, 'conversation:take', { conversationId: first.message.conversationId });
  await callOk(desk, 'conversation:close', { conversationId: first.message.conversationId });
  const again = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: id, text: 'talk to a human' });
  expect(again.message.id).toBe(first.message.id);
  const { visitorId } = await callOk<ShopperSession>(shopper, 'session:resume', {});
  expect(await server.store.conversations.findOpenByVisitor(visitorId)).toBeNull();
});

test('lone UTF-16 surrogates are normalised at the edge: what is stored is what is echoed', async () => {
  const shopper = await server.shopper();
  const text = 'half \ud83d pair and \udc00 low';
  const { message } = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: clientId(), text });
  expect(message.text).toBe('half \ufffd pair and \ufffd low');
  const [stored] = await server.store.messages.listSince(message.conversationId, 0, { limit: 1 });
  expect(stored?.text).toBe(message.text);
  expect(await call(shopper, 'message:send', { clientId: clientId(), text: 'whole pair 😀 kept' })).toMatchObject({
    ok: true,
    data: { message: { text: 'whole pair 😀 kept' } },
  });
});

test('/api/health tells anonymous callers only the status; agents see the details', async () => {
  const anonymous = (await (await fetch(`${server.url}/api/health`)).json()) as Record<string, unknown>;
  expect(anonymous).toEqual({ ok: true });
  const agent = await server.createAgent();
  const token = await server.login(agent.email, agent.password);
  const full = (await (await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
  expect(full).toMatchObject({ ok: true, store: 'sqlite', kb: { intents: expect.any(Number) }, agentsOnline: expect.any(Number) });
});
