import type { HandoffSummary } from '../../../shared/model';
import type { NewCase, MetricsComputeQuery, Store } from '../../../server/store/store';
import { DEFAULT_METRICS_TARGETS } from '../../../shared/metrics';
import { makeVisitor, newSite, timeWindow, uid, type GetStore } from './helpers';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

const summary = (reason: HandoffSummary['reason'], intent: string | null): HandoffSummary => ({
  reason,
  intent,
  topIntents: [],
  orderNumbers: [],
  emails: [],
  sentiment: null,
  note: null,
});

/**
 * A scripted day with known answers: six chats (two bot-only, three handed off by button, fallbacks and a
 * typed request, one still with the bot), two cases, one QA review, widget facts. The day starts at a UTC
 * midnight so the hours of day are known.
 */
async function scriptDay(store: Store) {
  const t = Math.floor(timeWindow() / 86_400_000) * 86_400_000;
  const siteId = newSite();
  const a1 = await store.agents.create({ email: `${uid()}@a.example`, name: 'Ana', passwordHash: 'x', role: 'agent', departments: ['orders'], maxChats: 5 });
  const a2 = await store.agents.create({ email: `${uid()}@b.example`, name: 'Bo', passwordHash: 'x', role: 'agent', departments: ['returns'], maxChats: 5 });
  const lead = await store.agents.create({ email: `${uid()}@c.example`, name: 'Sue', passwordHash: 'x', role: 'supervisor', departments: ['orders'], maxChats: 5 });
  const visitor = () => makeVisitor(store, siteId).then((v) => v.id);
  const v = [await visitor(), await visitor(), await visitor(), await visitor(), await visitor()];
  const start = (visitorId: string, at: number, department = 'orders') =>
    store.conversations.create({ siteId, visitorId, locale: 'en', department, createdAt: at });
  const answer = (conversationId: string, intent: string) =>
    store.messages.append({ conversationId, clientId: null, sender: 'bot', text: 'answer', bot: { decision: 'answer', intent, confidence: 0.9, quickReplies: [] } });
  const rating = (score: number, nps: number | null = null) => ({ score, comment: null, createdAt: t, nps });

  // c1: the bot answered about shipping; closed idle, resolved.
  const c1 = await start(v[0]!, t);
  await answer(c1.id, 'shipping');
  await store.conversations.update(c1.id, { status: 'closed', closedAt: t + 10 * MIN, resolution: 'resolved' });
  // c2: bot-only, but rated 2: not a bot resolution.
  const c2 = await start(v[1]!, t + 10 * MIN);
  await store.conversations.update(c2.id, { status: 'closed', closedAt: t + 20 * MIN, resolution: 'resolved', rating: rating(2) });
  // c3: the button at +60 s, Ana at +80 s, first reply at +90 s (30 s), then transferred (which must not move the
  // first handoff or assignment), closed at +10 min; CSAT 5, NPS 10. A case from it is later reopened.
  const T3 = t + HOUR;
  const c3 = await start(v[2]!, T3, 'returns');
  await store.conversations.update(c3.id, { status: 'waiting', waitingSince: T3 + MIN, handoff: summary('button', 'returns') });
  await store.conversations.assignWithinCapacity(c3.id, a1.id, 5, T3 + 80 * S);
  await store.conversations.update(c3.id, { firstResponseAt: T3 + 90 * S });
  await store.conversations.update(c3.id, { handoff: summary('transfer', 'returns'), waitingSince: T3 + 100 * S, assignedAt: T3 + 110 * S });
  await store.conversations.update(c3.id, { status: 'closed', closedAt: T3 + 10 * MIN, resolution: 'resolved', rating: rating(5, 10) });
  // c4: fallbacks at +60 s, Bo at +120 s, reply at +150 s (90 s), closed at +30 min; CSAT 4, NPS 7.
  const T4 = t + 2 * HOUR;
  const c4 = await start(v[3]!, T4);
  await store.conversations.update(c4.id, { status: 'waiting', waitingSince: T4 + MIN, handoff: summary('fallbacks', 'orders') });
  await store.conversations.update(c4.id, { status: 'assigned', assignedAgentId: a2.id, assignedAt: T4 + 2 * MIN });
  await store.conversations.update(c4.id, { firstResponseAt: T4 + 150 * S });
  await store.conversations.update(c4.id, { status: 'closed', closedAt: T4 + 30 * MIN, resolution: 'resolved', rating: rating(4, 7) });
  // c5: the same shopper again about orders an hour later (c4 is not a first-contact resolution); typed request,
  // Ana at +180 s, reply at +360 s (300 s), closed not resolved at +20 min; CSAT 1, NPS 3.
  const T5 = t + 3 * HOUR;
  const c5 = await start(v[3]!, T5);
  await store.conversations.update(c5.id, { status: 'waiting', waitingSince: T5 + MIN, handoff: summary('request', 'orders') });
  await store.conversations.assignWithinCapacity(c5.id, a1.id, 5, T5 + 3 * MIN);
  await store.conversations.update(c5.id, { firstResponseAt: T5 + 6 * MIN });
  await store.conversations.update(c5.id, { status: 'closed', closedAt: T5 + 20 * MIN, resolution: 'not_resolved', rating: rating(1, 3) });
  // c6: still with the bot.
  await start(v[4]!, t + 5 * HOUR);

  // Bot turns: 2 answers of 6.
  const fact = (type: 'bot.answered' | 'bot.fallback' | 'handoff.requested', conversationId: string) =>
    store.analytics.record({ type, siteId, conversationId, at: t + 30 * MIN });
  await fact('bot.answered', c1.id);
  await fact('bot.answered', c2.id);
  await fact('bot.fallback', c2.id);
  await fact('bot.fallback', c4.id);
  await fact('bot.fallback', c4.id);
  await fact('handoff.requested', c4.id);
  for (let i = 0; i < 4; i += 1) await store.analytics.record({ type: 'widget.page_view', siteId, conversationId: null, at: t + i * MIN });
  await store.analytics.record({ type: 'widget.opened', siteId, conversationId: null, at: t + 2 * MIN });

  // K1: a B complaint from c3, answered and solved in time, then reopened. K2: an A case from the form, both deadlines missed.
  const caseInput = (over: Partial<NewCase>): NewCase => ({
    siteId, priority: 'B', department: 'orders', category: 'general', subject: 's', locale: 'en', source: 'form', customerId: null,
    visitorId: null, conversationId: null, contactName: null, contactEmail: null, assigneeId: null, firstResponseDueAt: null,
    resolutionDueAt: null, tierDueAt: null, createdAt: t + 4 * HOUR, actor: { kind: 'system', id: null }, ...over,
  });
  const k1 = await store.cases.create(caseInput({ category: 'complaint', source: 'chat', conversationId: c3.id, assigneeId: a1.id, department: 'returns' }));
  const actor = { kind: 'agent' as const, id: a1.id };
  const solved = await store.cases.update(k1.id, {}, {
    patch: { status: 'solved', firstResponseAt: t + 4 * HOUR + 10 * MIN, solvedAt: t + 5 * HOUR },
    changes: [{ type: 'status', from: 'new', to: 'solved', cause: 'agent' }], actor, at: t + 5 * HOUR,
  });
  await store.cases.update(k1.id, {}, {
    patch: { status: 'reopened' }, changes: [{ type: 'status', from: 'solved', to: 'reopened', cause: 'not_fixed' }],
    actor: { kind: 'customer', id: null }, at: t + 6 * HOUR,
  });
  expect(solved).not.toBeNull();
  const k2 = await store.cases.create(caseInput({ priority: 'A', category: 'damage', assigneeId: a2.id }));
  await store.cases.update(k2.id, {}, {
    patch: { firstResponseBreachedAt: t + 4 * HOUR + 5 * MIN, resolutionBreachedAt: t + 4 * HOUR + 30 * MIN, firstResponseAt: t + 5 * HOUR },
    changes: [], actor, at: t + 5 * HOUR,
  });

  await store.qa.create({
    siteId, conversationId: c3.id, agentId: a1.id, reviewerId: lead.id,
    scores: { greeting: 4, accuracy: 4, tone: 4, resolution: 4, notes: 5 }, comment: 'good', createdAt: t + 7 * HOUR,
  });

  const query = (over: Partial<MetricsComputeQuery> = {}): MetricsComputeQuery => ({
    from: t, to: t + 86_400_000, siteId, department: null, agentId: null, channel: null, utcOffsetMinutes: 0,
    chatFirstResponseTargetSeconds: DEFAULT_METRICS_TARGETS.chatFirstResponseSeconds, ...over,
  });
  return { t, siteId, a1, a2, lead, c: [c1, c2, c3, c4, c5], query };
}

/** MetricsStore and QaStore rules, on a scripted day whose figures are worked out by hand. */
export function metricsContract(store: GetStore): void {
  describe('metrics', () => {
    let day: Awaited<ReturnType<typeof scriptDay>>;
    beforeAll(async () => {
      day = await scriptDay(store());
    });

    it('computes the chat figures of the period', async () => {
      const m = await store().metrics.compute(day.query());
      expect(m).toMatchObject({
        conversations: 6,
        botResolutionRate: 1 / 6,
        botAnswerRate: 2 / 6,
        handoffRate: 3 / 6,
        handoffReasons: { button: 1, request: 1, fallbacks: 1, sentiment: 0, intent: 0, other: 0 },
        resolutionSplit: { bot: 1, agent: 2, unresolved: 2 },
        firstResponseSeconds: { p50: 90, p90: 300, max: 300, average: 140, count: 3 },
        resolutionSeconds: { p50: 1200, p90: 1800, max: 1800, average: 1200, count: 3 },
        queueWaitSeconds: { p50: 60, p90: 120, max: 120, count: 3 },
        repeatContactRate: 1 / 6,
        csat: { average: 3, satisfiedShare: 0.5, responses: 4 },
        nps: { score: 0, promoters: 1, passives: 1, detractors: 1, responses: 3 },
        widget: { pageViews: 4, opens: 1, opensPerPageView: 0.25 },
      });
      expect(m.queueWaitSeconds.average).toBeCloseTo(200 / 3, 2);
      // c4 is followed by c5 on the same topic; c3's case was reopened; c1, c2, c5 stand.
      expect(m.fcrRate).toBeCloseTo(3 / 5, 6);
      expect(m.slaAttainment.chatFirstResponse).toBeCloseTo(1 / 3, 6);
      expect(m.volumeByHour).toEqual([2, 1, 1, 1, 0, 1, ...Array.from({ length: 18 }, () => 0)]);
      expect(m.firstResponseHistogram.map((b) => b.count)).toEqual([0, 1, 0, 1, 1, 0, 0, 0]);
      expect(m.trend).toEqual([
        expect.objectContaining({ day: day.t, conversations: 6, botResolved: 1, csatAverage: 3, csatResponses: 4, npsScore: 0, npsResponses: 3 }),
      ]);
      expect(m.stageSeconds.queue).toBeCloseTo(200 / 3, 2);
    });

    it('computes the case figures: SLA per priority, complaints, opened, solved, reopened', async () => {
      const m = await store().metrics.compute(day.query());
      expect(m.slaAttainment.byPriority).toEqual({
        A: { cases: 1, firstResponseRate: 0, resolutionRate: 0 },
        B: { cases: 1, firstResponseRate: 1, resolutionRate: 1 },
        C: { cases: 0, firstResponseRate: null, resolutionRate: null },
      });
      expect(m.slaAttainment.overall).toBe(0.5);
      expect(m.complaints).toEqual({ count: 1, ackOnTimeRate: 1 });
      expect(m.complaintRate).toBeCloseTo(1 / 7, 6);
      expect(m.cases).toEqual({ opened: 2, solved: 1, reopened: 1, closed: 0 });
    });

    it('gives one row per agent with their chats, cases, times, FCR, CSAT and QA score', async () => {
      const m = await store().metrics.compute(day.query());
      const ana = m.agents.find((a) => a.agentId === day.a1.id);
      const bo = m.agents.find((a) => a.agentId === day.a2.id);
      expect(m.agents).toHaveLength(2);
      expect(ana).toMatchObject({
        name: 'Ana', chats: 2, cases: 1, fcrRate: 0.5, onTimeRate: 1,
        firstResponseSeconds: { p50: 30, p90: 300, max: 300, count: 2 },
        csat: { average: 3, satisfiedShare: 0.5, responses: 2 },
        qa: { score: 4.2, reviews: 1 },
      });
      expect(bo).toMatchObject({ name: 'Bo', chats: 1, cases: 1, fcrRate: 0, onTimeRate: 0, firstResponseSeconds: { p50: 90 }, qa: { score: null, reviews: 0 } });
    });

    it('narrows to an agent, a department and a channel', async () => {
      const ana = await store().metrics.compute(day.query({ agentId: day.a1.id }));
      expect(ana).toMatchObject({ conversations: 2, handoffReasons: { button: 1, request: 1, fallbacks: 0 }, cases: { opened: 1 } });
      expect(ana.agents.map((a) => a.agentId)).toEqual([day.a1.id]);
      const returns = await store().metrics.compute(day.query({ department: 'returns' }));
      expect(returns).toMatchObject({ conversations: 1, cases: { opened: 1 }, complaints: { count: 1 } });
      const chat = await store().metrics.compute(day.query({ channel: 'chat' }));
      expect(chat).toMatchObject({ conversations: 6, cases: { opened: 1 } });
      const cases = await store().metrics.compute(day.query({ channel: 'case' }));
      expect(cases).toMatchObject({ conversations: 0, botResolutionRate: null, cases: { opened: 2 } });
    });

    it('counts nothing outside the period or the site', async () => {
      const later = await store().metrics.compute(day.query({ from: day.t + 86_400_000, to: day.t + 2 * 86_400_000 }));
      expect(later).toMatchObject({ conversations: 0, botResolutionRate: null, firstResponseSeconds: { p50: null, count: 0 }, csat: { average: null } });
      const other = await store().metrics.compute(day.query({ siteId: newSite() }));
      expect(other).toMatchObject({ conversations: 0, cases: { opened: 0 }, widget: { pageViews: 0 }, agents: [] });
    });

    it('places the hours of day in the viewer offset', async () => {
      const m = await store().metrics.compute(day.query({ utcOffsetMinutes: 120 }));
      expect(m.volumeByHour.slice(0, 8)).toEqual([0, 0, 2, 1, 1, 1, 0, 1]);
    });

    it('keeps per-site targets', async () => {
      const siteId = newSite();
      expect(await store().metrics.getTargets(siteId)).toBeNull();
      await store().metrics.saveTargets(siteId, { ...DEFAULT_METRICS_TARGETS, fcrRate: 0.8 }, day.lead.id, day.t);
      await store().metrics.saveTargets(siteId, { ...DEFAULT_METRICS_TARGETS, fcrRate: 0.9 }, day.lead.id, day.t + 1);
      expect(await store().metrics.getTargets(siteId)).toEqual({ ...DEFAULT_METRICS_TARGETS, fcrRate: 0.9 });
    });
  });

  describe('qa reviews', () => {
    let day: Awaited<ReturnType<typeof scriptDay>>;
    beforeAll(async () => {
      day = await scriptDay(store());
    });

    it('samples closed chats an agent handled: low-rated first, unreviewed before reviewed', async () => {
      const [, , c3, c4, c5] = day.c;
      const sample = await store().qa.sample({ from: day.t, to: day.t + 86_400_000, size: 10, siteId: day.siteId, seed: 0.5 });
      // c5 (CSAT 1, NPS 3) is low; c4 is not yet reviewed in this suite's day; c3 was reviewed.
      expect(sample.map((s) => s.conversationId)).toEqual([c5!.id, c4!.id, c3!.id]);
      expect(sample[0]).toMatchObject({ reason: 'low_rated', rating: 1, nps: 3, agentName: 'Ana', isReviewed: false });
      expect(sample[2]).toMatchObject({ reason: 'random', isReviewed: true });
      expect(await store().qa.sample({ from: day.t, to: day.t + 86_400_000, size: 1, siteId: day.siteId, seed: 0.1 })).toHaveLength(1);
    });
    it('stores reviews with the rubric average and lists them newest first, by agent', async () => {
      const [, , c3, c4] = day.c;
      const review = await store().qa.create({
        siteId: day.siteId, conversationId: c4!.id, agentId: day.a2.id, reviewerId: day.lead.id,
        scores: { greeting: 5, accuracy: 3, tone: 4, resolution: 2, notes: 1 }, comment: null, createdAt: day.t + 8 * HOUR,
      });
      expect(review).toMatchObject({ score: 3, comment: null, scores: { greeting: 5, notes: 1 } });
      expect((await store().qa.list({ agentId: day.a2.id, limit: 10 })).map((r) => r.id)).toEqual([review.id]);
      expect((await store().qa.list({ conversationId: c3!.id, limit: 10 })).map((r) => r.agentId)).toEqual([day.a1.id]);
      const window = await store().qa.list({ from: day.t, to: day.t + 86_400_000, limit: 10 });
      expect(window.map((r) => r.conversationId)).toEqual([c4!.id, c3!.id]);
    });

  });
}
