/**
 * Metrics in MongoDB: the same figures as the SQLite adapter, each an aggregation pipeline run in the
 * database (percentiles from the sorted values of one $group), so the server receives only the results.
 * Needs MongoDB 5.0+ (multi-argument $ifNull).
 */
import type { AccumulatorOperator, PipelineStage } from 'mongoose';
import { CASE_PRIORITIES, COMPLAINT_CATEGORY } from '../../../shared/cases';
import {
  FIRST_RESPONSE_BUCKETS,
  HANDOFF_REASON_KEYS,
  metricsTargetsSchema,
  type AgentMetricsRow,
  type DurationStats,
  type HandoffReasonKey,
  type MetricsComputed,
} from '../../../shared/metrics';
import type { MetricsStore, MetricsComputeQuery } from '../store';
import type { Models } from './models';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const FCR_WINDOW_MS = 72 * HOUR_MS;
const REPEAT_WINDOW_MS = 7 * DAY_MS;

type Doc = Record<string, unknown>;
type Expr = Record<string, unknown>;

const isSet = (field: string): Expr => ({ $ne: [{ $ifNull: [field, null] }, null] });
const not = (e: Expr): Expr => ({ $not: [e] });
const and = (...e: Expr[]): Expr => ({ $and: e });
const count = (cond: Expr): AccumulatorOperator => ({ $sum: { $cond: [cond, 1, 0] } }) as AccumulatorOperator;
const seconds = (a: string, b: string): Expr => ({ $divide: [{ $subtract: [a, b] }, 1000] });
const score = { $ifNull: ['$rating.score', null] };
const nps = { $ifNull: ['$rating.nps', null] };
const hasScore = { $ne: [score, null] };
const hasNps = { $ne: [nps, null] };
const botResolved = and(
  { $eq: ['$status', 'closed'] },
  not(isSet('$handedOffAt')),
  not(isSet('$firstAssignedAt')),
  { $eq: ['$resolution', 'resolved'] },
  { $gt: [{ $ifNull: ['$rating.score', 5] }, 2] },
);
const responded = and(isSet('$firstResponseAt'), isSet('$handedOffAt'), { $gte: ['$firstResponseAt', '$handedOffAt'] });

/** The bot's last answered intent of the conversation `$$id`, as `last`. */
const lastAnswer = (idVar: string): PipelineStage.Lookup => ({
  $lookup: {
    from: 'messages',
    let: { id: idVar },
    pipeline: [
      { $match: { $expr: { $eq: ['$conversationId', '$$id'] }, sender: 'bot', 'bot.decision': 'answer' } },
      { $sort: { seq: -1 } },
      { $limit: 1 },
      { $project: { intent: '$bot.intent' } },
    ],
    as: 'last',
  },
});
const topic: Expr = { $ifNull: ['$handoff.topic', '$handoff.intent', { $first: '$last.intent' }, null] };

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const orNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const round = (v: number | null): number | null => (v === null ? null : Number(v.toFixed(3)));
const stats = (r: Doc | undefined): DurationStats => ({
  p50: round(orNull(r?.p50)),
  p90: round(orNull(r?.p90)),
  max: round(orNull(r?.max)),
  average: round(orNull(r?.average)),
  count: num(r?.n),
});
const npsScore = (promoters: number, detractors: number, responses: number) =>
  responses > 0 ? Math.round(((promoters - detractors) / responses) * 100) : null;

export function createMetricsStore(models: () => Promise<Models>): MetricsStore {
  async function compute(q: MetricsComputeQuery): Promise<MetricsComputed> {
    const m = await models();
    const match: Doc = { createdAt: { $gte: q.from, $lt: q.to } };
    const caseScope: Doc = {};
    if (q.siteId !== null) (match.siteId = q.siteId), (caseScope.siteId = q.siteId);
    if (q.department !== null) (match.department = q.department), (caseScope.department = q.department);
    if (q.agentId !== null) (match.assignedAgentId = q.agentId), (caseScope.assigneeId = q.agentId);
    if (q.channel === 'chat') caseScope.source = 'chat';
    const chats = async (pipeline: PipelineStage[]): Promise<Doc[]> =>
      q.channel === 'case' ? [] : m.conversations.aggregate<Doc>([{ $match: match }, ...pipeline]);

    const [head] = await chats([
      {
        $group: {
          _id: null,
          conversations: { $sum: 1 },
          handoffs: count(isSet('$handedOffAt')),
          botResolved: count(botResolved),
          agentResolved: count(and({ $eq: ['$status', 'closed'] }, isSet('$firstAssignedAt'), { $eq: ['$resolution', 'resolved'] })),
          closed: count({ $eq: ['$status', 'closed'] }),
          botStage: { $avg: { $divide: [{ $subtract: [{ $ifNull: ['$handedOffAt', '$closedAt'] }, '$createdAt'] }, 1000] } },
          agentStage: { $avg: { $cond: [and(isSet('$closedAt'), isSet('$firstAssignedAt')), seconds('$closedAt', '$firstAssignedAt'), null] } },
          csatResponses: count(hasScore),
          csatAverage: { $avg: score },
          satisfied: count(and(hasScore, { $gte: [score, 4] })),
          npsResponses: count(hasNps),
          promoters: count(and(hasNps, { $gte: [nps, 9] })),
          detractors: count(and(hasNps, { $lte: [nps, 6] })),
          responded: count(responded),
          respondedInTime: count(and(responded, { $lte: [{ $subtract: ['$firstResponseAt', '$handedOffAt'] }, q.chatFirstResponseTargetSeconds * 1000] })),
        },
      },
    ]);
    const [repeat] = await chats([
      {
        $lookup: {
          from: 'conversations',
          let: { v: '$visitorId', at: '$createdAt' },
          pipeline: [
            { $match: { $expr: { $and: [{ $eq: ['$visitorId', '$$v'] }, { $gt: ['$createdAt', '$$at'] }, { $lte: ['$createdAt', { $add: ['$$at', REPEAT_WINDOW_MS] }] }] } } },
            { $limit: 1 },
            { $project: { _id: 1 } },
          ],
          as: 'again',
        },
      },
      { $group: { _id: null, repeats: count({ $gt: [{ $size: '$again' }, 0] }) } },
    ]);

    const conversationCount = num(head?.conversations);
    const handoffs = num(head?.handoffs);
    const botResolvedCount = num(head?.botResolved);
    const agentResolved = num(head?.agentResolved);

    const handoffReasons = Object.fromEntries(HANDOFF_REASON_KEYS.map((k) => [k, 0])) as Record<HandoffReasonKey, number>;
    for (const r of await chats([{ $match: { handedOffAt: { $ne: null } } }, { $group: { _id: '$handoffReason', n: { $sum: 1 } } }])) {
      const key = (HANDOFF_REASON_KEYS as readonly string[]).includes(String(r._id)) ? (r._id as HandoffReasonKey) : 'other';
      handoffReasons[key] += num(r.n);
    }

    const durations = async (value: Expr, cond: Expr) => {
      const rows = await chats([
        { $match: { $expr: cond } },
        { $project: { k: '$assignedAgentId', v: value } },
        { $sort: { v: 1 } },
        {
          $facet: {
            overall: [{ $group: { _id: null, vs: { $push: '$v' }, n: { $sum: 1 }, average: { $avg: '$v' }, max: { $max: '$v' } } }],
            perAgent: [
              { $match: { k: { $ne: null } } },
              { $group: { _id: '$k', vs: { $push: '$v' }, n: { $sum: 1 }, average: { $avg: '$v' }, max: { $max: '$v' } } },
            ],
          },
        },
      ]);
      const pick = (r: Doc) => ({
        ...r,
        p50: (r.vs as number[])[Math.ceil(num(r.n) / 2) - 1],
        p90: (r.vs as number[])[Math.ceil((num(r.n) * 9) / 10) - 1],
      });
      const facets = (rows[0] ?? { overall: [], perAgent: [] }) as { overall: Doc[]; perAgent: Doc[] };
      return {
        overall: stats(facets.overall[0] ? pick(facets.overall[0]) : undefined),
        perAgent: new Map(facets.perAgent.map((r) => [String(r._id), stats(pick(r))])),
      };
    };
    const firstResponse = await durations(seconds('$firstResponseAt', '$handedOffAt'), responded);
    const resolution = await durations(seconds('$closedAt', '$createdAt'), and({ $eq: ['$status', 'closed'] }, isSet('$firstAssignedAt'), isSet('$closedAt')));
    const queueWait = await durations(
      seconds('$firstAssignedAt', '$handedOffAt'),
      and(isSet('$firstAssignedAt'), isSet('$handedOffAt'), { $gte: ['$firstAssignedAt', '$handedOffAt'] }),
    );

    const fcrRows = await chats([
      { $match: { status: 'closed', closedAt: { $ne: null }, resolution: { $ne: 'spam' } } },
      lastAnswer('$_id'),
      { $addFields: { topic } },
      {
        $lookup: {
          from: 'conversations',
          let: { v: '$visitorId', at: '$closedAt', topic: '$topic' },
          pipeline: [
            { $match: { $expr: { $and: [{ $eq: ['$visitorId', '$$v'] }, { $gt: ['$createdAt', '$$at'] }, { $lte: ['$createdAt', { $add: ['$$at', FCR_WINDOW_MS] }] }] } } },
            lastAnswer('$_id'),
            { $addFields: { topic } },
            { $match: { $expr: { $or: [{ $eq: ['$$topic', null] }, { $eq: ['$topic', null] }, { $eq: ['$topic', '$$topic'] }] } } },
            { $limit: 1 },
            { $project: { _id: 1 } },
          ],
          as: 'again',
        },
      },
      {
        $lookup: {
          from: 'cases',
          let: { id: '$_id' },
          pipeline: [
            { $match: { $expr: { $eq: ['$conversationId', '$$id'] }, events: { $elemMatch: { 'change.type': 'status', 'change.to': 'reopened' } } } },
            { $limit: 1 },
            { $project: { _id: 1 } },
          ],
          as: 'reopened',
        },
      },
      {
        $group: {
          _id: { $ifNull: ['$assignedAgentId', ''] },
          n: { $sum: 1 },
          ok: count(and({ $eq: [{ $size: '$again' }, 0] }, { $eq: [{ $size: '$reopened' }, 0] })),
        },
      },
    ]);
    const fcrTotal = fcrRows.reduce((s, r) => s + num(r.n), 0);
    const fcrOk = fcrRows.reduce((s, r) => s + num(r.ok), 0);

    // From the facts' side: the (type, at) index bounds the facts, each looks up its conversation by _id.
    const [turns] =
      q.channel === 'case'
        ? []
        : await m.analytics.aggregate<Doc>([
            { $match: { type: { $in: ['bot.answered', 'bot.clarified', 'bot.fallback', 'handoff.requested'] }, at: { $gte: q.from }, conversationId: { $ne: null } } },
            { $lookup: { from: 'conversations', localField: 'conversationId', foreignField: '_id', as: 'c', pipeline: [{ $match: match }, { $project: { _id: 1 } }] } },
            { $match: { 'c.0': { $exists: true } } },
            { $group: { _id: null, turns: { $sum: 1 }, answered: count({ $eq: ['$type', 'bot.answered'] }) } },
          ]);

    const widgetRows =
      q.channel === 'case'
        ? []
        : await m.analytics.aggregate<Doc>([
            { $match: { type: { $in: ['widget.page_view', 'widget.opened'] }, at: { $gte: q.from, $lt: q.to }, ...(q.siteId !== null ? { siteId: q.siteId } : {}) } },
            { $group: { _id: '$type', n: { $sum: 1 } } },
          ]);
    const widget = Object.fromEntries(widgetRows.map((r) => [String(r._id), num(r.n)]));
    const pageViews = widget['widget.page_view'] ?? 0;
    const opens = widget['widget.opened'] ?? 0;

    const frDecided = { $or: [isSet('$firstResponseAt'), isSet('$firstResponseBreachedAt')] };
    const frMet = and(isSet('$firstResponseAt'), not(isSet('$firstResponseBreachedAt')));
    const counted = { $not: [{ $in: [{ $ifNull: ['$resolution', ''] }, ['merged', 'dismissed']] }] };
    const complaint = { $eq: ['$category', COMPLAINT_CATEGORY] };
    const caseRows = await m.cases.aggregate<Doc>([
      { $match: { ...caseScope, createdAt: { $gte: q.from, $lt: q.to } } },
      {
        $group: {
          _id: { priority: '$priority', agent: { $ifNull: ['$assigneeId', ''] } },
          n: { $sum: 1 },
          frDecided: count(frDecided),
          frMet: count(frMet),
          resDecided: count(and(counted, { $or: [isSet('$solvedAt'), isSet('$resolutionBreachedAt')] })),
          resMet: count(and(counted, isSet('$solvedAt'), not(isSet('$resolutionBreachedAt')))),
          complaints: count(complaint),
          complaintDecided: count(and(complaint, frDecided)),
          complaintMet: count(and(complaint, frMet)),
          // A contact of its own: a chat's case was counted with its chat, a follow-up is no one's contact.
          outsideChat: count(not({ $in: ['$source', ['chat', 'system']] })),
        },
      },
    ]);
    const sum = (rows: Doc[], key: string) => rows.reduce((s, r) => s + num(r[key]), 0);
    const keyOf = (r: Doc) => r._id as { priority: string; agent: string };
    const byPriority = Object.fromEntries(
      CASE_PRIORITIES.map((priority) => {
        const rows = caseRows.filter((r) => keyOf(r).priority === priority);
        return [priority, { cases: sum(rows, 'n'), firstResponseRate: rate(sum(rows, 'frMet'), sum(rows, 'frDecided')), resolutionRate: rate(sum(rows, 'resMet'), sum(rows, 'resDecided')) }];
      }),
    ) as MetricsComputed['slaAttainment']['byPriority'];
    const complaints = sum(caseRows, 'complaints');
    const period = { $gte: q.from, $lt: q.to };
    const [reopenedRow] = await m.cases.aggregate<Doc>([
      { $match: { ...caseScope, events: { $elemMatch: { 'change.type': 'status', 'change.to': 'reopened', at: period } } } },
      { $unwind: '$events' },
      { $match: { 'events.change.type': 'status', 'events.change.to': 'reopened', 'events.at': period } },
      { $count: 'n' },
    ]);
    const cases = {
      opened: sum(caseRows, 'n'),
      solved: await m.cases.countDocuments({ ...caseScope, solvedAt: period }),
      closed: await m.cases.countDocuments({ ...caseScope, closedAt: period }),
      reopened: num(reopenedRow?.n),
    };

    const offset = q.utcOffsetMinutes * 60_000;
    const local = { $add: ['$createdAt', offset] };
    const volumeByHour = Array.from({ length: 24 }, () => 0);
    for (const r of await chats([{ $group: { _id: { $mod: [{ $floor: { $divide: [local, HOUR_MS] } }, 24] }, n: { $sum: 1 } } }])) {
      volumeByHour[num(r._id)] = num(r.n);
    }
    const branches = FIRST_RESPONSE_BUCKETS.map((s, i) => ({ case: { $lte: ['$v', s] }, then: i }));
    const histogramRows = await chats([
      { $match: { $expr: responded } },
      { $project: { v: seconds('$firstResponseAt', '$handedOffAt') } },
      { $group: { _id: { $switch: { branches, default: FIRST_RESPONSE_BUCKETS.length } }, n: { $sum: 1 } } },
    ]);
    const histogram = new Map(histogramRows.map((r) => [num(r._id), num(r.n)]));
    const firstResponseHistogram = [...FIRST_RESPONSE_BUCKETS, null].map((upToSeconds, i) => ({ upToSeconds, count: histogram.get(i) ?? 0 }));

    const trendRows = await chats([
      {
        $group: {
          _id: { $subtract: [{ $multiply: [{ $floor: { $divide: [local, DAY_MS] } }, DAY_MS] }, offset] },
          conversations: { $sum: 1 },
          botResolved: count(botResolved),
          csatAverage: { $avg: score },
          csatResponses: count(hasScore),
          npsResponses: count(hasNps),
          promoters: count(and(hasNps, { $gte: [nps, 9] })),
          detractors: count(and(hasNps, { $lte: [nps, 6] })),
          firstResponseAverage: { $avg: { $cond: [responded, seconds('$firstResponseAt', '$handedOffAt'), null] } },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    const trend = trendRows.map((r) => ({
      day: num(r._id),
      conversations: num(r.conversations),
      botResolved: num(r.botResolved),
      csatAverage: round(orNull(r.csatAverage)),
      csatResponses: num(r.csatResponses),
      npsScore: npsScore(num(r.promoters), num(r.detractors), num(r.npsResponses)),
      npsResponses: num(r.npsResponses),
      firstResponseAverage: round(orNull(r.firstResponseAverage)),
    }));

    const chatRows = await chats([
      { $match: { assignedAgentId: { $ne: null } } },
      { $group: { _id: '$assignedAgentId', chats: { $sum: 1 }, csatResponses: count(hasScore), csatAverage: { $avg: score }, satisfied: count(and(hasScore, { $gte: [score, 4] })) } },
    ]);
    const qaMatch: Doc = { createdAt: { $gte: q.from, $lt: q.to } };
    if (q.siteId !== null) qaMatch.siteId = q.siteId;
    if (q.agentId !== null) qaMatch.agentId = q.agentId;
    const qaRows = await m.qaReviews.aggregate<Doc>([{ $match: qaMatch }, { $group: { _id: '$agentId', score: { $avg: '$score' }, n: { $sum: 1 } } }]);
    const agentIds = new Set<string>([
      ...chatRows.map((r) => String(r._id)),
      ...caseRows.map((r) => keyOf(r).agent).filter((a) => a !== ''),
      ...qaRows.map((r) => String(r._id)),
    ]);
    if (q.agentId !== null) for (const a of [...agentIds]) if (a !== q.agentId) agentIds.delete(a);
    const names = new Map(
      (await m.agents.find({ _id: { $in: [...agentIds] } }, { name: 1 }).lean<{ _id: string; name: string }[]>()).map((a) => [a._id, a.name]),
    );
    const agents: AgentMetricsRow[] = [...agentIds]
      .map((agentId) => {
        const chat = chatRows.find((r) => r._id === agentId);
        const own = caseRows.filter((r) => keyOf(r).agent === agentId);
        const fcr = fcrRows.find((r) => r._id === agentId);
        const qa = qaRows.find((r) => r._id === agentId);
        const responses = num(chat?.csatResponses);
        return {
          agentId,
          name: names.get(agentId) ?? agentId,
          chats: num(chat?.chats),
          cases: sum(own, 'n'),
          firstResponseSeconds: firstResponse.perAgent.get(agentId) ?? stats(undefined),
          resolutionSeconds: resolution.perAgent.get(agentId) ?? stats(undefined),
          fcrRate: rate(num(fcr?.ok), num(fcr?.n)),
          onTimeRate: rate(sum(own, 'resMet'), sum(own, 'resDecided')),
          csat: { average: round(orNull(chat?.csatAverage)), satisfiedShare: rate(num(chat?.satisfied), responses), responses },
          qa: { score: round(orNull(qa?.score)), reviews: num(qa?.n) },
        };
      })
      .sort((a, b) => b.chats + b.cases - (a.chats + a.cases) || a.name.localeCompare(b.name));

    const csatResponses = num(head?.csatResponses);
    const npsResponses = num(head?.npsResponses);
    return {
      from: q.from,
      to: q.to,
      conversations: conversationCount,
      botResolutionRate: rate(botResolvedCount, conversationCount),
      botAnswerRate: rate(num(turns?.answered), num(turns?.turns)),
      handoffRate: rate(handoffs, conversationCount),
      handoffReasons,
      resolutionSplit: { bot: botResolvedCount, agent: agentResolved, unresolved: num(head?.closed) - botResolvedCount - agentResolved },
      firstResponseSeconds: firstResponse.overall,
      resolutionSeconds: resolution.overall,
      queueWaitSeconds: queueWait.overall,
      stageSeconds: { bot: round(orNull(head?.botStage)), queue: queueWait.overall.average, agent: round(orNull(head?.agentStage)) },
      fcrRate: rate(fcrOk, fcrTotal),
      repeatContactRate: rate(num(repeat?.repeats), conversationCount),
      complaintRate: rate(complaints, conversationCount + sum(caseRows, 'outsideChat')),
      complaints: { count: complaints, ackOnTimeRate: rate(sum(caseRows, 'complaintMet'), sum(caseRows, 'complaintDecided')) },
      csat: { average: round(orNull(head?.csatAverage)), satisfiedShare: rate(num(head?.satisfied), csatResponses), responses: csatResponses },
      nps: {
        score: npsScore(num(head?.promoters), num(head?.detractors), npsResponses),
        promoters: num(head?.promoters),
        passives: npsResponses - num(head?.promoters) - num(head?.detractors),
        detractors: num(head?.detractors),
        responses: npsResponses,
      },
      slaAttainment: {
        overall: rate(sum(caseRows, 'resMet'), sum(caseRows, 'resDecided')),
        byPriority,
        chatFirstResponse: rate(num(head?.respondedInTime), num(head?.responded)),
      },
      cases,
      widget: { pageViews, opens, opensPerPageView: rate(opens, pageViews) },
      agents,
      volumeByHour,
      firstResponseHistogram,
      trend,
    };
  }

  return {
    compute,
    async getTargets(siteId) {
      const { metricTargets } = await models();
      const doc = await metricTargets.findById(siteId).lean<{ targets: unknown }>();
      return doc ? metricsTargetsSchema.parse(doc.targets) : null;
    },
    async saveTargets(siteId, targets, updatedBy, at) {
      const { metricTargets } = await models();
      await metricTargets.updateOne({ _id: siteId }, { $set: { targets, updatedBy, updatedAt: at } }, { upsert: true });
    },
  };
}
