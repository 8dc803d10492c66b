/**
 * What the server sends under a busy hour, counted on real sockets: no packet a client already has, and
 * queue broadcasts that cost O(queue) coalesced instead of one per change (issue 17's profile).
 */
import type { ShopperSession } from '../../shared/events';
import type { Message, QueueEntry, ShopperConversationView } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records every `event` the socket hears from now on. */
function record<T>(socket: { on(event: string, fn: (p: T) => void): unknown }, event: string): T[] {
  const heard: T[] = [];
  socket.on(event, (p: T) => heard.push(p));
  return heard;
}

test("the sending tab gets its message in the ack only; the shopper's other tab hears it as an event", async () => {
  const first = await server.shopper();
  const { visitorToken } = await callOk<ShopperSession>(first, 'session:resume', { sinceSeq: 0 });
  const second = await server.shopper({ visitorToken });
  await callOk(second, 'session:resume', { sinceSeq: 0 });
  const heardBySender = record<Message>(first, 'message:created');
  const heardByOther = record<Message>(second, 'message:created');

  const answered = waitFor<Message>(first, 'message:created', (m) => m.sender === 'bot');
  const otherAnswered = waitFor<Message>(second, 'message:created', (m) => m.sender === 'bot');
  const sent = await callOk<{ message: Message }>(first, 'message:send', { clientId: clientId(), text: 'how long does shipping take?' });
  await Promise.all([answered, otherAnswered]);

  expect(heardBySender.map((m) => m.sender)).toEqual(['bot']);
  expect(heardByOther.map((m) => [m.sender, m.id])).toEqual([['shopper', sent.message.id], ['bot', expect.any(String)]]);
});

test("an agent's sending tab gets its reply in the ack only; the agent's other tab and the shopper hear it as an event", async () => {
  const account = await server.createAgent({ departments: ['general'] });
  const sending = await server.agent(account);
  const other = await server.agent(account);
  const shopper = await server.shopper();
  const queued = await queueUp(shopper);
  await callOk(sending, 'conversation:take', { conversationId: queued.id });
  await sleep(200);
  const heardBySender = record<Message>(sending, 'message:created');
  const heardByOther = record<Message>(other, 'message:created');

  const toShopper = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'agent');
  const toOther = waitFor<Message>(other, 'message:created', (m) => m.sender === 'agent');
  const sent = await callOk<{ message: Message }>(sending, 'message:send', { conversationId: queued.id, clientId: clientId(), text: 'Hello, I can help.', internal: false });
  expect((await toShopper).id).toBe(sent.message.id);
  expect((await toOther).id).toBe(sent.message.id);
  await sleep(100);

  expect(heardBySender).toEqual([]);
  expect(heardByOther.map((m) => m.id)).toEqual([sent.message.id]);
  // Closed before leaving: the chat of an agent who left would go back to the queue the next test fills.
  await callOk(sending, 'conversation:close', { conversationId: queued.id, resolution: 'resolved' });
  [sending, other, shopper].forEach((s) => s.disconnect());
});

async function queueUp(shopper: ShopperSocket): Promise<ShopperConversationView> {
  await callOk(shopper, 'session:resume', { sinceSeq: 0 });
  const queued = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'waiting' && c.queue !== null);
  await callOk(shopper, 'message:send', { clientId: clientId(), text: 'talk to a human' });
  return queued;
}

test('a waiting shopper is not sent the same place in line again when someone joins behind them', async () => {
  const agent = await server.agent(await server.createAgent({ departments: ['general'] }));
  const ahead = await server.shopper();
  expect((await queueUp(ahead)).queue?.position).toBe(1);
  await sleep(500);
  const heardAhead = record<ShopperConversationView>(ahead, 'conversation:updated');

  const behind = await server.shopper();
  const queued = await queueUp(behind);
  expect(queued.queue?.position).toBe(2);
  // Two queue broadcasts' worth of time: the first shopper's place did not move, so nothing is sent to them.
  await sleep(600);
  expect(heardAhead).toEqual([]);

  // Taking the first moves the second to place 1, and the second hears it.
  const moved = waitFor<ShopperConversationView>(behind, 'conversation:updated', (c) => c.queue?.position === 1);
  const [first] = (await server.store.conversations.list({ status: ['waiting'], order: 'queue' })).filter((c) => c.department === 'general');
  await callOk(agent, 'conversation:take', { conversationId: first!.id });
  await moved;
  agent.disconnect();
});

test('handoffs every 25 ms reach the agents as a few queue broadcasts, the last one listing every chat', async () => {
  const agent = await server.agent(await server.createAgent());
  const shoppers = await Promise.all(Array.from({ length: 12 }, () => server.shopper()));
  await Promise.all(shoppers.map((s) => callOk(s, 'session:resume', { sinceSeq: 0 })));
  await sleep(300);
  const lists = record<{ queue: QueueEntry[] }>(agent, 'queue:changed');

  // A busy hour's pace: a handoff every 25 ms, each in a turn of its own.
  const started = performance.now();
  const queued: Promise<ShopperConversationView>[] = [];
  for (const s of shoppers) {
    queued.push(waitFor<ShopperConversationView>(s, 'conversation:updated', (c) => c.status === 'waiting' && c.queue !== null));
    await callOk(s, 'message:send', { clientId: clientId(), text: 'talk to a human' });
    await sleep(25);
  }
  const ids = (await Promise.all(queued)).map((c) => c.id);
  // Each shopper's place went out in a broadcast that told the agents first; an ack on the agent's socket comes
  // after whatever was sent to it before, so the list with every chat has arrived (no sleep to guess how long).
  await callOk(agent, 'presence:set', { status: 'online' });
  const elapsed = performance.now() - started;
  // One per change would be 12 or more; coalescing sends at most one per QUEUE_INTERVAL_MS (200 ms) of the time
  // the handoffs took, plus one begun before them. Bounded by that time, not a fixed count: on a slow machine the
  // handoffs themselves spread out (a fixed 6 failed with each one 100 ms slower).
  expect(lists.length).toBeGreaterThan(0);
  expect(lists.length).toBeLessThanOrEqual(2 + Math.floor(elapsed / 200));
  const listed = new Set(lists.at(-1)!.queue.map((e) => e.conversationId));
  expect(ids.filter((id) => !listed.has(id))).toEqual([]);
  agent.disconnect();
});
