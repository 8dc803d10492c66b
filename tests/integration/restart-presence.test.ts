/**
 * Presence is reconciled at start-up (issue 16, hole 4): after a crash, chats assigned to agents who do not
 * reconnect within the grace period go back to the queue, keeping their place; an agent who comes back in
 * time keeps theirs. A real restart: a second server on the same SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callOk, startServer, type TestServer, waitingShopper } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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

    const second = await startServer({ AGENT_GRACE_SECONDS: '1' }, { dbFile, kbDir });
    servers.push(second);
    expect((await second.store.conversations.get(id))?.status).toBe('assigned');
    await sleep(1600);
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
    await first.close();
    servers = [];

    const second = await startServer({ AGENT_GRACE_SECONDS: '1' }, { dbFile, kbDir });
    servers.push(second);
    await second.agent(agent);
    await sleep(1600);
    await second.app.bus.idle();
    expect(await second.store.conversations.get(id)).toMatchObject({ status: 'assigned', assignedAgentId: agent.id });
  });

  async function openAgain(dbFile: string) {
    const { openSqliteStore } = await import('../../server/store/sqlite/sqlite-store');
    const store = openSqliteStore(dbFile);
    const [c] = await store.conversations.list({ status: ['assigned', 'waiting', 'bot'] });
    await store.close();
    return c!;
  }
});
