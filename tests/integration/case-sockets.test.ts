/**
 * Cases over the wire: a real server with a fake clock, real socket.io clients for shoppers (two devices of one
 * identified customer, an anonymous stranger) and agents (two departments, a supervisor). Drives the lifecycle
 * the way the widget and the console do: the offline form, live replies, read marks, pending, "Did this solve
 * it?", auto-close, tier escalation, business hours, merge, bulk assign and converting a chat.
 */
import { createHmac } from 'node:crypto';
import type { SweepAction } from '../../server/cases/sweep-cases';
import type { Case, CaseDetail, CaseListItem, CaseMessage, ShopperCaseView } from '../../shared/cases';
import type { Message, ShopperConversationView } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type AgentSocket, type ShopperSocket, type TestServer } from './harness';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SECRET = 'case-sockets-identity-secret';
const TUESDAY_10_UTC = Date.parse('2026-11-24T10:00:00Z');

/** Collects every event of the given names a socket receives, to assert later what it did not hear. */
function record(socket: ShopperSocket | AgentSocket, names: string[]) {
  const heard: { event: string; payload: unknown }[] = [];
  const untyped = socket as unknown as { on(event: string, listener: (payload: unknown) => void): void };
  for (const event of names) untyped.on(event, (payload) => heard.push({ event, payload }));
  return heard;
}

const identify = (socket: ShopperSocket, id: string) =>
  callOk<{ idVerified: boolean }>(socket, 'identity:set', { id, hash: createHmac('sha256', SECRET).update(id).digest('hex') });

describe('cases over sockets', () => {
  let server: TestServer;
  const clock = { now: TUESDAY_10_UTC };
  beforeAll(async () => {
    server = await startServer({ IDENTITY_SECRET: SECRET }, { now: () => clock.now });
  });
  afterAll(() => server.close());

  test('the offline form opens a case: the agent sees it live, replies reach both devices of the customer live, notes never do', async () => {
    const ordersAgent = await server.createAgent({ name: 'Olga', departments: ['orders'] });
    const billingAgent = await server.createAgent({ name: 'Bill', departments: ['billing'] });
    const orders = await server.agent(ordersAgent);
    const billing = await server.agent(billingAgent);
    const billingHeard = record(billing, ['case:updated', 'case:replied']);

    const phone = await server.shopper();
    const laptop = await server.shopper();
    expect((await identify(phone, 'cust-7')).idVerified).toBe(true);
    expect((await identify(laptop, 'cust-7')).idVerified).toBe(true);
    const stranger = await server.shopper();
    const strangerHeard = record(stranger, ['case:updated', 'case:replied']);

    // The chat was about an order, so the form's case goes to the orders department.
    await callOk(phone, 'message:send', { clientId: clientId(), text: 'where is my parcel' });
    await callOk(phone, 'handoff:request', {});
    const seen = waitFor<Case>(orders, 'case:updated');
    const laptopSeen = waitFor<ShopperCaseView>(laptop, 'case:updated');
    const { number } = await callOk<{ number: number }>(phone, 'ticket:create', { name: 'Mei', email: 'mei@example.com', message: 'My parcel 48213 never came.\nPlease help.' });
    const live = await seen;
    expect(live).toMatchObject({ number, status: 'new', source: 'form', department: 'orders', customerId: 'cust-7', contactEmail: 'mei@example.com', subject: 'My parcel 48213 never came.' });
    expect(await laptopSeen).toMatchObject({ number, status: 'new', unread: 0, replyTargetMinutes: 240, expectedReplyBy: TUESDAY_10_UTC + 4 * HOUR });

    const list = await callOk<{ cases: CaseListItem[] }>(orders, 'case:list', {});
    expect(list.cases.find((i) => i.case.id === live.id)).toMatchObject({ lastMessage: 'My parcel 48213 never came. Please help.', assigneeName: null });
    expect((await call(billing, 'case:get', { caseId: live.id })).ok).toBe(false);
    expect((await callOk<{ cases: CaseListItem[] }>(billing, 'case:list', {})).cases.map((i) => i.case.id)).not.toContain(live.id);

    clock.now += 20 * MIN;
    const onPhone = waitFor<{ caseId: string; message: CaseMessage }>(phone, 'case:replied');
    const onLaptop = waitFor<{ caseId: string; message: CaseMessage }>(laptop, 'case:replied');
    const badge = waitFor<ShopperCaseView>(laptop, 'case:updated', (v) => v.unread === 1);
    await callOk(orders, 'case:reply', { caseId: live.id, text: 'Sorry! Checking with the carrier.', isInternal: true });
    const reply = await callOk<{ case: Case; message: CaseMessage }>(orders, 'case:reply', { caseId: live.id, text: 'It left our depot today: tracking 1Z999.' });
    expect(reply.case).toMatchObject({ status: 'open', firstResponseAt: clock.now });
    expect((await onPhone).message).toMatchObject({ kind: 'reply', text: 'It left our depot today: tracking 1Z999.', authorName: 'Olga' });
    expect((await onLaptop).message.seq).toBe(reply.message.seq);
    expect(await badge).toMatchObject({ status: 'open', unread: 1, expectedReplyBy: null });

    // Another device of the same customer: the list and thread, without the note.
    const tablet = await server.shopper();
    await identify(tablet, 'cust-7');
    const mine = await callOk<{ cases: ShopperCaseView[] }>(tablet, 'case:list', {});
    expect(mine.cases).toEqual([expect.objectContaining({ id: live.id, number, unread: 1, status: 'open' })]);
    const thread = await callOk<{ case: ShopperCaseView; messages: CaseMessage[] }>(tablet, 'case:get', { caseId: live.id });
    expect(thread.messages.map((m) => m.kind)).toEqual(['shopper', 'reply']);

    // Read on one device: the others' badges clear.
    const cleared = waitFor<ShopperCaseView>(laptop, 'case:updated', (v) => v.unread === 0);
    await callOk(phone, 'case:read', { caseId: live.id, upToSeq: reply.message.seq });
    await cleared;

    // The shopper answers from the widget: the agent hears it.
    const answered = waitFor<{ caseId: string; message: CaseMessage }>(orders, 'case:replied', (p) => p.message.kind === 'shopper');
    await callOk(laptop, 'case:reply', { caseId: live.id, text: 'Thanks!' });
    expect((await answered).message.text).toBe('Thanks!');

    // The same list and detail over HTTP, with the same rules.
    const bearer = async (a: { email: string; password: string }) => ({ authorization: `Bearer ${await server.login(a.email, a.password)}` });
    const listed = await fetch(`${server.url}/api/cases?status=open&priority=C`, { headers: await bearer(ordersAgent) });
    expect(((await listed.json()) as { cases: CaseListItem[] }).cases.map((i) => i.case.id)).toContain(live.id);
    const detail = await fetch(`${server.url}/api/cases/${live.id}`, { headers: await bearer(ordersAgent) });
    expect(((await detail.json()) as CaseDetail).messages.map((m) => m.kind)).toEqual(['shopper', 'note', 'reply', 'shopper']);
    expect((await fetch(`${server.url}/api/cases/${live.id}`, { headers: await bearer(billingAgent) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/cases?status=bogus`, { headers: await bearer(ordersAgent) })).status).toBe(400);

    // Strangers get nothing and learn nothing.
    expect(await call(stranger, 'case:get', { caseId: live.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(stranger, 'case:reply', { caseId: live.id, text: 'hi' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await callOk<{ cases: ShopperCaseView[] }>(stranger, 'case:list', {})).cases).toEqual([]);
    await server.app.bus.idle();
    expect(strangerHeard).toEqual([]);
    expect(billingHeard).toEqual([]);
  });

  test('pending stops the clocks; solved asks "Did this solve it?"; "no" reopens; no answer in 3 days closes it; "yes" resolves', async () => {
    const agentRec = await server.createAgent({ name: 'Gus', departments: ['general'] });
    const agent = await server.agent(agentRec);
    const shopper = await server.shopper();
    const opened = await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'The zip of my jacket broke', department: 'general' });
    const id = opened.case.id;
    const createdAt = clock.now;
    expect(opened.case).toMatchObject({ status: 'new', replyTargetMinutes: 240, expectedReplyBy: createdAt + 4 * HOUR, confirmation: null });
    const mine = (actions: SweepAction[]) => actions.filter((a) => a.caseId === id);

    clock.now += 10 * MIN;
    await callOk(agent, 'case:reply', { caseId: id, text: 'Could you send a photo of the zip?' });
    await callOk(agent, 'case:set-status', { caseId: id, status: 'pending' });
    // Waiting on the customer is not the team's delay: ten hours pass without a breach or an escalation.
    clock.now += 10 * HOUR;
    expect(mine(await server.app.sweepCases())).toEqual([]);
    const reopenedByReply = waitFor<Case>(agent, 'case:updated', (c) => c.id === id && c.status === 'open');
    await callOk(shopper, 'case:reply', { caseId: id, text: 'Here it is, the slider came off.' });
    const resumed = await reopenedByReply;
    expect(resumed).toMatchObject({ tier: 'L1', pausedAt: null, resolutionBreachedAt: null });
    // The clocks kept the time they had left: 24 h resolution minus the 10 min before the pause.
    expect(resumed.resolutionDueAt).toBe(clock.now + 24 * HOUR - 10 * MIN);
    expect(resumed.tierDueAt).toBe(clock.now + HOUR - 10 * MIN);

    const asked = waitFor<ShopperCaseView>(shopper, 'case:updated', (v) => v.id === id && v.status === 'solved');
    await callOk(agent, 'case:set-status', { caseId: id, status: 'solved' });
    expect((await asked).confirmation).toEqual({ requestedAt: clock.now, closesAt: clock.now + 3 * DAY, answer: null, answeredAt: null });

    const reopened = waitFor<Case>(agent, 'case:updated', (c) => c.id === id && c.status === 'reopened');
    const no = await callOk<{ case: ShopperCaseView }>(shopper, 'case:confirm', { caseId: id, isSolved: false });
    expect(no.case).toMatchObject({ status: 'reopened', confirmation: null });
    expect((await reopened).confirmation).toMatchObject({ answer: 'no', answeredAt: clock.now });
    expect(await call(shopper, 'case:confirm', { caseId: id, isSolved: true })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    await callOk(agent, 'case:set-status', { caseId: id, status: 'solved' });
    clock.now += 3 * DAY - MIN;
    expect(mine(await server.app.sweepCases()).filter((a) => a.kind === 'auto_close')).toEqual([]);
    clock.now += 2 * MIN;
    const closed = waitFor<ShopperCaseView>(shopper, 'case:updated', (v) => v.id === id && v.status === 'closed');
    expect(mine(await server.app.sweepCases())).toEqual([expect.objectContaining({ kind: 'auto_close' })]);
    await closed;
    expect(await server.store.cases.get(id)).toMatchObject({ status: 'closed', resolution: 'auto_closed' });
    expect(await call(shopper, 'case:reply', { caseId: id, text: 'one more thing' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    // Three days on, the agent's 12 h session has ended: the session guard drops the socket, and they sign in again.
    await new Promise<void>((resolve) => (agent.connected ? agent.once('disconnect', () => resolve()) : resolve()));
    const agentNextWeek = await server.agent(agentRec);
    const other = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Button fell off', department: 'general' })).case.id;
    await callOk(agentNextWeek, 'case:set-status', { caseId: other, status: 'solved' });
    const yes = await callOk<{ case: ShopperCaseView }>(shopper, 'case:confirm', { caseId: other, isSolved: true });
    expect(yes.case.status).toBe('closed');
    expect(await server.store.cases.get(other)).toMatchObject({ resolution: 'confirmed', confirmation: expect.objectContaining({ answer: 'yes' }) });
  });

  test('L1 unresolved after 1 h moves to L2 and notifies the new owner; a hand escalation to a named supervisor notifies them', async () => {
    const frontline = await server.agent(await server.createAgent({ name: 'Fran', departments: ['technical'] }));
    const otherDept = await server.agent(await server.createAgent({ name: 'Olaf', departments: ['returns'] }));
    const supervisorRec = await server.createAgent({ name: 'Sue', role: 'supervisor', departments: ['general'] });
    const supervisor = await server.agent(supervisorRec);
    const otherHeard = record(otherDept, ['case:escalated']);
    const shopper = await server.shopper();
    const id = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'The app crashes when I pay', department: 'technical' })).case.id;
    const mine = (actions: SweepAction[]) => actions.filter((a) => a.caseId === id);

    clock.now += 59 * MIN;
    expect(mine(await server.app.sweepCases())).toEqual([]);
    clock.now += 2 * MIN;
    const notified = waitFor<{ case: Case; reason: string; isAutomatic: boolean }>(frontline, 'case:escalated', (p) => p.case.id === id);
    expect(mine(await server.app.sweepCases())).toEqual([expect.objectContaining({ kind: 'escalate', from: 'L1', to: 'L2' })]);
    expect(await notified).toMatchObject({ case: { tier: 'L2', assigneeId: null, department: 'technical' }, isAutomatic: true });

    const toSue = waitFor<{ case: Case; reason: string; isAutomatic: boolean }>(supervisor, 'case:escalated', (p) => p.case.id === id);
    await callOk(frontline, 'case:escalate', { caseId: id, tier: 'L3', reason: 'Payment provider outage?', assigneeId: supervisorRec.id });
    expect(await toSue).toMatchObject({ case: { tier: 'L3', assigneeId: supervisorRec.id }, reason: 'Payment provider outage?', isAutomatic: false });
    const history = (await callOk<CaseDetail>(supervisor, 'case:get', { caseId: id })).events;
    expect(history.filter((e) => e.type === 'escalated')).toEqual([
      expect.objectContaining({ fromTier: 'L1', toTier: 'L2', isAutomatic: true, actor: { kind: 'system', id: null } }),
      expect.objectContaining({ fromTier: 'L2', toTier: 'L3', isAutomatic: false, reason: 'Payment provider outage?' }),
    ]);
    // The escalation's new owner may still see the case, and the frontline (its department) too.
    expect((await call(frontline, 'case:get', { caseId: id })).ok).toBe(true);
    await server.app.bus.idle();
    expect(otherHeard).toEqual([]);
  });

  test('merge: the duplicate closes into the primary, the customer sees one request with both threads', async () => {
    const agent = await server.agent(await server.createAgent({ departments: ['general'] }));
    const shopper = await server.shopper();
    const primary = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Charged twice for order 5512', department: 'general' })).case;
    const duplicate = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Double charge!!', department: 'general' })).case;
    const gone = waitFor<ShopperCaseView>(shopper, 'case:updated', (v) => v.id === duplicate.id && v.status === 'closed');
    const merged = await callOk<{ primary: Case; duplicate: Case }>(agent, 'case:merge', { duplicateId: duplicate.id, primaryId: primary.id });
    expect(merged.duplicate).toMatchObject({ status: 'closed', resolution: 'merged', mergedInto: primary.id });
    await gone;
    expect((await callOk<{ cases: ShopperCaseView[] }>(shopper, 'case:list', {})).cases.map((c) => c.id)).toEqual([primary.id]);
    // A reply to the old number lands on the primary.
    await callOk(shopper, 'case:reply', { caseId: duplicate.id, text: 'any news?' });
    const thread = await callOk<{ messages: CaseMessage[] }>(shopper, 'case:get', { caseId: primary.id });
    expect(thread.messages.map((m) => m.text)).toEqual(['Charged twice for order 5512', 'Double charge!!', 'any news?']);
  });

  test('bulk assign: each case on its own; the one the agent may not see fails with its code, the assignee hears the rest', async () => {
    const lead = await server.agent(await server.createAgent({ name: 'Lea', departments: ['general'] }));
    const colleagueRec = await server.createAgent({ name: 'Cole', departments: ['general'] });
    const colleague = await server.agent(colleagueRec);
    const billingRec = await server.createAgent({ name: 'Bea', departments: ['billing'] });
    const shopper = await server.shopper();
    const open = async (department: string) =>
      (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: `about ${department}`, department })).case.id;
    const [a, b, hidden] = [await open('general'), await open('general'), await open('billing')];
    const heard = new Set<string>();
    const both = waitFor<Case>(colleague, 'case:updated', (c) => {
      if (c.assigneeId === colleagueRec.id) heard.add(c.id);
      return heard.has(a) && heard.has(b);
    });
    const result = await callOk<{ cases: Case[]; failed: { caseId: string; code: string }[] }>(lead, 'case:assign-many', {
      caseIds: [a, b, hidden],
      assigneeId: colleagueRec.id,
    });
    expect(result.cases.map((c) => [c.id, c.assigneeId])).toEqual([[a, colleagueRec.id], [b, colleagueRec.id]]);
    expect(result.failed).toEqual([{ caseId: hidden, code: 'FORBIDDEN' }]);
    await both;
    // Mine: the colleague's own list.
    const mine = await callOk<{ cases: CaseListItem[] }>(colleague, 'case:list', { mine: true });
    expect(mine.cases.map((i) => i.case.id).sort()).toEqual([a, b].sort());
    expect(mine.cases[0]?.assigneeName).toBe('Cole');
    // Someone outside the case's department cannot be made its owner.
    expect(await call(lead, 'case:assign', { caseId: a, assigneeId: billingRec.id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  test('converting a chat: its transcript becomes the case, the chat closes, the shopper sees the request', async () => {
    const agentRec = await server.createAgent({ name: 'Cora' });
    const agent = await server.agent(agentRec);
    const shopper = await server.shopper();
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'My jacket zip broke after two days' });
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    await server.app.bus.idle();
    expect((await server.store.conversations.get(conversation.id))?.status).toBe('waiting');

    const chatClosed = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (v) => v.id === conversation.id && v.status === 'closed');
    const told = waitFor<ShopperCaseView>(shopper, 'case:updated');
    const { case: c } = await callOk<{ case: Case }>(agent, 'conversation:convert', { conversationId: conversation.id, priority: 'B' });
    expect(c).toMatchObject({ source: 'chat', conversationId: conversation.id, priority: 'B', subject: 'My jacket zip broke after two days' });
    await chatClosed;
    expect((await told).id).toBe(c.id);
    expect(await server.store.conversations.get(conversation.id)).toMatchObject({ status: 'closed', resolution: 'not_resolved' });
    const detail = await callOk<CaseDetail>(agent, 'case:get', { caseId: c.id });
    expect(detail.messages[0]).toMatchObject({ kind: 'shopper', text: 'My jacket zip broke after two days' });
    expect(detail.messages.some((m) => m.kind === 'bot')).toBe(true);
    expect((await callOk<{ cases: ShopperCaseView[] }>(shopper, 'case:list', {})).cases.map((v) => v.id)).toEqual([c.id]);
    expect(await call(agent, 'conversation:convert', { conversationId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the case.status action in the chat', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const botCard = (shopper: ShopperSocket) =>
    waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot' && m.bot?.action?.name === 'case.status', 15_000);

  test('"where is my request" lists the shopper\'s open requests as a card, in their language; none says so and offers a person', async () => {
    const shopper = await server.shopper();
    const first = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'My parcel arrived crushed', department: 'orders' })).case;
    const second = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Refund not received', department: 'billing' })).case;
    const agent = await server.agent(await server.createAgent());
    await callOk(agent, 'case:set-status', { caseId: second.id, status: 'pending' });

    const reply = botCard(shopper);
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'where is my request' });
    const m = await reply;
    expect(m.bot?.card).toEqual({
      kind: 'cases',
      cases: [
        { number: second.number, status: 'pending', subject: 'Refund not received', replyTargetMinutes: 240, isAwaitingReply: true },
        { number: first.number, status: 'new', subject: 'My parcel arrived crushed', replyTargetMinutes: 240, isAwaitingReply: true },
      ],
    });
    expect(m.text).toContain(`**#${first.number}** My parcel arrived crushed: received, waiting for our first reply (we usually reply within 4 hours)`);

    const zh = botCard(shopper);
    await callOk(shopper, 'message:send', { clientId: clientId(), text: '我的工单进度' });
    expect((await zh).text).toContain(`**#${second.number}** Refund not received：等待您的回复`);

    const stranger = await server.shopper();
    const none = botCard(stranger);
    await callOk(stranger, 'message:send', { clientId: clientId(), text: 'any update on my complaint?' });
    const empty = await none;
    expect(empty.bot?.card).toBeUndefined();
    expect(empty.text).toMatch(/no open requests/);
    expect(empty.bot?.quickReplies.map((q) => q.label)).toEqual(['Talk to a person']);
  });
});

describe('cases in business hours', () => {
  let server: TestServer;
  // Tuesday 17:30 in London (GMT in November): half an hour of support left today.
  const clock = { now: Date.parse('2026-11-24T17:30:00Z') };
  beforeAll(async () => {
    server = await startServer({ BUSINESS_HOURS: '*=Mon-Fri 09:00-18:00 Europe/London' }, { now: () => clock.now });
  });
  afterAll(() => server.close());

  test('an overnight wait outside support hours is neither a breach nor a reason to escalate', async () => {
    const shopper = await server.shopper();
    const view = (await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Where is my refund?', department: 'billing' })).case;
    // 4 business hours: 30 min today, 3 h 30 min tomorrow from 09:00.
    expect(view.expectedReplyBy).toBe(Date.parse('2026-11-25T12:30:00Z'));
    clock.now = Date.parse('2026-11-25T09:29:00Z');
    expect(await server.app.sweepCases()).toEqual([]);
    clock.now = Date.parse('2026-11-25T09:31:00Z');
    expect(await server.app.sweepCases()).toEqual([expect.objectContaining({ kind: 'escalate', from: 'L1', to: 'L2' })]);
    clock.now = Date.parse('2026-11-25T12:31:00Z');
    expect(await server.app.sweepCases()).toEqual([expect.objectContaining({ kind: 'breach', target: 'first_response' })]);
  });
});
