/** Hole 8: sessions end when the token expires, on sign-out (everywhere) and when an admin deactivates the agent. */
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { call, startServer, type AgentSocket, type TestServer } from '../harness';

// The small fixture KB: these tests are about the edges, and the full KB's build costs seconds per server.
const MINI_KB = path.resolve(__dirname, '../../fixtures/kb-mini');

let server: TestServer;
afterEach(() => server.close());
// Every createAgent and login runs scrypt, deliberately slow (about 0.4 s each on a loaded 2-core CI machine).
jest.setTimeout(30_000);

const disconnected = (socket: AgentSocket, timeoutMs = 5000) =>
  new Promise<string>((resolve, reject) => {
    if (!socket.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error('socket was not dropped')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

const post = (path: string, token: string) =>
  fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

test('an open agent socket is dropped when its token expires', async () => {
  let offset = 0;
  server = await startServer({ TOKEN_TTL_HOURS: '1' }, { now: () => Date.now() + offset, kbDir: MINI_KB });
  const agent = await server.createAgent();
  const socket = await server.agent(agent);
  expect((await call(socket, 'console:sync', {})).ok).toBe(true);
  const dropped = disconnected(socket);
  offset = 3_600_000; // an hour later, by the server's clock
  expect(await dropped).toBe('io server disconnect');
});

test('logout revokes the token everywhere: REST refuses it, every open socket is dropped, a new login works', async () => {
  server = await startServer({}, { kbDir: MINI_KB });
  const agent = await server.createAgent();
  const tokenA = await server.login(agent.email, agent.password);
  const tokenB = await server.login(agent.email, agent.password);
  const socketB = await new Promise<AgentSocket>((resolve, reject) => {
    const s = connect(`${server.url}/agent`, { auth: { token: tokenB }, transports: ['websocket'], reconnection: false, forceNew: true }) as AgentSocket;
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
  const dropped = disconnected(socketB);
  const res = await post('/api/auth/logout', tokenA);
  expect(res.status).toBe(204);
  await dropped;
  for (const token of [tokenA, tokenB]) {
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  }
  await expect(
    new Promise((resolve, reject) => {
      const s = connect(`${server.url}/agent`, { auth: { token: tokenA }, transports: ['websocket'], reconnection: false, forceNew: true });
      s.once('connect', () => resolve(s.disconnect()));
      s.once('connect_error', (err) => reject(err));
    }),
  ).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  const fresh = await server.login(agent.email, agent.password);
  expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
  socketB.disconnect();
});

test('an admin deactivates an agent: their socket drops, their token and password stop working; reactivation restores login', async () => {
  server = await startServer({}, { kbDir: MINI_KB });
  const admin = await server.createAgent({ role: 'admin' });
  const adminToken = await server.login(admin.email, admin.password);
  const agent = await server.createAgent();
  const socket = await server.agent(agent);
  const agentToken = await server.login(agent.email, agent.password);

  const plain = await server.createAgent();
  expect((await post(`/api/agents/${agent.id}/deactivate`, await server.login(plain.email, plain.password))).status).toBe(403);

  const dropped = disconnected(socket);
  const res = await post(`/api/agents/${agent.id}/deactivate`, adminToken);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ agent: { id: agent.id, isActive: false } });
  await dropped;
  expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${agentToken}` } })).status).toBe(401);
  await expect(server.login(agent.email, agent.password)).rejects.toThrow(/401/);
  expect((await post(`/api/agents/${agent.id}/activate`, adminToken)).status).toBe(200);
  await expect(server.login(agent.email, agent.password)).resolves.toEqual(expect.any(String));
  expect((await post(`/api/agents/nobody/deactivate`, adminToken)).status).toBe(404);
});
