/**
 * Two Parley instances sharing one store and a real Redis (Socket.IO adapter): a shopper on one instance
 * and agents on the other. Runs when `redis-server` is installed (.ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import type { ConversationDetail, ShopperSession } from '../../shared/events';
import { say } from '../../server/actions/action-texts';
import { redisLimiters } from '../../server/security/create-limiter';
import type { PresenceEntry } from '../../server/handoff/presence';
import type { Conversation, Message, ShopperConversationView } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

const REDIS = '/usr/bin/redis-server';
const describeWithRedis = fs.existsSync(REDIS) ? describe : describe.skip;

/** Resolves once the instance's presence entry for the agent satisfies `ok`, checked at each presence change. */
function until(server: TestServer, agentId: string, ok: (entry: PresenceEntry | undefined) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = server.app.bus.on('agents.changed', () => {
      if (!ok(server.app.presence.entries().find((e) => e.agentId === agentId))) return;
      off();
      resolve();
    });
  });
}

describeWithRedis('two instances behind one Redis', () => {
  let dir: string;
  let redis: ChildProcess;
  let a: TestServer;
  let b: TestServer;
  let limiterClient: ReturnType<typeof createClient>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-scale-'));
    const socketPath = path.join(dir, 'redis.sock');
    redis = spawn(REDIS, ['--port', '0', '--unixsocket', socketPath, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !fs.existsSync(socketPath); i++) await new Promise((r) => setTimeout(r, 50));
    // Rate-limit counters in the same Redis, as main.ts does with REDIS_URL.
    limiterClient = createClient({ socket: { path: socketPath, tls: false as const } });
    await limiterClient.connect();
    const shared = {
      dbFile: path.join(dir, 'parley.db'),
      redis: { socket: { path: socketPath, tls: false as const } },
      limiters: redisLimiters(limiterClient),
    };
    // A grace of 3 s, not the harness's 1 s: the cross-instance reconnect below must land inside it on a busy machine.
    const env = { DEPARTMENTS: 'general:auto,orders:auto,returns:auto,billing:auto,technical:auto', AGENT_GRACE_SECONDS: '3' };
    a = await startServer(env, shared);
    b = await startServer(env, shared);
  }, 90_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await limiterClient?.quit();
    redis?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // First, while no other test's agent or requeued chat is about: every hand-off here is routed by A.
  test('hand-offs routed by one instance take turns between agents connected to the other', async () => {
    const agents = await Promise.all([b.createAgent(), b.createAgent()]);
    const sockets = await Promise.all(agents.map((agent) => b.agent(agent)));
    await a.app.sweep();
    const got: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const shopper = await a.shopper();
      const assigned = new Promise<{ conversation: Conversation }>((resolve) => {
        for (const s of sockets) s.once('conversation:assigned', resolve);
      });
      await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
      const { conversation } = await assigned;
      for (const s of sockets) s.off('conversation:assigned');
      got.push(conversation.assignedAgentId ?? 'none');
      // Closed before the next, as the bench's agents do: every pick is a tie on open chats, broken by who
      // waited longest. A once saw agents on B as never assigned, and gave all four to the same one.
      const owner = sockets[agents.findIndex((agent) => agent.id === conversation.assignedAgentId)];
      if (owner) await callOk(owner, 'conversation:close', { conversationId: conversation.id });
      shopper.disconnect();
    }
    expect(agents.map((agent) => got.filter((id) => id === agent.id).length)).toEqual([2, 2]);
    sockets.forEach((s) => s.disconnect());
    await a.app.sweep();
  });

  test('a handoff on one instance reaches an agent on the other, and messages flow both ways', async () => {
    const agent = await b.createAgent({ name: 'Remote Rita' });
    const agentSocket = await b.agent(agent);
    await a.app.sweep();
    const shopper = await a.shopper();
    expect((await callOk<ShopperSession>(shopper, 'session:resume', {})).agentsOnline).toBe(true);

    const assigned = waitFor<{ conversation: Conversation }>(agentSocket, 'conversation:assigned');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
    const { conversation } = await assigned;
    expect(conversation.assignedAgentId).toBe(agent.id);

    const toShopper = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'agent');
    await callOk(agentSocket, 'message:send', { conversationId: conversation.id, clientId: clientId(), text: 'Hello from instance B' });
    expect((await toShopper).text).toBe('Hello from instance B');
    const toAgent = waitFor<Message>(agentSocket, 'message:created', (m) => m.sender === 'shopper' && m.text === 'hi from A');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'hi from A' });
    await toAgent;
    // Leave no available agent behind for the next tests (auto-assign would race them).
    agentSocket.disconnect();
    await a.app.sweep();
  });

  test('agents on different instances racing a take: exactly one wins', async () => {
    const [x, y] = await Promise.all([a.createAgent(), b.createAgent()]);
    const [sx, sy] = await Promise.all([a.agent(x), b.agent(y)]);
    await Promise.all([sx, sy].map((s) => callOk(s, 'presence:set', { status: 'away' })));
    const shopper = await b.shopper();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    const acks = await Promise.all([sx, sy].map((s) => call<ConversationDetail>(s, 'conversation:take', { conversationId: conversation.id })));
    expect(acks.filter((r) => r.ok)).toHaveLength(1);
    expect(acks.filter((r) => !r.ok && r.error.code === 'ALREADY_TAKEN')).toHaveLength(1);
    sx.disconnect();
    sy.disconnect();
  });

  test('an agent who drops from one instance and reconnects to the other keeps their chats', async () => {
    // Room for the chats the earlier tests' agents left behind (requeued after their grace period, and assigned
    // as soon as this agent connects): this shopper's chat must still reach them.
    const agent = await a.createAgent({ maxChats: 10 });
    let socket = await a.agent(agent);
    const shopper = await a.shopper();
    const { conversation: requested } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    let conversation = await a.store.conversations.get(requested.id);
    for (let i = 0; i < 200 && conversation?.assignedAgentId !== agent.id; i++) {
      await new Promise((r) => setTimeout(r, 25));
      conversation = await a.store.conversations.get(requested.id);
    }
    expect(conversation).toMatchObject({ status: 'assigned', assignedAgentId: agent.id });
    if (!conversation) return;

    // Signed in before the drop (a token works on every instance), so that the reconnect inside the grace period
    // is a socket connect, not a password hash on a busy machine.
    const token = await b.login(agent.email, agent.password);
    // A witness who drops from A after the agent and never returns: when A ends their grace, the agent's is over.
    const witness = await a.createAgent();
    const witnessSocket = await a.agent(witness);
    await callOk(witnessSocket, 'presence:set', { status: 'away' });
    const graceOver = until(a, witness.id, (e) => e?.status === 'offline');
    let gone = until(a, agent.id, (e) => e?.sockets.size === 0);
    socket.disconnect();
    await gone;
    gone = until(a, witness.id, (e) => e?.sockets.size === 0);
    witnessSocket.disconnect();
    await gone;
    socket = await b.agentWithToken(token);
    await graceOver;
    await a.app.bus.idle();
    // Kept, not requeued and handed back by routing on the reconnect (which would read 'assigned' too).
    expect((await a.store.conversations.get(conversation.id))).toMatchObject({ status: 'assigned', assignedAgentId: agent.id, assignedAt: conversation.assignedAt });
    expect((await a.store.messages.listSince(conversation.id, 0)).filter((m) => m.event?.kind === 'requeued')).toEqual([]);
    socket.disconnect();
  });

  test('wrong order/e-mail pairs count across instances: three on one and two on the other pause lookups on both', async () => {
    const ask = async (socket: ShopperSocket, text: string) => {
      const reply = waitFor<Message>(socket, 'message:created', (m) => m.sender === 'bot', 8000);
      await callOk(socket, 'message:send', { clientId: clientId(), text });
      return reply;
    };
    const onA = await a.shopper();
    const { visitorToken } = await callOk<ShopperSession>(onA, 'session:resume', {});
    for (let i = 0; i < 3; i += 1) expect((await ask(onA, `where is my order 48213? my email is wrong${i}@example.com`)).text).toBe(say('en', 'notFound'));
    onA.disconnect();
    // The same shopper comes back through the other instance: the count continues there.
    const onB = await b.shopper({ visitorToken });
    await callOk<ShopperSession>(onB, 'session:resume', {});
    expect((await ask(onB, 'where is my order 48213? my email is wrong3@example.com')).text).toBe(say('en', 'notFound'));
    expect((await ask(onB, 'where is my order 48213? my email is wrong4@example.com')).text).toBe(say('en', 'rateLimited'));
    // Even the right pair is refused now, on either instance.
    const again = await a.shopper({ visitorToken });
    await callOk<ShopperSession>(again, 'session:resume', {});
    expect((await ask(again, 'where is my order 48213? it is ana@example.com')).text).toBe(say('en', 'rateLimited'));
  });
});
