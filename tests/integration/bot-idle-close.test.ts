/**
 * Issue 15, item 13: a chat only the bot handled used to stay open for ever and was never surveyed. It now
 * closes after BOT_IDLE_CLOSE_MINUTES without activity, the shopper is offered the survey (at once, and when
 * they come back), and metrics count it as resolved by the bot unless the shopper rated it badly.
 */
import type { ShopperSession } from '../../shared/events';
import type { Message, ShopperConversationView } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

const MINUTE = 60_000;

async function askBot(shopper: ShopperSocket, text: string): Promise<Message> {
  const answer = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
  await callOk(shopper, 'message:send', { clientId: clientId(), text });
  return answer;
}

describe('idle bot-only conversations', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer({ BOT_IDLE_CLOSE_MINUTES: '20' });
  });
  afterEach(() => server.close());

  test('close after the idle time with the survey offered, now and when the shopper comes back', async () => {
    const shopper = await server.shopper();
    const { visitorToken } = await callOk<ShopperSession>(shopper, 'session:resume', { sinceSeq: 0 });
    const { conversationId } = await askBot(shopper, 'what is your return policy');
    await server.app.bus.idle();

    await server.app.sweep(Date.now() + 19 * MINUTE);
    expect((await server.store.conversations.get(conversationId))?.status).toBe('bot');

    const surveyed = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'closed');
    await server.app.sweep(Date.now() + 21 * MINUTE);
    expect(await surveyed).toMatchObject({ id: conversationId, ratingRequested: true });
    const closed = await server.store.conversations.get(conversationId);
    expect(closed).toMatchObject({ status: 'closed', resolution: 'resolved', assignedAgentId: null });

    shopper.disconnect();
    const back = await server.shopper({ visitorToken });
    const session = await callOk<ShopperSession>(back, 'session:resume', { sinceSeq: 0 });
    expect(session.conversation).toMatchObject({ id: conversationId, status: 'closed', ratingRequested: true });
    await callOk(back, 'conversation:rate', { score: 5 });
  });

  test('an idle chat closes while more than 1,000 others are active: the sweep reads the idle ones, not the latest', async () => {
    const shopper = await server.shopper();
    const { conversationId } = await askBot(shopper, 'what is your return policy');
    await server.app.bus.idle();
    const idleSince = (await server.store.conversations.get(conversationId))!.updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    // A busy shop: 1,000 bot chats active after it (the sweep once read the 1,000 most recent and kept the idle ones).
    const visitor = await server.store.visitors.create({ siteId: 'demo', tokenHash: 'f'.repeat(64), locale: 'en' });
    await Promise.all(Array.from({ length: 1000 }, () => server.store.conversations.create({ siteId: 'demo', visitorId: visitor.id, locale: 'en' })));

    const surveyed = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'closed');
    // Idle for exactly 20 minutes; every other chat changed after it, so only it is due.
    await server.app.sweep(idleSince + 20 * MINUTE);
    expect(await surveyed).toMatchObject({ id: conversationId, ratingRequested: true });
    expect(await server.store.conversations.list({ status: ['bot'], limit: 2000 })).toHaveLength(1000);
  });

  test('waiting and assigned chats are not the bot\'s to close', async () => {
    const shopper = await server.shopper();
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    await server.app.bus.idle();
    await server.app.sweep(Date.now() + 60 * MINUTE);
    expect((await server.store.conversations.get(conversation.id))?.status).toBe('waiting');
  });

  test('metrics count idle-closed bot chats as resolved by the bot, unless rated badly', async () => {
    const scores = [5, 1, null];
    for (const score of scores) {
      const shopper = await server.shopper();
      await askBot(shopper, 'what is your return policy');
      await server.app.bus.idle();
      await server.app.sweep(Date.now() + 21 * MINUTE);
      await server.app.bus.idle();
      if (score !== null) await callOk(shopper, 'conversation:rate', { score });
    }
    await server.app.bus.idle();
    const admin = await server.createAgent({ role: 'admin' });
    const token = await server.login(admin.email, admin.password);
    const metrics = (await (await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      conversations: number;
      botResolutionRate: number;
      resolutionSplit: { bot: number };
    };
    expect(metrics.conversations).toBe(3);
    expect(metrics.resolutionSplit.bot).toBe(2);
    expect(metrics.botResolutionRate).toBeCloseTo(2 / 3);
  });
});
