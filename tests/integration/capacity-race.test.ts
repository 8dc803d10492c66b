/**
 * maxChats holds under racing takes (issue 16, hole 9): the capacity check and the assignment are one atomic
 * store step, so ten simultaneous takes by an agent with room for one chat give exactly one chat.
 */
import { call, startServer, type TestServer } from './harness';

describe('capacity under racing takes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  test('10 concurrent takes with maxChats=1: exactly one succeeds, the rest get AT_CAPACITY', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const visitor = await server.store.visitors.create({ siteId: 'demo', tokenHash: `race-${i}-${Date.now()}`, locale: 'en' });
      const conversation = await server.store.conversations.create({ siteId: 'demo', visitorId: visitor.id, locale: 'en' });
      ids.push((await server.app.handoff.request(conversation, 'request')).id);
    }
    const agent = await server.createAgent({ maxChats: 1 });
    const socket = await server.agent(agent);
    const acks = await Promise.all(ids.map((conversationId) => call(socket, 'conversation:take', { conversationId })));
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok).map((a) => (a.ok ? null : a.error.code))).toEqual(Array(9).fill('AT_CAPACITY'));
    expect(await server.store.conversations.countAssigned([agent.id])).toEqual({ [agent.id]: 1 });
  });
});
