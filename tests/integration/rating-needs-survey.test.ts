/**
 * A rating (and its NPS answer) is taken only for a chat the shopper was offered the survey for. Before, any
 * latest closed chat took one: a chat that became a case before anyone joined it (the offline form, or a
 * supervisor closing it from the queue) could be rated, and that rating counted in CSAT against nobody's work.
 * Nor after the window the widget shows the survey in: before, a rating came in however late.
 */
import type { ShopperSession } from '../../shared/events';
import type { MetricsReport } from '../../shared/metrics';
import type { ShopperConversationView } from '../../shared/model';
import { RATING_WINDOW_MS } from '../../server/conversations/shopper-view';
import { call, callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

describe('ratings need an offered survey', () => {
  let server: TestServer;
  // One server per test: the CSAT count is per server, and a signed-in agent would take the next test's chat.
  beforeEach(async () => {
    server = await startServer({});
  });
  afterEach(() => server.close());

  /** Asks for a person with nobody signed in: the chat waits, nobody joins. */
  async function waitingChat(shopper: ShopperSocket): Promise<ShopperConversationView> {
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'My order 10023 never arrived' });
    await server.app.bus.idle();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    await server.app.bus.idle();
    return conversation;
  }

  async function csatResponses(): Promise<number> {
    const lead = await server.createAgent({ role: 'supervisor' });
    const res = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${await server.login(lead.email, lead.password)}` } });
    return ((await res.json()) as MetricsReport).csat.responses;
  }

  test('a chat closed into a case by the offline form refuses a rating and an NPS answer', async () => {
    const shopper = await server.shopper();
    const chat = await waitingChat(shopper);
    const told = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (v) => v.id === chat.id && v.status === 'closed');
    await callOk(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'Please e-mail me about 10023' });
    expect(await told).toMatchObject({ ratingRequested: false });

    const refused = await call(shopper, 'conversation:rate', { score: 1, nps: 0, comment: 'nobody came' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringMatching(/not offered a survey/) } });
    expect(await call(shopper, 'nps:submit', { score: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await server.app.bus.idle();
    expect((await server.store.conversations.get(chat.id))?.rating).toBeNull();
    expect(await csatResponses()).toBe(0);
  });

  test('a waiting chat a supervisor closed before anyone joined refuses a rating', async () => {
    const shopper = await server.shopper();
    const chat = await waitingChat(shopper);
    const lead = await server.agent(await server.createAgent({ role: 'supervisor' }));
    await callOk(lead, 'conversation:close', { conversationId: chat.id, resolution: 'not_resolved' });
    await server.app.bus.idle();
    expect(await call(shopper, 'conversation:rate', { score: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect((await server.store.conversations.get(chat.id))?.rating).toBeNull();
  });

  test('a rating stored on an unsurveyed chat before this check takes no NPS answer', async () => {
    const shopper = await server.shopper();
    const chat = await waitingChat(shopper);
    await callOk(shopper, 'ticket:create', { name: 'Jo', email: 'jo@example.com', message: 'About 10023' });
    await server.app.bus.idle();
    // As an older server stored it: written straight to the store, since rate() now refuses it.
    await server.store.conversations.update(chat.id, { rating: { score: 3, comment: null, createdAt: Date.now(), nps: null } });
    expect(await call(shopper, 'nps:submit', { score: 9 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect((await server.store.conversations.get(chat.id))?.rating?.nps).toBeNull();
  });

  test('a chat an agent served is offered the survey and takes the rating and NPS answer once', async () => {
    const shopper = await server.shopper();
    const chat = await waitingChat(shopper);
    const agent = await server.agent(await server.createAgent());
    await callOk(agent, 'conversation:take', { conversationId: chat.id });
    const told = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (v) => v.id === chat.id && v.status === 'closed');
    await callOk(agent, 'conversation:close', { conversationId: chat.id, resolution: 'resolved' });
    expect(await told).toMatchObject({ ratingRequested: true });

    await callOk(shopper, 'conversation:rate', { score: 4 });
    await callOk(shopper, 'nps:submit', { score: 9 });
    expect(await call(shopper, 'conversation:rate', { score: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await server.app.bus.idle();
    expect((await server.store.conversations.get(chat.id))?.rating).toMatchObject({ score: 4, nps: 9 });
    expect(await csatResponses()).toBe(1);
  });
});

describe('ratings need the survey still open', () => {
  let server: TestServer;
  let now = Date.now();
  beforeEach(async () => {
    now = Date.now();
    server = await startServer({}, { now: () => now });
  });
  afterEach(() => server.close());

  /** A chat an agent took and closed: offered the survey. */
  async function servedChat(shopper: ShopperSocket): Promise<string> {
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'Where is order 10023?' });
    await server.app.bus.idle();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    const agent = await server.agent(await server.createAgent());
    await callOk(agent, 'conversation:take', { conversationId: conversation.id });
    await callOk(agent, 'conversation:close', { conversationId: conversation.id, resolution: 'resolved' });
    await server.app.bus.idle();
    agent.disconnect();
    return conversation.id;
  }

  test('a rating after the window the widget shows the survey in is refused; an NPS answer too', async () => {
    const shopper = await server.shopper();
    const chatId = await servedChat(shopper);
    const closedAt = (await server.store.conversations.get(chatId))?.closedAt ?? 0;
    now = closedAt + RATING_WINDOW_MS;
    // The widget no longer shows the chat (resume), so nobody asked for this answer.
    expect((await callOk<ShopperSession>(shopper, 'session:resume', {})).conversation).toBeNull();
    expect(await call(shopper, 'conversation:rate', { score: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    // A rating that made it in time takes no NPS answer after the window either.
    await server.store.conversations.update(chatId, { rating: { score: 4, comment: null, createdAt: closedAt, nps: null } });
    expect(await call(shopper, 'nps:submit', { score: 9 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect((await server.store.conversations.get(chatId))?.rating).toMatchObject({ score: 4, nps: null });
  });

  test('a rating just inside the window is taken', async () => {
    const shopper = await server.shopper();
    const chatId = await servedChat(shopper);
    now = ((await server.store.conversations.get(chatId))?.closedAt ?? 0) + RATING_WINDOW_MS - 1;
    await callOk(shopper, 'conversation:rate', { score: 5 });
    await callOk(shopper, 'nps:submit', { score: 10 });
    expect((await server.store.conversations.get(chatId))?.rating).toMatchObject({ score: 5, nps: 10 });
  });
});
