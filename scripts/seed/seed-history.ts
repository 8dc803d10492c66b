/**
 * Two weeks of believable history through the store port (fast, no server): chats the bot resolved, chats
 * handed off for each reason and answered by the demo team, ratings and NPS answers, cases with their SLA
 * clocks (some breached, some reopened, complaints), QA reviews and widget page views. Deterministic for a
 * given seed, so the dashboard looks the same on every fresh store.
 */
import type { CasePriority } from '../../shared/cases';
import type { QaScores } from '../../shared/metrics';
import type { Agent, HandoffReason, HandoffSummary, Locale } from '../../shared/model';
import { DEFAULT_SLA_TARGETS } from '../../server/cases/case-policy';
import type { Store } from '../../server/store/store';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Topics by department, with a shopper question in each language: ids are the shipped KB's intents. */
const TOPICS: { intent: string; department: string; en: string; zh: string }[] = [
  { intent: 'order.track', department: 'orders', en: 'Where is my order?', zh: '我的订单到哪里了？' },
  { intent: 'order.cancel', department: 'orders', en: 'Can I cancel my order?', zh: '可以取消订单吗？' },
  { intent: 'order.address', department: 'orders', en: 'I need to change the delivery address', zh: '我要修改收货地址' },
  { intent: 'shipping.time', department: 'orders', en: 'How long does delivery take?', zh: '配送要多久？' },
  { intent: 'shipping.problem', department: 'orders', en: 'The parcel says delivered but nothing came', zh: '显示已签收但我没收到' },
  { intent: 'returns.policy', department: 'returns', en: 'What is your return policy?', zh: '退货政策是什么？' },
  { intent: 'refund.status', department: 'returns', en: 'When will I get my refund?', zh: '退款什么时候到账？' },
  { intent: 'exchange.size', department: 'returns', en: 'Can I exchange for a bigger size?', zh: '可以换大一号吗？' },
  { intent: 'order.damaged', department: 'returns', en: 'My item arrived damaged', zh: '商品到货时损坏了' },
  { intent: 'payment.failed', department: 'billing', en: 'My payment keeps failing', zh: '付款一直失败' },
  { intent: 'payment.duplicate', department: 'billing', en: 'I was charged twice', zh: '我被扣了两次款' },
  { intent: 'promo.code', department: 'billing', en: 'My promo code does not work', zh: '优惠码用不了' },
  { intent: 'account.password', department: 'technical', en: 'I cannot log in', zh: '我登录不了' },
  { intent: 'product.size_guide', department: 'general', en: 'Do these shoes run small?', zh: '这双鞋偏小吗？' },
  { intent: 'store.hours', department: 'general', en: 'When are you open?', zh: '你们几点营业？' },
];

/** Chats per hour of day (a shop's day: quiet at night, busy at lunch and in the evening). */
const HOURLY = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3.5, 5, 6, 6.5, 7, 6.5, 6, 5.5, 5.5, 6, 6.5, 7, 6.5, 5, 3.5, 2];

export interface SeedOptions {
  conversations: number;
  /** The history ends here (ms). */
  now: number;
  days?: number;
  siteId?: string;
  /** The demo team: agents answer their departments' chats, a supervisor reviews. */
  agents: Agent[];
  seed?: number;
}

export interface SeedResult {
  conversations: number;
  handedOff: number;
  cases: number;
  reviews: number;
}

/** A small deterministic generator (mulberry32): the same seed gives the same history. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    /** Skewed towards `low`: most waits are short, a few long. */
    skewed: (low: number, high: number) => low + (high - low) * next() ** 2.5,
    weighted: <T>(items: readonly [T, number][]): T => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) if ((r -= w) <= 0) return item;
      return items[items.length - 1]![0];
    },
  };
}

export async function seedHistory(store: Store, opts: SeedOptions): Promise<SeedResult> {
  const r = rng(opts.seed ?? 14);
  const days = opts.days ?? 14;
  const siteId = opts.siteId ?? 'demo';
  // Whole days (UTC), so the hourly curve lands on the hours it names.
  const start = Math.floor(opts.now / DAY) * DAY - (days - 1) * DAY;
  const staff = opts.agents.filter((a) => a.role === 'agent');
  const reviewer = opts.agents.find((a) => a.role !== 'agent') ?? opts.agents[0];
  if (staff.length === 0 || !reviewer) throw new Error('seedHistory needs at least one agent and a supervisor');
  const result: SeedResult = { conversations: 0, handedOff: 0, cases: 0, reviews: 0 };
  const visitors: { id: string; locale: Locale }[] = [];
  const reviewable: { conversationId: string; agentId: string; closedAt: number }[] = [];

  // Start times spread over the days by the hourly curve; the last day a little busier (a trend to show).
  const hourWeights = HOURLY.map((w, h) => [h, w] as [number, number]);
  const times: number[] = [];
  while (times.length < opts.conversations) {
    const day = Math.floor(r.next() ** 0.85 * days);
    const hour = r.weighted(hourWeights);
    const at = start + day * DAY + hour * HOUR + Math.floor(r.next() * HOUR);
    // Today's hours still to come are skipped, not moved: the curve stays the curve.
    if (at < opts.now - 30 * MINUTE) times.push(at);
  }
  times.sort((a, b) => a - b);

  for (const createdAt of times) {
    const returning = visitors.length > 10 && r.chance(0.12);
    const visitor = returning ? r.pick(visitors) : await newVisitor();
    const topic = r.pick(TOPICS);
    const conversation = await store.conversations.create({ siteId, visitorId: visitor.id, locale: visitor.locale, department: topic.department, createdAt });
    result.conversations += 1;
    await store.messages.append({ conversationId: conversation.id, clientId: null, sender: 'shopper', text: topic[visitor.locale] });
    await store.analytics.record({ type: 'conversation.started', siteId, conversationId: conversation.id, at: createdAt });

    const outcome = r.weighted<'bot' | 'handoff' | 'open'>([['bot', 0.58], ['handoff', 0.37], ['open', 0.05]]);
    const isRecent = createdAt > opts.now - 2 * HOUR;
    if (outcome === 'open' && isRecent) continue;

    if (outcome === 'bot' || outcome === 'open') {
      const isClarify = r.chance(0.15);
      await store.messages.append({
        conversationId: conversation.id,
        clientId: null,
        sender: 'bot',
        text: '…',
        bot: { decision: isClarify ? 'clarify' : 'answer', intent: topic.intent, confidence: 0.6 + r.next() * 0.35, quickReplies: [] },
      });
      await store.analytics.record({ type: isClarify ? 'bot.clarified' : 'bot.answered', siteId, conversationId: conversation.id, intent: topic.intent, at: createdAt + 2 * SECOND });
      const closedAt = createdAt + 30 * MINUTE + Math.floor(r.next() * 5 * MINUTE);
      const rated = r.chance(0.3);
      const score = rated ? r.weighted([[5, 45], [4, 30], [3, 10], [2, 8], [1, 7]]) : null;
      await store.conversations.update(conversation.id, {
        status: 'closed',
        closedAt,
        resolution: 'resolved',
        rating: score === null ? null : { score, comment: null, createdAt: closedAt + MINUTE, nps: r.chance(0.5) ? npsFor(score) : null },
      });
      continue;
    }

    // Handed off.
    result.handedOff += 1;
    const reason = r.weighted<HandoffReason>([['button', 35], ['request', 25], ['fallbacks', 18], ['sentiment', 10], ['intent', 12]]);
    if (reason === 'fallbacks') {
      for (let i = 0; i < 2; i += 1) {
        await store.analytics.record({ type: 'bot.fallback', siteId, conversationId: conversation.id, text: topic.en, at: createdAt + (i + 1) * 20 * SECOND });
      }
    }
    if (reason !== 'button') await store.analytics.record({ type: 'handoff.requested', siteId, conversationId: conversation.id, intent: topic.intent, at: createdAt + MINUTE });
    const handedOffAt = createdAt + MINUTE + Math.floor(r.next() * 2 * MINUTE);
    const summary: HandoffSummary = { reason, intent: topic.intent, topIntents: [], orderNumbers: [], emails: [], sentiment: null, note: null, topic: topic.intent };
    // A busy evening and the weekend make people wait longer: some waits breach the 30 s target.
    const hour = new Date(createdAt).getUTCHours();
    const busy = hour >= 18 || hour <= 8 ? 2.5 : 1;
    const wait = Math.floor(r.skewed(5, 150) * busy * SECOND);
    await store.conversations.update(conversation.id, { status: 'waiting', waitingSince: handedOffAt, handoff: summary, priority: reason === 'sentiment' ? 'high' : 'normal' });
    const candidates = staff.filter((a) => a.departments.includes(topic.department));
    const agent = r.pick(candidates.length ? candidates : staff);
    const assignedAt = handedOffAt + wait;
    if (isRecent && r.chance(0.5)) continue; // still in the queue
    await store.conversations.assignWithinCapacity(conversation.id, agent.id, 1_000, assignedAt);
    const firstResponseAt = assignedAt + Math.floor(r.skewed(4, 90) * SECOND);
    await store.messages.append({ conversationId: conversation.id, clientId: null, sender: 'agent', agentId: agent.id, senderName: agent.name, text: 'Hi, I can help with that.' });
    await store.conversations.update(conversation.id, { firstResponseAt });
    await store.analytics.record({ type: 'agent.first_response', siteId, conversationId: conversation.id, value: firstResponseAt - handedOffAt, at: firstResponseAt });
    const closedAt = firstResponseAt + Math.floor(r.skewed(3, 45) * MINUTE);
    if (closedAt > opts.now) continue; // still being answered
    const resolved = r.chance(0.86);
    const rated = r.chance(0.55);
    const score = rated ? (resolved ? r.weighted([[5, 50], [4, 30], [3, 12], [2, 5], [1, 3]]) : r.weighted([[3, 20], [2, 40], [1, 40]])) : null;
    await store.conversations.update(conversation.id, {
      status: 'closed',
      closedAt,
      resolution: resolved ? 'resolved' : 'not_resolved',
      rating: score === null ? null : { score, comment: score <= 2 ? 'It took too long.' : null, createdAt: closedAt + MINUTE, nps: r.chance(0.6) ? npsFor(score) : null },
    });
    reviewable.push({ conversationId: conversation.id, agentId: agent.id, closedAt });

    // Some chats become cases: the ones not resolved, complaints, and a few others.
    if (!resolved || reason === 'intent' || r.chance(0.08)) {
      await seedCase({ conversationId: conversation.id, visitorId: visitor.id, locale: visitor.locale, department: topic.department, agent, createdAt: closedAt, isComplaint: reason === 'intent' || reason === 'sentiment', subject: topic.en });
    }
  }

  // Cases from the form, spread over the period.
  for (let i = 0; i < Math.round(opts.conversations / 20); i += 1) {
    const createdAt = start + Math.floor(r.next() * (days - 0.5) * DAY);
    const topic = r.pick(TOPICS);
    const candidates = staff.filter((a) => a.departments.includes(topic.department));
    await seedCase({ conversationId: null, visitorId: (await newVisitor()).id, locale: 'en', department: topic.department, agent: r.pick(candidates.length ? candidates : staff), createdAt, isComplaint: r.chance(0.15), subject: topic.en });
  }

  // Widget: page views and opens (about one chat per three opens, one open per five page views).
  const pageViews = opts.conversations * 12;
  for (let i = 0; i < pageViews; i += 1) {
    const at = start + Math.floor(r.next() * days * DAY);
    if (at > opts.now) continue;
    await store.analytics.record({ type: 'widget.page_view', siteId, conversationId: null, at });
    if (r.chance(0.22)) await store.analytics.record({ type: 'widget.opened', siteId, conversationId: null, at: at + 20 * SECOND });
  }

  // QA: the supervisor reviews about one in six chats an agent closed, the low-rated ones among them.
  for (const item of reviewable.filter(() => r.chance(0.17))) {
    const base = r.weighted([[5, 30], [4, 45], [3, 20], [2, 5]]);
    const vary = (): number => Math.min(5, Math.max(1, base + (r.chance(0.3) ? (r.chance(0.5) ? 1 : -1) : 0)));
    const scores: QaScores = { greeting: vary(), accuracy: vary(), tone: vary(), resolution: vary(), notes: vary() };
    await store.qa.create({
      siteId,
      conversationId: item.conversationId,
      agentId: item.agentId,
      reviewerId: reviewer.id,
      scores,
      comment: base <= 3 ? 'Check the order before promising a date.' : 'Clear and friendly.',
      createdAt: Math.min(opts.now, item.closedAt + 6 * HOUR),
    });
    result.reviews += 1;
  }
  return result;

  async function newVisitor(): Promise<{ id: string; locale: Locale }> {
    const locale: Locale = r.chance(0.3) ? 'zh' : 'en';
    const v = await store.visitors.create({ siteId, tokenHash: `seed-${Math.floor(r.next() * 1e15).toString(16)}-${visitors.length}`, locale });
    const entry = { id: v.id, locale };
    visitors.push(entry);
    return entry;
  }

  function npsFor(score: number): number {
    if (score >= 5) return r.weighted([[10, 45], [9, 30], [8, 15], [7, 10]]);
    if (score === 4) return r.weighted([[9, 20], [8, 35], [7, 30], [6, 15]]);
    if (score === 3) return r.weighted([[7, 30], [6, 30], [5, 25], [4, 15]]);
    return r.weighted([[5, 20], [3, 30], [2, 25], [0, 25]]);
  }

  async function seedCase(c: {
    conversationId: string | null;
    visitorId: string;
    locale: Locale;
    department: string;
    agent: Agent;
    createdAt: number;
    isComplaint: boolean;
    subject: string;
  }): Promise<void> {
    const priority: CasePriority = c.isComplaint ? 'B' : r.weighted<CasePriority>([['A', 10], ['B', 35], ['C', 55]]);
    // Calendar time stands in for business time here: the seed shows breaches, it does not model hours.
    const firstDue = c.createdAt + (c.isComplaint ? DEFAULT_SLA_TARGETS.complaintAckMs : DEFAULT_SLA_TARGETS.firstResponseMs[priority]);
    const resolutionDue = c.createdAt + DEFAULT_SLA_TARGETS.resolutionMs[priority];
    const created = await store.cases.create({
      siteId,
      priority,
      department: c.department,
      category: c.isComplaint ? 'complaint' : 'general',
      subject: c.subject,
      locale: c.locale,
      source: c.conversationId ? 'chat' : 'form',
      customerId: null,
      visitorId: c.visitorId,
      conversationId: c.conversationId,
      contactName: null,
      contactEmail: null,
      assigneeId: c.agent.id,
      firstResponseDueAt: firstDue,
      resolutionDueAt: resolutionDue,
      tierDueAt: null,
      createdAt: c.createdAt,
      actor: { kind: 'system', id: null },
    });
    result.cases += 1;
    const actor = { kind: 'agent' as const, id: c.agent.id };
    const answeredAt = c.createdAt + Math.floor(r.skewed(0.05, 1.6) * (firstDue - c.createdAt));
    const solvedAt = answeredAt + Math.floor(r.skewed(0.1, 1.5) * (resolutionDue - c.createdAt));
    if (answeredAt > opts.now) return;
    const isSolved = solvedAt <= opts.now && r.chance(0.85);
    const reopened = isSolved && r.chance(0.1);
    await store.cases.update(created.id, {}, {
      patch: {
        status: isSolved ? (reopened ? 'reopened' : 'closed') : 'open',
        firstResponseAt: answeredAt,
        firstResponseBreachedAt: answeredAt > firstDue ? firstDue : null,
        solvedAt: isSolved ? solvedAt : null,
        resolutionBreachedAt: (isSolved ? solvedAt : opts.now) > resolutionDue ? resolutionDue : null,
        closedAt: isSolved && !reopened ? solvedAt + DAY : null,
        resolution: isSolved && !reopened ? 'confirmed' : null,
      },
      changes: [
        { type: 'status', from: 'new', to: 'open', cause: 'first_reply' },
        ...(isSolved ? [{ type: 'status' as const, from: 'open' as const, to: 'solved' as const, cause: 'agent' as const }] : []),
        ...(reopened ? [{ type: 'status' as const, from: 'solved' as const, to: 'reopened' as const, cause: 'not_fixed' as const }] : []),
      ],
      actor,
      at: isSolved ? Math.min(opts.now, solvedAt + HOUR) : answeredAt,
    });
  }
}
