/**
 * Presence is reconciled at start-up (issue 16, hole 4): after a crash, chats assigned to agents who do not
 * reconnect within the grace period go back to the queue, keeping their place; an agent who comes back in
 * time keeps theirs. A real restart: a second server on the same SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { callOk, startServer, type TestServer, waitingShopper } from './harness';

/**
 * A log stream that resolves once the start-up reconcile has requeued someone, with the agents it requeued: the
 * reconcile's own word that it ran, instead of a sleep past its timer (the requeue itself takes store round trips
 * after the timer fires, and on a busy machine a sleep's margin runs out).
 */
function reconcileLog() {
  let told: (agents: string[]) => void = () => undefined;
  const requeued = new Promise<string[]>((resolve) => (told = resolve));
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; agents?: string[] };
        if (entry.msg === 'requeued chats of agents gone since start') told(entry.agents ?? []);
      }
      done();
    },
  });
  return { stream, requeued };
}
// The small KB: these tests start two servers each, and building the shipped KB is what makes a start slow.
const kbDir = path.resolve(__dirname, '../fixtures/kb-mini');

// Two server starts, two scrypt logins and a real grace period per test: more than jest's 5 s on a busy machine.
jest.setTimeout(30_000);

describe('presence after a restart', () => {
  let dir: string;
  let servers: TestServer[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-restart-'));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function assignedChat(server: TestServer, agent: { email: string; password: string }): Promise<string> {
    const socket = await server.agent(agent);
    const { id } = await waitingShopper(server);
    await callOk(socket, 'conversation:take', { conversationId: id });
    return id;
  }

  test('chats of an agent who does not come back return to the queue after the grace period', async () => {
    const dbFile = path.join(dir, 'parley.db');
    const first = await startServer({}, { dbFile, kbDir });
    servers.push(first);
    const agent = await first.createAgent();
    const id = await assignedChat(first, agent);
    // Closing stops presence first, like a crash: nothing requeues the chat on the way down.
    await first.close();
    servers = [];
    expect((await openAgain(dbFile)).status).toBe('assigned');

    const log = reconcileLog();
    const second = await startServer({ AGENT_GRACE_SECONDS: '1' }, { dbFile, kbDir, logStream: log.stream, logLevel: 'info' });
    servers.push(second);
    expect((await second.store.conversations.get(id))?.status).toBe('assigned');
    expect(await log.requeued).toEqual([agent.id]);
    await second.app.bus.idle();
    const after = await second.store.conversations.get(id);
    expect(after).toMatchObject({ status: 'waiting', assignedAgentId: null });
    const queue = await second.app.handoff.queue();
    expect(queue[0]?.conversationId).toBe(id);
  });

  test('an agent who reconnects within the grace period keeps their chats', async () => {
    const dbFile = path.join(dir, 'parley.db');
    const first = await startServer({}, { dbFile, kbDir });
    servers.push(first);
    const agent = await first.createAgent();
    const id = await assignedChat(first, agent);
    // A witness who never comes back: the reconcile requeues them, and so says when it has run.
    const witness = await first.createAgent();
    await assignedChat(first, witness);
    // Signed in before the restart (the token outlives it: same secret, same store), so that the reconnect inside
    // the grace period is a socket connect only, not a password hash on a busy machine.
    const token = await first.login(agent.email, agent.password);
    await first.close();
    servers = [];

    const log = reconcileLog();
    // 3 s, not 1: the grace timer starts with the app, before the server listens and the agent reconnects.
    const second = await startServer({ AGENT_GRACE_SECONDS: '3' }, { dbFile, kbDir, logStream: log.stream, logLevel: 'info' });
    servers.push(second);
    await second.agentWithToken(token);
    expect(await log.requeued).toEqual([witness.id]);
    await second.app.bus.idle();
    // Kept, not requeued and handed back by sticky routing on the reconnect (which would read 'assigned' too).
    expect(await second.store.conversations.get(id)).toMatchObject({ status: 'assigned', assignedAgentId: agent.id });
    expect((await second.store.messages.listSince(id, 0)).filter((m) => m.event?.kind === 'requeued')).toEqual([]);
  });

  async function openAgain(dbFile: string) {
    const { openSqliteStore } = await import('../../server/store/sqlite/sqlite-store');
    const store = openSqliteStore(dbFile);
    const [c] = await store.conversations.list({ status: ['assigned', 'waiting', 'bot'] });
    await store.close();
    return c!;
  }
});
