/**
 * Business hours close a department even with agents online; metrics and the knowledge-gap list
 * come from what shoppers actually asked.
 */
import path from 'node:path';
import { loadKb } from '../../server/bot/load-kb';
import type { ShopperSession } from '../../shared/events';
import type { GapReport } from '../../shared/kb';
import type { Message, ShopperConversationView } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type TestServer } from './harness';

const SATURDAY_NOON_UTC = Date.parse('2026-11-21T12:00:00Z');
const MONDAY_NOON_UTC = Date.parse('2026-11-23T12:00:00Z');

describe('business hours', () => {
  let server: TestServer;
  let now = SATURDAY_NOON_UTC;
  beforeAll(async () => {
    // Sessions of 30 days: the agent stays signed in across the weekend the clock jumps (12 h, the default, would
    // let the session guard drop the socket at any second after the jump).
    server = await startServer(
      { DEPARTMENTS: 'general:auto', BUSINESS_HOURS: '*=Mon-Fri 09:00-17:00 UTC', TOKEN_TTL_HOURS: '720' },
      { now: () => now },
    );
  });
  afterAll(() => server.close());

  test('outside hours: no auto-assign, the shopper is told to leave a message; at opening the backlog drains', async () => {
    const agent = await server.createAgent();
    const socket = await server.agent(agent);
    const shopper = await server.shopper();
    expect((await callOk<ShopperSession>(shopper, 'session:resume', {})).agentsOnline).toBe(false);
    const offlinePhrase = server.kbHolder.bot().phrase('offline', 'en');
    const offline = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
    const view = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    expect((await offline).text).toBe(offlinePhrase);
    await server.app.bus.idle();
    expect((await server.store.conversations.get(view.conversation.id))?.status).toBe('waiting');

    // Opening time: shoppers learn help is available and the backlog drains at once, with no agent event.
    now = MONDAY_NOON_UTC;
    const open = waitFor<{ agentsOnline: boolean }>(shopper, 'presence:changed', (p) => p.agentsOnline);
    const assigned = waitFor(socket, 'conversation:assigned');
    await server.app.sweep();
    await Promise.all([open, assigned]);
    expect((await server.store.conversations.get(view.conversation.id))?.assignedAgentId).toBe(agent.id);
  });
});

describe('metrics and knowledge gaps', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  test('unanswered questions become the knowledge-gap list; metrics count what happened', async () => {
    for (let i = 0; i < 3; i++) {
      const shopper = await server.shopper();
      const reply = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
      await callOk(shopper, 'message:send', { clientId: clientId(), text: i === 2 ? 'Do you offer ENGRAVING on jewellery  ' : 'do you offer engraving on jewellery' });
      await reply;
      const answered = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
      await callOk(shopper, 'message:send', { clientId: clientId(), text: 'where is my order' });
      await answered;
    }
    await server.app.bus.idle();
    const admin = await server.createAgent({ role: 'admin' });
    const token = await server.login(admin.email, admin.password);
    const auth = { authorization: `Bearer ${token}` };

    // One question whatever its case and spaces, asked by three shoppers (kb-gap.test.ts covers the grouping).
    const gaps = (await (await fetch(`${server.url}/api/kb/gaps`, { headers: auth })).json()) as GapReport;
    expect(gaps.groups[0]).toMatchObject({ shoppers: 3, count: 3 });
    expect(gaps.groups[0]!.questions.map((q) => q.text.toLowerCase())).toEqual(['do you offer engraving on jewellery']);
    expect(gaps.groups.some((g) => g.questions.some((q) => q.text.includes('where is my order')))).toBe(false);

    const metrics = (await (await fetch(`${server.url}/api/metrics`, { headers: auth })).json()) as { conversations: number; botAnswerRate: number };
    expect(metrics.conversations).toBe(3);
    expect(metrics.botAnswerRate).toBeGreaterThan(0);
    expect(metrics.botAnswerRate).toBeLessThan(1);
  });

  test('an admin reloads the KB; a broken KB is refused with KB_INVALID and the bot keeps answering', async () => {
    const admin = await server.createAgent({ role: 'admin' });
    const token = await server.login(admin.email, admin.password);
    const res = await fetch(`${server.url}/api/admin/kb/reload`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const shipped = await loadKb(path.resolve(__dirname, '../../kb/retail'));
    expect(await res.json()).toMatchObject({ kb: { intents: shipped.intents.length, lastError: null } });
  });
});
