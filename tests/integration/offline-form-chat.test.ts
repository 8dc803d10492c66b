/**
 * The chat behind a left message: once the shopper leaves a message (the offline form, `ticket:create` or
 * `case:open`) while nobody has joined their chat, the request lives on as the case. The chat leaves the queue
 * (closed, no survey: nobody served it), so no SLA breach or queue alert is counted for it, an agent who signs in
 * later is not routed it, and the case links it: whoever may see the case reads the chat. A chat with a place in
 * line, or an agent, stays as it is.
 */
import sharp from 'sharp';
import type { AttachmentRef, Case, CaseListItem, ShopperCaseView } from '../../shared/cases';
import type { ConsoleState, ConversationDetail, ShopperSession } from '../../shared/events';
import type { Conversation, QueueEntry, ShopperConversationView } from '../../shared/model';
import { call, callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

const MIN = 60_000;
const MONDAY_NOON_UTC = Date.parse('2026-11-23T12:00:00Z');

describe('a message left from a waiting chat', () => {
  let server: TestServer;
  const clock = { now: MONDAY_NOON_UTC };
  // One server per test: an agent signed in by one test would take the next test's chat.
  beforeEach(async () => {
    clock.now = MONDAY_NOON_UTC;
    // `auto`: an agent who signs in is routed the backlog at once, which is where a stale chat would land.
    server = await startServer({ DEPARTMENTS: 'general:auto,billing:manual', SLA_NORMAL_SECONDS: '60', ALERT_INTERVAL_SECONDS: '20' }, { now: () => clock.now });
  });
  afterEach(() => server.close());

  /** Asks for a person with nobody signed in: the chat waits with no place in line. */
  async function waitingChat(shopper: ShopperSocket): Promise<ShopperConversationView> {
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'My order 10023 never arrived' });
    await server.app.bus.idle();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    expect(conversation).toMatchObject({ status: 'waiting', queue: null });
    await server.app.bus.idle();
    return conversation;
  }

  test('the offline form: the chat leaves the queue, closed without a survey, and the case links it for its agents', async () => {
    const shopper = await server.shopper();
    const { visitorToken } = await callOk<ShopperSession>(shopper, 'session:resume', {});
    const shopperHeaders = { authorization: `Bearer ${visitorToken}`, 'x-parley-site': 'demo' };
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } }).png().toBuffer();
    const uploaded = await fetch(`${server.url}/api/attachments?name=parcel.png`, {
      method: 'POST',
      headers: { ...shopperHeaders, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(png),
    });
    const { attachment: photo } = (await uploaded.json()) as { attachment: AttachmentRef };
    await callOk(shopper, 'message:send', { clientId: clientId(), text: '', attachments: [photo] });
    const chat = await waitingChat(shopper);

    const told = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (v) => v.id === chat.id && v.status === 'closed');
    const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'Please e-mail me about 10023' });
    await server.app.bus.idle();

    const stored = await server.store.conversations.get(chat.id);
    expect(stored).toMatchObject({ status: 'closed', resolution: 'not_resolved', closedAt: clock.now, assignedAgentId: null });
    // Nobody served this chat: the widget asks for no rating, and keeps showing the request's confirmation.
    expect(await told).toMatchObject({ status: 'closed', ratingRequested: false });

    const supervisor = await server.agent(await server.createAgent({ role: 'supervisor', departments: [] }));
    const { cases } = await callOk<{ cases: CaseListItem[] }>(supervisor, 'case:list', {});
    const item = cases.find((i) => i.case.number === number);
    expect(item?.case).toMatchObject({ conversationId: chat.id, source: 'form', contactEmail: 'jo@example.com' });
    // The request is the form's text, for the shopper as before; the chat is a link away for the agents.
    const mine = await callOk<{ messages: { text: string }[] }>(shopper, 'case:get', { caseId: item!.case.id });
    expect(mine.messages.map((m) => m.text)).toEqual(['Please e-mail me about 10023']);

    // An agent of the case's department reads the chat it came from, although it is closed and was never theirs,
    // so nobody asks twice; an agent who may not see the case may not read the chat either.
    const generalRec = await server.createAgent({ departments: ['general'] });
    const general = await server.agent(generalRec);
    const detail = await callOk<ConversationDetail>(general, 'conversation:get', { conversationId: chat.id });
    expect(detail.messages.map((m) => m.text)).toContain('My order 10023 never arrived');
    const billingRec = await server.createAgent({ departments: ['billing'] });
    const billing = await server.agent(billingRec);
    expect(await call(billing, 'conversation:get', { conversationId: chat.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The same for the photo the shopper sent in the chat.
    const photoStatus = async (a: { email: string; password: string }) =>
      (await fetch(`${server.url}/api/attachments/${photo.blobId}`, { headers: { authorization: `Bearer ${await server.login(a.email, a.password)}` } })).status;
    expect(await photoStatus(generalRec)).toBe(200);
    expect(await photoStatus(billingRec)).toBe(403);
  });

  test('after a reload the widget gets the closed chat back, so it still shows the confirmation of its request', async () => {
    const shopper = await server.shopper();
    const { visitorToken } = await callOk<ShopperSession>(shopper, 'session:resume', {});
    const chat = await waitingChat(shopper);
    await callOk(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'Please e-mail me' });
    await server.app.bus.idle();
    shopper.disconnect();

    const back = await server.shopper({ visitorToken });
    const session = await callOk<ShopperSession>(back, 'session:resume', {});
    expect(session.conversation).toMatchObject({ id: chat.id, status: 'closed', ratingRequested: false });
    // A new message starts a new chat: the closed one is not reopened.
    const { message } = await callOk<{ message: { conversationId: string } }>(back, 'message:send', { clientId: clientId(), text: 'hello again' });
    expect(message.conversationId).not.toBe(chat.id);
  });

  test('an agent who signs in later gets no stale chat, and the queue, SLA and alerts forget it', async () => {
    const shopper = await server.shopper();
    const chat = await waitingChat(shopper);
    const heard: string[] = [];
    const offs = [
      server.app.bus.on('sla.breached', ({ conversation }) => void heard.push(`sla:${conversation.id}`)),
      server.app.bus.on('queue.alerted', ({ conversationId }) => void heard.push(`alert:${conversationId}`)),
      server.app.bus.on('conversation.assigned', ({ conversation }) => void heard.push(`assigned:${conversation.id}`)),
    ];
    try {
      // A supervisor who serves no department watches the whole queue without being routed anything.
      const watcher = await server.agent(await server.createAgent({ role: 'supervisor', departments: [] }));
      const before = await callOk<ConsoleState>(watcher, 'console:sync', {});
      expect(before.queue.map((e) => e.conversationId)).toContain(chat.id);

      const left = waitFor<{ queue: QueueEntry[] }>(watcher, 'queue:changed', (p) => !p.queue.some((e) => e.conversationId === chat.id));
      await callOk(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'Please e-mail me' });
      await left;

      // Past the SLA and several alert intervals.
      clock.now += 10 * MIN;
      await server.app.sweep(clock.now);
      const agentRec = await server.createAgent({ name: 'Late', departments: ['general'] });
      const late = await server.agent(agentRec);
      const state = await callOk<ConsoleState>(late, 'console:sync', {});
      await server.app.sweep(clock.now);
      await server.app.bus.idle();

      expect(state.queue.map((e) => e.conversationId)).not.toContain(chat.id);
      expect(state.mine.map((c) => c.id)).not.toContain(chat.id);
      expect(heard.filter((h) => h.endsWith(chat.id))).toEqual([]);
      const stored = await server.store.conversations.get(chat.id);
      expect(stored).toMatchObject({ status: 'closed', assignedAgentId: null, slaBreachedAt: null });
      const supervisorView = await callOk<ConsoleState>(watcher, 'console:sync', {});
      expect(supervisorView.slaBreaches.map((b) => b.conversationId)).not.toContain(chat.id);
    } finally {
      offs.forEach((off) => off());
    }
  });

  test('the other door, case:open, moves the waiting chat the same way', async () => {
    const shopper = await server.shopper();
    const chat = await waitingChat(shopper);
    const { case: opened } = await callOk<{ case: ShopperCaseView }>(shopper, 'case:open', { text: 'Where is 10023?' });
    await server.app.bus.idle();
    expect(await server.store.conversations.get(chat.id)).toMatchObject({ status: 'closed' });
    expect(await server.store.cases.get(opened.id)).toMatchObject<Partial<Case>>({ conversationId: chat.id });
  });

  test('a chat with a place in line keeps it: someone can come, so leaving a message does not give it up', async () => {
    const agentRec = await server.createAgent({ name: 'Busy', departments: ['general'], maxChats: 1 });
    const agent = await server.agent(agentRec);
    const first = await server.shopper();
    const taken = waitFor<{ conversation: Conversation }>(agent, 'conversation:assigned');
    await callOk(first, 'handoff:request', {});
    await taken;
    const second = await server.shopper();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(second, 'handoff:request', {});
    expect(conversation.status).toBe('waiting');
    const { case: opened } = await callOk<{ case: ShopperCaseView }>(second, 'case:open', { text: 'Also, a question' });
    await server.app.bus.idle();
    expect(await server.store.conversations.get(conversation.id)).toMatchObject({ status: 'waiting' });
    expect(await server.store.cases.get(opened.id)).toMatchObject<Partial<Case>>({ conversationId: null });
  });

  test('a chat an agent has joined stays theirs: the message opens a case of its own', async () => {
    const agentRec = await server.createAgent({ name: 'Ana', departments: ['general'] });
    const agent = await server.agent(agentRec);
    const shopper = await server.shopper();
    const assigned = waitFor<{ conversation: Conversation }>(agent, 'conversation:assigned');
    await callOk(shopper, 'handoff:request', {});
    const { conversation } = await assigned;
    const { number } = await callOk<{ number: number }>(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'And a second thing' });
    await server.app.bus.idle();
    expect(await server.store.conversations.get(conversation.id)).toMatchObject({ status: 'assigned', assignedAgentId: agentRec.id });
    const c = (await server.store.cases.list({ visitorId: conversation.visitorId, limit: 5 })).find((k) => k.number === number);
    expect(c).toMatchObject({ conversationId: null });
  });
});
