/**
 * How many commits a hand-off waits for before its agent hears of it, counted in the SQL the store runs (the
 * store's onStatement hook: every statement, COMMIT included, with its parameters). Counts, not times: under
 * load each awaited commit costs the hand-off a turn of the event loop.
 */
import type { Conversation, Message } from '../../shared/model';
import { runningReportThread } from '../../server/store/sqlite/threaded-store';
import { callOk, clientId, startServer, waitFor, type AgentSocket, type ShopperSocket, type TestServer } from './harness';

const AUTO = 'general:auto,orders:auto,returns:auto,billing:auto,technical:auto';

const isCommit = (sql: string) => sql.trim() === 'COMMIT';
/** `id = '…'` as SQLite expands a bound id in the statement it reports: cut to its first 32 bytes. */
const idParam = (id: string) => `id = '${id.slice(0, 32)}'`;
/** The queue transition bot → waiting of `id` (routing.request), as the store runs it. */
const isTransition = (id: string) => (sql: string) =>
  sql.startsWith("UPDATE conversations SET status = 'waiting'") && sql.includes(idParam(id)) && sql.includes("status IN ('bot')");
/** The assignment of `id` (store.conversations.assignWithinCapacity). */
const isAssignment = (id: string) => (sql: string) =>
  sql.startsWith("UPDATE conversations SET status = 'assigned'") && sql.includes(idParam(id)) && sql.includes("status = 'waiting'");

describe('commits before an agent hears of a hand-off', () => {
  let server: TestServer;
  let statements: string[];
  const commits = () => statements.filter(isCommit).length;
  /** Commits counted when the server told an agent of each assignment (its socket emit runs in that same call). */
  let toldAt: Map<string, number>;
  /** Domain events in the order everyone hears them. */
  let heard: string[];
  /** Set by a test: the first COMMIT after a statement it matches fails, as a full disk would fail it. */
  let failCommitAfter: ((sql: string) => boolean) | null;
  let commitFailed: boolean;

  beforeEach(async () => {
    statements = [];
    toldAt = new Map();
    heard = [];
    failCommitAfter = null;
    commitFailed = false;
    let isArmed = false;
    const onStatement = (sql: string) => {
      statements.push(sql);
      if (failCommitAfter?.(sql)) isArmed = true;
      if (!isArmed || !isCommit(sql)) return;
      isArmed = false;
      failCommitAfter = null;
      commitFailed = true;
      // Thrown from better-sqlite3's verbose hook, before the statement runs: this COMMIT fails.
      throw new Error('injected commit failure');
    };
    server = await startServer({ DEPARTMENTS: AUTO }, { onStatement });
    const { bus } = server.app;
    bus.on('conversation.assigned', ({ conversation }) => void toldAt.set(conversation.id, commits()));
    bus.on('conversation.changed', ({ conversation }) => void heard.push(`changed:${conversation.status}`));
    bus.on('handoff.requested', () => void heard.push('handoff.requested'));
    bus.on('conversation.assigned', () => void heard.push('assigned'));
  });
  afterEach(() => server.close());

  /** A shopper whose chat is started and answered once by the bot, so that counting sees the hand-off alone. */
  async function chattingShopper(): Promise<{ shopper: ShopperSocket; id: string }> {
    const shopper = await server.shopper();
    const answered = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'hello' });
    return { shopper, id: (await answered).conversationId };
  }

  /** The system notices of a chat, the "queued" one with its place in line (as the widget shows it). */
  async function transcriptEvents(id: string): Promise<string[]> {
    const messages = await server.store.messages.listSince(id, 0);
    return messages.flatMap((m) => (m.event ? [m.event.kind === 'queued' ? `queued:${m.event.position}` : m.event.kind] : []));
  }

  function expectHeardInOrder(): void {
    expect(heard.filter((e) => e !== 'changed:bot')).toEqual(['changed:waiting', 'handoff.requested', 'changed:assigned', 'assigned']);
  }

  test('typed "talk to a human": the agent is told after two commits (the message, then the bot\'s reply with the transition and the assignment), not three', async () => {
    const agent: AgentSocket = await server.agent(await server.createAgent());
    const { shopper, id } = await chattingShopper();
    await server.app.bus.idle();
    heard = [];
    const assigned = waitFor<{ conversation: Conversation }>(agent, 'conversation:assigned');
    const before = commits();
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
    expect((await assigned).conversation.id).toBe(id);
    expect(toldAt.get(id)! - before).toBe(2);
    // Same statement, same transaction: no COMMIT between the transition and the assignment.
    const transition = statements.findIndex(isTransition(id));
    const assignment = statements.findIndex(isAssignment(id));
    expect(transition).toBeGreaterThan(-1);
    expect(statements.slice(transition, assignment).filter(isCommit)).toHaveLength(0);
    await server.app.bus.idle();
    expectHeardInOrder();
    // First in line when it was queued, as before the assignment shared the commit (the widget shows no notice without a place).
    expect(await transcriptEvents(id)).toEqual(['queued:1', 'assigned']);
  });

  test('the "talk to a person" button: the agent is told after one commit (the transition with the assignment), not two', async () => {
    const agent = await server.agent(await server.createAgent());
    const { shopper, id } = await chattingShopper();
    await server.app.bus.idle();
    heard = [];
    const assigned = waitFor<{ conversation: Conversation }>(agent, 'conversation:assigned');
    const before = commits();
    await callOk(shopper, 'handoff:request', {});
    expect((await assigned).conversation.id).toBe(id);
    expect(toldAt.get(id)! - before).toBe(1);
    await server.app.bus.idle();
    expectHeardInOrder();
    // First in line when it was queued, as before the assignment shared the commit (the widget shows no notice without a place).
    expect(await transcriptEvents(id)).toEqual(['queued:1', 'assigned']);
  });

  test('a failed commit takes back the transition and the assignment in it together, and nobody is told', async () => {
    const agent = await server.agent(await server.createAgent());
    const { shopper, id } = await chattingShopper();
    await server.app.bus.idle();
    let isAgentTold = false;
    agent.on('conversation:assigned', () => (isAgentTold = true));
    failCommitAfter = isTransition(id);
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
    while (!commitFailed) await new Promise((r) => setTimeout(r, 10));
    await server.app.bus.idle();
    await new Promise((r) => setTimeout(r, 100));
    // The assignment was made in the failed transaction (else this test would prove nothing)...
    const transition = statements.findIndex(isTransition(id));
    const assignment = statements.findIndex(isAssignment(id));
    expect(assignment).toBeGreaterThan(transition);
    expect(statements.slice(transition, assignment).filter(isCommit)).toHaveLength(0);
    // ...and rolled back with it: the chat is with the bot, nobody owns it, nobody heard of either.
    expect(await server.store.conversations.get(id)).toMatchObject({ status: 'bot', assignedAgentId: null });
    expect(toldAt.has(id)).toBe(false);
    expect(isAgentTold).toBe(false);
    expect(heard.filter((e) => e !== 'changed:bot')).toEqual([]);
    expect(await transcriptEvents(id)).toEqual([]);
  });

  test('the agent is told without waiting for the report thread (the "queued" line needs no wait estimate), here while it restarts', async () => {
    const agent = await server.agent(await server.createAgent());
    const { shopper, id } = await chattingShopper();
    await (await runningReportThread(server.store))!.terminate();
    // This report starts a fresh thread (tsx and a connection: far longer than a hand-off) and is answered first.
    let isReportAnswered = false;
    const report = server.store.analytics.averages(0, Date.now()).then(() => (isReportAnswered = true));
    let wasReportAnsweredWhenTold: boolean | null = null;
    server.app.bus.on('conversation.assigned', () => void (wasReportAnsweredWhenTold = isReportAnswered));
    const assigned = waitFor<{ conversation: Conversation }>(agent, 'conversation:assigned');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
    expect((await assigned).conversation.id).toBe(id);
    await report;
    expect(wasReportAnsweredWhenTold).toBe(false);
  });

  test('a burst of twelve hand-offs: each assignment shares its transition\'s commit, and each agent is told on that commit', async () => {
    const agents = await Promise.all([1, 2, 3].map(() => server.createAgent({ maxChats: 5 })));
    const sockets = await Promise.all(agents.map((a) => server.agent(a)));
    const chats = await Promise.all(Array.from({ length: 12 }, () => chattingShopper()));
    await server.app.bus.idle();
    let told = 0;
    const allTold = new Promise<void>((resolve) => {
      for (const s of sockets) s.on('conversation:assigned', () => void (++told === chats.length && resolve()));
    });
    // More than a turn's early commits (group-commit.ts BUSY_COMMITS_PER_TURN), so later ones share the turn's end.
    await Promise.all(chats.map(({ shopper }) => callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' })));
    await allTold;
    for (const { id } of chats) {
      const transition = statements.findIndex(isTransition(id));
      const assignment = statements.findIndex(isAssignment(id));
      expect(transition).toBeGreaterThan(-1);
      expect(assignment).toBeGreaterThan(transition);
      expect(statements.slice(transition, assignment).filter(isCommit)).toHaveLength(0);
      // Told once the commit that carried the assignment resolved: the first COMMIT after it is the one counted.
      expect(toldAt.get(id)).toBe(statements.slice(0, assignment).filter(isCommit).length + 1);
    }
    await server.app.bus.idle();
    for (const { id } of chats) expect(await transcriptEvents(id)).toEqual([expect.stringMatching(/^queued:\d+$/), 'assigned']);
    const owners = await server.store.conversations.countAssigned(agents.map((a) => a.id));
    expect(Object.values(owners).reduce((a, b) => a + b, 0)).toBe(12);
    expect(Math.max(...Object.values(owners))).toBeLessThanOrEqual(5);
  });
});
