/**
 * A report refused because its thread died too often (report-thread.ts's restart limit) answers over HTTP as
 * what it is: 503 UNAVAILABLE with Retry-After, so a dashboard or a script knows to try again later. It
 * used to be a 500 INTERNAL, which says "our bug" and gives no time to wait.
 */
import type { MetricsReport } from '../../shared/metrics';
import type { Message, ShopperConversationView } from '../../shared/model';
import { runningReportThread } from '../../server/store/sqlite/threaded-store';
import { callOk, clientId, startServer, type TestServer } from './harness';

describe('reports while the report thread is past its restart limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    // One restart a minute: the second death is past the limit for the rest of the test.
    server = await startServer({}, { reportRestartLimit: { max: 1, windowMs: 60_000 } });
  });
  afterAll(() => server.close());

  const kill = async () => {
    const thread = await runningReportThread(server.store);
    if (!thread) throw new Error('no report thread runs');
    await thread.terminate();
  };

  test('GET /api/metrics and /api/qa/sample answer 503 UNAVAILABLE with Retry-After; chat carries on', async () => {
    const lead = await server.createAgent({ role: 'supervisor' });
    const headers = { authorization: `Bearer ${await server.login(lead.email, lead.password)}` };
    const get = (path: string) => fetch(server.url + path, { headers });

    await kill();
    // The first death is within the limit: this report restarts the thread and is answered.
    const restarted = await get('/api/metrics');
    expect(restarted.status).toBe(200);
    expect(((await restarted.json()) as MetricsReport).csat).toBeDefined();

    await kill();
    for (const path of ['/api/metrics', '/api/qa/sample']) {
      const refused = await get(path);
      expect(refused.status).toBe(503);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({
        error: { code: 'UNAVAILABLE', message: `Reports are temporarily unavailable. Try again in ${retryAfter} s.` },
      });
    }

    // Only reports wait: a shopper's message is stored and answered as ever.
    const shopper = await server.shopper();
    const { message } = await callOk<{ message: Message }>(shopper, 'message:send', { clientId: clientId(), text: 'what is your return policy' });
    expect(await server.store.messages.listSince(message.conversationId, 0, { limit: 10 })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: message.id })]),
    );
  });
});

describe('asking for a person while reports are refused', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({}, { reportRestartLimit: { max: 1, windowMs: 60_000 } });
  });
  afterAll(() => server.close());

  test('the shopper still gets a place in line: the wait estimate reads reports, and falls back instead of failing', async () => {
    const kill = async () => (await runningReportThread(server.store))?.terminate();
    await kill();
    // Within the limit: this report restarts the thread. The next death is past it, and reports are refused.
    await server.store.analytics.averages(0, Date.now());
    await kill();
    await expect(server.store.analytics.averages(0, Date.now())).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    await server.agent(await server.createAgent());
    const shopper = await server.shopper();
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'where is my parcel' });
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    expect(conversation.status).toBe('waiting');
    expect(conversation.queue).toEqual({ position: 1, estimatedWaitSec: expect.any(Number) });
    expect(conversation.queue!.estimatedWaitSec).toBeGreaterThan(0);
  });
});
