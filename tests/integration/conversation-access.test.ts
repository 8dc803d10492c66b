/**
 * Who may read and listen to a conversation (issue 16, hole 3): its owner, agents of the department it waits
 * in (a preview without internal notes) and supervisors. Everyone else is refused and hears nothing, and a
 * socket stops hearing a conversation when its access ends (transfer, close, hand-back). Tags follow the
 * same ownership rule; replies on a case (the offline form's) are added to its thread, never overwritten.
 */
import type { ConversationDetail } from '../../shared/events';
import type { Agent, Conversation, Message } from '../../shared/model';
import { call, callOk, clientId, startServer, type AgentSocket, type ShopperSocket, type TestServer, waitingShopper } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries `check` on what `read` gives until it passes or 5 s have gone. */
async function poll<T>(read: () => T, check: (value: T) => void): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return check(read());
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await sleep(20);
  }
}

/** Everything a socket hears about one conversation. */
function record(socket: AgentSocket, conversationId: string): { messages: Message[]; typing: unknown[] } {
  const heard = { messages: [] as Message[], typing: [] as unknown[] };
  socket.on('message:created', (m) => void (m.conversationId === conversationId && heard.messages.push(m)));
  socket.on('typing:changed', (t) => void (t.conversationId === conversationId && heard.typing.push(t)));
  return heard;
}

type Member = { agent: Agent; socket: AgentSocket };

describe('conversation access', () => {
  let server: TestServer;
  const team: Record<string, Member> = {};
  // Logging in runs scrypt once per agent: on a busy 2-core machine that alone takes seconds, so it is done once.
  beforeAll(async () => {
    server = await startServer();
    const roles: Record<string, { role?: 'supervisor'; departments?: string[] }> = {
      owner: {}, other: {}, supervisor: { role: 'supervisor', departments: ['general'] },
      both: { departments: ['general', 'billing'] }, billing: { departments: ['billing'] }, orders: { departments: ['orders'] },
      a: {}, b: {}, c: {},
    };
    await Promise.all(
      Object.entries(roles).map(async ([name, opts]) => {
        const agent = await server.createAgent({ ...opts, maxChats: 20 });
        team[name] = { agent, socket: await server.agent(agent) };
      }),
    );
  }, 60_000);
  afterAll(() => server.close());
  const socket = (name: string): AgentSocket => team[name]!.socket;

  async function waitingChat(): Promise<{ shopper: ShopperSocket; id: string }> {
    return waitingShopper(server);
  }

  test('another agent cannot read or listen to an owned chat; the owner and a supervisor can', async () => {
    const [owner, other, supervisor] = [socket('owner'), socket('other'), socket('supervisor')];
    const { shopper, id } = await waitingChat();
    await callOk(owner, 'conversation:take', { conversationId: id });
    await callOk(owner, 'message:send', { conversationId: id, clientId: clientId(), text: 'secret note', internal: true });

    const refused = await call(other, 'conversation:get', { conversationId: id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const heardByOther = record(other, id);
    const supervisorDetail = await callOk<ConversationDetail>(supervisor, 'conversation:get', { conversationId: id });
    expect(supervisorDetail.messages.some((m) => m.internal)).toBe(true);
    const heardBySupervisor = record(supervisor, id);

    await callOk(shopper, 'typing:set', { isTyping: true, draft: 'my card number is' });
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'hello?' });
    await callOk(owner, 'message:send', { conversationId: id, clientId: clientId(), text: 'another note', internal: true });
    await sleep(150);
    expect(heardByOther.messages).toEqual([]);
    expect(heardByOther.typing).toEqual([]);
    expect(heardBySupervisor.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['hello?', 'another note']));
  });

  test('agents of the department a chat waits in get a preview without internal notes; other departments nothing', async () => {
    const [owner, billing, orders] = [socket('both'), socket('billing'), socket('orders')];
    const { shopper, id } = await waitingChat();
    await callOk(owner, 'conversation:take', { conversationId: id });
    await callOk(owner, 'conversation:transfer', { conversationId: id, toDepartment: 'billing', note: 'internal: VIP, refund approved' });

    const preview = await callOk<ConversationDetail>(billing, 'conversation:get', { conversationId: id });
    expect(preview.conversation.status).toBe('waiting');
    expect(preview.messages.some((m) => m.internal)).toBe(false);
    expect(await call(orders, 'conversation:get', { conversationId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const heard = record(billing, id);
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'still there?' });
    await callOk(owner, 'message:send', { conversationId: id, clientId: clientId(), text: 'note while waiting', internal: true }).catch(() => null);
    await sleep(150);
    expect(heard.messages.map((m) => m.text)).toContain('still there?');
    expect(heard.messages.some((m) => m.internal)).toBe(false);
  });

  test('after a transfer the previous owner hears nothing more; after close and hand-back a viewer is dropped', async () => {
    const [a, b, supervisor] = [socket('a'), socket('b'), socket('supervisor')];
    const bAgent = team.b!.agent;
    const { shopper, id } = await waitingChat();
    await callOk(a, 'conversation:take', { conversationId: id });
    await callOk(a, 'conversation:get', { conversationId: id });
    await callOk(a, 'conversation:transfer', { conversationId: id, toAgentId: bAgent.id });
    const heardByA = record(a, id);
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'after transfer' });
    await callOk(b, 'message:send', { conversationId: id, clientId: clientId(), text: 'b note', internal: true });
    await sleep(150);
    expect(heardByA.messages).toEqual([]);
    expect(await call(a, 'conversation:get', { conversationId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // b opens it, hands it back to the bot: b is no longer its owner and stops hearing it.
    await callOk(b, 'conversation:get', { conversationId: id });
    await callOk(b, 'conversation:hand-back', { conversationId: id });
    const heardByB = record(b, id);
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'after hand-back' });
    await sleep(150);
    expect(heardByB.messages).toEqual([]);

    // A closed chat is not listened to any more, even by the agent who had it open.
    const next = await waitingChat();
    await callOk(b, 'conversation:take', { conversationId: next.id });
    await callOk(b, 'conversation:close', { conversationId: next.id, resolution: 'resolved' });
    const heardAfterClose = record(b, next.id);
    await callOk(supervisor, 'message:send', { conversationId: next.id, clientId: clientId(), text: 'late note', internal: true }).catch(() => null);
    await sleep(100);
    expect(heardAfterClose.messages).toEqual([]);
  });

  test('a socket that had a chat open in full is told when that access ends and what is left; a close or a supervisor is not told', async () => {
    const [a, b, both, supervisor] = [socket('a'), socket('b'), socket('both'), socket('supervisor')];
    const told: Record<string, { conversationId: string; access: string }[]> = { a: [], b: [], both: [], supervisor: [] };
    for (const name of Object.keys(told)) socket(name).on('conversation:access-ended', (p) => void told[name]!.push(p));
    const saidTo = (name: string, id: string) => told[name]!.filter((p) => p.conversationId === id).map((p) => p.access);

    // To another agent: nothing left; the new owner and a supervisor watching lose nothing.
    const toAgent = await waitingChat();
    await callOk(a, 'conversation:take', { conversationId: toAgent.id });
    await callOk(supervisor, 'conversation:get', { conversationId: toAgent.id });
    await callOk(a, 'conversation:transfer', { conversationId: toAgent.id, toAgentId: team.b!.agent.id });
    // To a department the owner serves: a preview is left (no notes).
    const toDepartment = await waitingChat();
    await callOk(both, 'conversation:take', { conversationId: toDepartment.id });
    await callOk(both, 'conversation:transfer', { conversationId: toDepartment.id, toDepartment: 'billing' });
    // Handed back to the bot: nothing left. Closed: still the owner's to read.
    await callOk(b, 'conversation:get', { conversationId: toAgent.id });
    await callOk(b, 'conversation:hand-back', { conversationId: toAgent.id });
    const closed = await waitingChat();
    await callOk(b, 'conversation:take', { conversationId: closed.id });
    await callOk(b, 'conversation:close', { conversationId: closed.id, resolution: 'resolved' });
    await sleep(150);

    expect(saidTo('a', toAgent.id)).toEqual(['none']);
    expect(saidTo('both', toDepartment.id)).toEqual(['preview']);
    expect(saidTo('b', toAgent.id)).toEqual(['none']);
    expect(saidTo('b', closed.id)).toEqual([]);
    expect(saidTo('supervisor', toAgent.id)).toEqual([]);
  });

  test("a supervisor's transfer note goes to the new owner, not to the owner who just lost the chat", async () => {
    const [c, other, supervisor] = [socket('c'), socket('other'), socket('supervisor')];
    const { id } = await waitingChat();
    await callOk(c, 'conversation:take', { conversationId: id });
    const heardByC = record(c, id);
    const heardByOther = record(other, id);
    // The note is posted in the same turn as the change that ends c's access, before c's socket leaves the room.
    await callOk(supervisor, 'conversation:transfer', { conversationId: id, toAgentId: team.other!.agent.id, note: 'handle with care: complaint about c' });
    await sleep(150);
    expect(heardByC.messages.filter((m) => m.internal)).toEqual([]);
    expect(heardByOther.messages.filter((m) => m.internal).map((m) => m.text)).toEqual(['handle with care: complaint about c']);
  });

  test('a case moved to a department an agent does not serve: that agent hears none of its later notes', async () => {
    const [orders, billing, supervisor] = [socket('orders'), socket('billing'), socket('supervisor')];
    const shopper = await server.shopper();
    const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: 'Ola', email: 'ola@example.com', message: 'charged twice' });
    const c = (await server.store.cases.getByNumber(number))!;
    await callOk(supervisor, 'case:escalate', { caseId: c.id, tier: 'L2', reason: 'orders first', department: 'orders' });
    const heardByOrders: string[] = [];
    orders.on('case:replied', (p) => void (p.caseId === c.id && heardByOrders.push(p.message.text)));
    await callOk(supervisor, 'case:reply', { caseId: c.id, text: 'orders note', isInternal: true });
    await poll(() => heardByOrders, (h) => expect(h).toEqual(['orders note']));

    await callOk(supervisor, 'case:escalate', { caseId: c.id, tier: 'L3', reason: 'a billing matter', department: 'billing' });
    const heardByBilling: string[] = [];
    billing.on('case:replied', (p) => void (p.caseId === c.id && heardByBilling.push(p.message.text)));
    await callOk(supervisor, 'case:reply', { caseId: c.id, text: 'billing note: card ends 4242', isInternal: true });
    await poll(() => heardByBilling, (h) => expect(h).toEqual(['billing note: card ends 4242']));
    await sleep(100);
    expect(heardByOrders).toEqual(['orders note']);
    expect(await call(orders, 'case:get', { caseId: c.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('tags need ownership; replies on a case never overwrite each other', async () => {
    const [owner, other, supervisor] = [socket('owner'), socket('other'), socket('supervisor')];
    const { id } = await waitingChat();
    await callOk(owner, 'conversation:take', { conversationId: id });
    expect(await call(other, 'tags:set', { conversationId: id, tags: ['spam'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await callOk<{ conversation: Conversation }>(owner, 'tags:set', { conversationId: id, tags: ['vip'] });
    expect((await server.store.conversations.get(id))?.tags).toEqual(['vip']);

    // The offline form opens a case: every agent of its department and a supervisor add to its thread.
    const shopper = await server.shopper();
    const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'where is my parcel' });
    const c = (await server.store.cases.getByNumber(number))!;
    await callOk(owner, 'case:reply', { caseId: c.id, text: 'It ships today.' });
    await callOk(other, 'case:reply', { caseId: c.id, text: 'Correction: it ships tomorrow.' });
    await callOk(supervisor, 'case:reply', { caseId: c.id, text: 'It ships on Monday.' });
    const replies = (await server.store.cases.listMessages(c.id)).filter((m) => m.kind === 'reply').map((m) => m.text);
    expect(replies).toEqual(['It ships today.', 'Correction: it ships tomorrow.', 'It ships on Monday.']);
  });

  test('two agents replying to one case at once: both replies stand, each with its own seq', async () => {
    const [a, b] = [socket('a'), socket('c')];
    const shopper = await server.shopper();
    const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: 'Li', email: 'li@example.com', message: 'refund?' });
    const c = (await server.store.cases.getByNumber(number))!;
    const acks = await Promise.all([
      call(a, 'case:reply', { caseId: c.id, text: 'from a' }),
      call(b, 'case:reply', { caseId: c.id, text: 'from b' }),
    ]);
    expect(acks.filter((x) => x.ok)).toHaveLength(2);
    const replies = (await server.store.cases.listMessages(c.id)).filter((m) => m.kind === 'reply');
    expect(replies.map((m) => m.text).sort()).toEqual(['from a', 'from b']);
    expect(new Set(replies.map((m) => m.seq)).size).toBe(2);
  });
});
