/**
 * Insight over the real server: the button handoff counted with its reason, the report for supervisors and
 * for an agent (their own figures only), targets, QA review, the follow-up case a low score opens, NPS, drift
 * alerts to supervisors, the widget beacon and the Prometheus endpoint.
 */
import type { ConversationDetail } from '../../shared/events';
import type { MetricsDriftAlert, MetricsReport, MetricsTargetsResponse, QaReviewItem, QaSampleItem } from '../../shared/metrics';
import type { ShopperConversationView } from '../../shared/model';
import { callOk, call, clientId, startServer, waitFor, type AgentSocket, type ShopperSocket, type TestServer } from './harness';

const TOKEN = 'prometheus-scrape-token-0123456789';

describe('insight', () => {
  let server: TestServer;
  let auth: (token: string) => { authorization: string };
  beforeAll(async () => {
    // Every test's chats feed the drift check at the end: a handful is enough here.
    server = await startServer({ METRICS_TOKEN: TOKEN, DRIFT_MIN_CONTACTS: '3' });
    auth = (token) => ({ authorization: `Bearer ${token}` });
  });
  afterAll(() => server.close());

  const get = async <T>(path: string, token: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(server.url + path, { headers: auth(token) });
    return { status: res.status, body: (await res.json()) as T };
  };

  /** A shopper asks the bot, presses "talk to a person", the agent takes, answers and closes. */
  async function handledChat(agentSocket: AgentSocket): Promise<{ shopper: ShopperSocket; conversationId: string }> {
    const shopper = await server.shopper();
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'what is your return policy' });
    const { conversation } = await callOk<{ conversation: ShopperConversationView }>(shopper, 'handoff:request', {});
    await callOk<ConversationDetail>(agentSocket, 'conversation:take', { conversationId: conversation.id });
    await callOk(agentSocket, 'message:send', { conversationId: conversation.id, clientId: clientId(), text: 'Let me look.' });
    const closed = waitFor<ShopperConversationView>(shopper, 'conversation:updated', (c) => c.status === 'closed');
    await callOk(agentSocket, 'conversation:close', { conversationId: conversation.id, resolution: 'resolved' });
    await closed;
    return { shopper, conversationId: conversation.id };
  }

  test('the button handoff is counted with its reason; a 1-star NPS-3 rating opens one follow-up case for supervisors; agents see their own figures', async () => {
    const ana = await server.createAgent({ name: 'Ana' });
    const bo = await server.createAgent({ name: 'Bo' });
    const lead = await server.createAgent({ role: 'supervisor' });
    const anaSocket = await server.agent(ana);
    const { shopper, conversationId } = await handledChat(anaSocket);
    await callOk(shopper, 'conversation:rate', { score: 1, nps: 3, comment: 'slow' });
    await server.app.bus.idle();

    const stored = await server.store.conversations.get(conversationId);
    expect(stored?.handoff?.reason).toBe('button');
    expect(stored?.rating).toMatchObject({ score: 1, nps: 3 });
    const followUps = (await server.store.cases.list({ visitorId: stored!.visitorId })).filter((c) => c.category === 'follow_up');
    expect(followUps).toHaveLength(1);
    // Parley opened it, no agent and no customer: not a contact of its own (the rated chat was), so the complaint
    // rate is 1 complaint in 2 contacts (the chat, the agent's complaint case), not 1 in 3.
    expect(followUps[0]).toMatchObject({ tier: 'L3', source: 'system' });
    const leadSocket = await server.agent(lead);
    await callOk(leadSocket, 'case:open', { text: 'Called about a rude courier', category: 'complaint' });

    const leadToken = await server.login(lead.email, lead.password);
    const all = await get<MetricsReport>('/api/metrics', leadToken);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      handoffReasons: { button: 1 },
      firstResponseSeconds: { count: 1 },
      csat: { average: 1, responses: 1, satisfiedShare: 0 },
      nps: { score: -100, detractors: 1 },
      previous: { conversations: 0 },
      filters: { agentId: null },
    });
    expect(all.body.conversations).toBeGreaterThanOrEqual(1);
    expect(all.body.agents.map((a) => a.name)).toContain('Ana');
    expect(all.body.attainment.find((c) => c.key === 'csatAverage')).toMatchObject({ value: 1, target: 4.5, isMet: false });
    expect(all.body.complaintRate).toBe(0.5);

    // An agent sees only their own figures, whatever they ask for.
    const boToken = await server.login(bo.email, bo.password);
    const own = await get<MetricsReport>(`/api/metrics?agent=${ana.id}`, boToken);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ conversations: 0, filters: { agentId: bo.id }, agents: [] });
    const anaOwn = await get<MetricsReport>('/api/metrics', await server.login(ana.email, ana.password));
    expect(anaOwn.body).toMatchObject({ conversations: 1, agents: [{ agentId: ana.id, chats: 1 }] });

    const bad = await get<{ error: { code: string } }>('/api/metrics?from=20&to=10', leadToken);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'INVALID_PAYLOAD' } } });
  });

  test('NPS after the stars: once, only after rating; a low one alone opens the follow-up', async () => {
    const agent = await server.createAgent();
    const socket = await server.agent(agent);
    const { shopper, conversationId } = await handledChat(socket);
    expect(await call(shopper, 'nps:submit', { score: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await callOk(shopper, 'conversation:rate', { score: 5 });
    await callOk(shopper, 'nps:submit', { score: 2 });
    expect(await call(shopper, 'nps:submit', { score: 9 })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await call(shopper, 'nps:submit', { score: 11 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    await server.app.bus.idle();
    const stored = await server.store.conversations.get(conversationId);
    expect(stored?.rating).toMatchObject({ score: 5, nps: 2 });
    const cases = await server.store.cases.list({ visitorId: stored!.visitorId });
    expect(cases.filter((c) => c.category === 'follow_up')).toHaveLength(1);
  });

  test('an admin edits a site’s targets; others read them; invalid values are refused', async () => {
    const admin = await server.createAgent({ role: 'admin' });
    const lead = await server.createAgent({ role: 'supervisor' });
    const adminToken = await server.login(admin.email, admin.password);
    const leadToken = await server.login(lead.email, lead.password);
    const put = (token: string, body: unknown) =>
      fetch(`${server.url}/api/metrics/targets?siteId=shop-1`, { method: 'PUT', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const before = await get<MetricsTargetsResponse>('/api/metrics/targets?siteId=shop-1', leadToken);
    expect(before.body).toMatchObject({ siteId: 'shop-1', isDefault: true, targets: { chatFirstResponseSeconds: 30, fcrRate: 0.85, csatAverage: 4.5 } });
    expect((await put(leadToken, { fcrRate: 0.8 })).status).toBe(403);
    expect((await put(adminToken, { fcrRate: 2 })).status).toBe(400);
    expect((await put(adminToken, { fcrRat: 0.8 })).status).toBe(400);
    const saved = await put(adminToken, { fcrRate: 0.8, chatFirstResponseSeconds: 45 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ isDefault: false, targets: { fcrRate: 0.8, chatFirstResponseSeconds: 45, csatAverage: 4.5 } });
    const report = await get<MetricsReport>('/api/metrics?siteId=shop-1', leadToken);
    expect(report.body.targets).toMatchObject({ fcrRate: 0.8, chatFirstResponseSeconds: 45 });
    // Other sites keep the defaults.
    expect((await get<MetricsTargetsResponse>('/api/metrics/targets?siteId=shop-2', leadToken)).body.targets.fcrRate).toBe(0.85);
  });

  test('QA: the low-rated chat is in the sample; a supervisor reviews it; the agent reads their reviews; the score joins their row', async () => {
    const agent = await server.createAgent({ name: 'Cai' });
    const other = await server.createAgent();
    const lead = await server.createAgent({ role: 'supervisor' });
    const socket = await server.agent(agent);
    const { shopper, conversationId } = await handledChat(socket);
    await callOk(shopper, 'conversation:rate', { score: 2 });
    const leadToken = await server.login(lead.email, lead.password);

    const sample = await get<{ items: QaSampleItem[] }>(`/api/qa/sample?agent=${agent.id}`, leadToken);
    expect(sample.body.items).toEqual([expect.objectContaining({ conversationId, reason: 'low_rated', rating: 2, agentName: 'Cai', isReviewed: false })]);

    const scores = { greeting: 5, accuracy: 3, tone: 4, resolution: 2, notes: 1 };
    const post = (token: string, body: unknown) =>
      fetch(`${server.url}/api/qa/reviews`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(leadToken, { conversationId, scores: { ...scores, notes: 6 } })).status).toBe(400);
    const created = await post(leadToken, { conversationId, scores, comment: 'Confirm the address first.' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ review: { agentId: agent.id, reviewerId: lead.id, score: 3 } });

    const mine = await get<{ items: QaReviewItem[] }>(`/api/qa/reviews?agent=${other.id}`, await server.login(agent.email, agent.password));
    expect(mine.body.items).toEqual([expect.objectContaining({ agentName: 'Cai', review: expect.objectContaining({ conversationId, comment: 'Confirm the address first.' }) })]);
    const theirs = await get<{ items: QaReviewItem[] }>('/api/qa/reviews', await server.login(other.email, other.password));
    expect(theirs.body.items).toEqual([]);

    const report = await get<MetricsReport>('/api/metrics', leadToken);
    expect(report.body.agents.find((a) => a.agentId === agent.id)).toMatchObject({ qa: { score: 3, reviews: 1 } });
    const resampled = await get<{ items: QaSampleItem[] }>(`/api/qa/sample?agent=${agent.id}`, leadToken);
    expect(resampled.body.items[0]).toMatchObject({ conversationId, isReviewed: true });
  });

  test('a figure that passes its target alerts supervisors once, with what moved', async () => {
    const lead = await server.createAgent({ role: 'supervisor' });
    const agent = await server.createAgent();
    const leadSocket = await server.agent(lead);
    const agentSocket = await server.agent(agent);
    let agentHeard = false;
    agentSocket.on('metrics:drifted', () => void (agentHeard = true));
    // Every earlier test's chat is in the recent window; the window before is empty (no figure, so no miss).
    const alerted = waitFor<MetricsDriftAlert>(leadSocket, 'metrics:drifted', (a) => a.key === 'csatAverage');
    const at = Date.now() + 1000;
    const alerts = await server.app.checkDrift(at);
    const alert = await alerted;
    expect(alert).toMatchObject({ key: 'csatAverage', previous: null, target: 4.5, direction: 'atLeast', since: at - server.config.driftWindowMs });
    expect(alert.current).toBeLessThan(4.5);
    expect(alerts.map((a) => a.key)).toContain('csatAverage');
    expect((await server.app.checkDrift(at + 1000)).map((a) => a.key)).not.toContain('csatAverage');
    // Too few contacts in the window: no alert at all.
    expect(await server.app.checkDrift(at - 10 * 86_400_000)).toEqual([]);
    await server.app.bus.idle();
    expect(agentHeard).toBe(false);
  });

  test('the widget beacon counts page views and opens', async () => {
    const admin = await server.createAgent({ role: 'admin' });
    const token = await server.login(admin.email, admin.password);
    const beacon = (body: string, type = 'text/plain;charset=UTF-8') =>
      fetch(`${server.url}/api/widget/events`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await beacon(JSON.stringify({ siteId: 'beacon-shop', type: 'page_view' }))).status).toBe(204);
    expect((await beacon(JSON.stringify({ siteId: 'beacon-shop', type: 'page_view' }), 'application/json')).status).toBe(204);
    expect((await beacon(JSON.stringify({ siteId: 'beacon-shop', type: 'open' }))).status).toBe(204);
    expect((await beacon('{nope')).status).toBe(400);
    expect((await beacon(JSON.stringify({ siteId: 'beacon-shop', type: 'click' }))).status).toBe(400);
    const report = await get<MetricsReport>('/api/metrics?siteId=beacon-shop', token);
    expect(report.body.widget).toEqual({ pageViews: 2, opens: 1, opensPerPageView: 0.5 });
  });

  test('GET /metrics serves Prometheus text to the metrics token only', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const admin = await server.createAgent({ role: 'admin' });
    expect((await fetch(`${server.url}/metrics`, { headers: auth(await server.login(admin.email, admin.password)) })).status).toBe(401);
    const res = await fetch(`${server.url}/metrics`, { headers: auth(TOKEN) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const name of [
      'parley_socket_connections{namespace="shopper"}',
      'parley_messages_total{sender="shopper"}',
      'parley_bot_decisions_total{decision=',
      'parley_handoffs_total{reason="button"}',
      'parley_handoff_latency_seconds_bucket',
      'parley_queue_length',
      'parley_nodejs_eventloop_lag_seconds',
    ]) {
      expect({ name, found: text.includes(name) }).toEqual({ name, found: true });
    }
  });
});
