/**
 * Metrics in SQLite: every figure is an aggregate over the rows of the period (percentiles by ROW_NUMBER
 * windows), so the server receives a few dozen numbers however much history there is.
 */
import type Database from 'better-sqlite3';
import { CASE_PRIORITIES, COMPLAINT_CATEGORY } from '../../../shared/cases';
import {
  FIRST_RESPONSE_BUCKETS,
  HANDOFF_REASON_KEYS,
  metricsTargetsSchema,
  type AgentMetricsRow,
  type DurationStats,
  type HandoffReasonKey,
  type MetricsComputed,
  type MetricsTargets,
  type MetricsTrendPoint,
} from '../../../shared/metrics';
import type { MetricsComputeQuery, MetricsStore } from '../store';
import type { GroupCommit } from './group-commit';
import type { SqlValue } from './set-clause';
import { statementCache } from './statement-cache';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** First-contact resolution: no new contact on the same topic within this. */
export const FCR_WINDOW_MS = 72 * HOUR_MS;
/** Repeat contact: the same shopper again within this. */
export const REPEAT_WINDOW_MS = 7 * DAY_MS;

type Params = Record<string, SqlValue>;
type Row = Record<string, number | string | null>;

/**
 * What a conversation was about: the handoff's topic or intent, else the intent of the bot's last answer
 * (read backwards through the messages' (conversation_id, seq) index).
 */
const topicOf = (alias: string) => `COALESCE(json_extract(${alias}.handoff, '$.topic'), json_extract(${alias}.handoff, '$.intent'),
  (SELECT json_extract(m.bot, '$.intent') FROM messages m WHERE m.conversation_id = ${alias}.id AND m.sender = 'bot'
    AND json_extract(m.bot, '$.decision') = 'answer' ORDER BY m.seq DESC LIMIT 1))`;

/** Nearest-rank percentiles, average and maximum of `v`, optionally per `k`. */
const statsSelect = (hasKey: boolean) => `
  r AS (SELECT ${hasKey ? 'k,' : ''} v, ROW_NUMBER() OVER (${hasKey ? 'PARTITION BY k' : ''} ORDER BY v) AS rn,
    COUNT(*) OVER (${hasKey ? 'PARTITION BY k' : ''}) AS n FROM vals)
  SELECT ${hasKey ? 'k,' : ''} COUNT(*) AS n, AVG(v) AS average, MAX(v) AS max,
    MIN(CASE WHEN rn * 2 >= n THEN v END) AS p50, MIN(CASE WHEN rn * 10 >= n * 9 THEN v END) AS p90
  FROM r ${hasKey ? 'GROUP BY k' : ''}`;

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const orNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const round = (v: number | null, digits = 3): number | null => (v === null ? null : Number(v.toFixed(digits)));
const stats = (r: Row | undefined): DurationStats => ({
  p50: round(orNull(r?.p50)),
  p90: round(orNull(r?.p90)),
  max: round(orNull(r?.max)),
  average: round(orNull(r?.average)),
  count: num(r?.n),
});

/** The SQL filters of a query: conversations (alias c), cases (alias k) and facts (alias a). */
function filters(q: MetricsComputeQuery) {
  const params: Params = { from: q.from, to: q.to };
  const conv = ['c.created_at >= @from', 'c.created_at < @to'];
  const kase: string[] = [];
  if (q.siteId !== null) {
    params.siteId = q.siteId;
    conv.push('c.site_id = @siteId');
    kase.push('k.site_id = @siteId');
  }
  if (q.department !== null) {
    params.department = q.department;
    conv.push('c.department = @department');
    kase.push('k.department = @department');
  }
  if (q.agentId !== null) {
    params.agentId = q.agentId;
    conv.push('c.assigned_agent_id = @agentId');
    kase.push('k.assignee_id = @agentId');
  }
  if (q.channel === 'case') conv.push('0');
  if (q.channel === 'chat') kase.push(`k.source = 'chat'`);
  const conversations = `c AS (SELECT c.* FROM conversations c WHERE ${conv.join(' AND ')})`;
  const caseWhere = (time: string) => [time, ...kase].join(' AND ');
  return { params, conversations, caseWhere };
}

export function createMetricsStore(db: Database.Database, group: GroupCommit): MetricsStore {
  const prepare = statementCache(db);
  const all = (sql: string, params: Params) => prepare<[Params], Row>(sql).all(params);
  const one = (sql: string, params: Params) => prepare<[Params], Row>(sql).get(params);
  const getTargets = db.prepare<[string], { targets: string }>('SELECT targets FROM metric_targets WHERE site_id = ?');
  const saveTargets = db.prepare(`INSERT INTO metric_targets (site_id, targets, updated_by, updated_at) VALUES (@siteId, @targets, @by, @at)
    ON CONFLICT (site_id) DO UPDATE SET targets = excluded.targets, updated_by = excluded.updated_by, updated_at = excluded.updated_at`);

  function compute(q: MetricsComputeQuery): MetricsComputed {
    const { params, conversations: C, caseWhere } = filters(q);
    const p: Params = {
      ...params,
      chatTargetMs: q.chatFirstResponseTargetSeconds * 1000,
      offsetMs: q.utcOffsetMinutes * 60_000,
      fcrMs: FCR_WINDOW_MS,
      repeatMs: REPEAT_WINDOW_MS,
    };

    const head = one(
      `WITH ${C} SELECT COUNT(*) AS conversations, COUNT(handed_off_at) AS handoffs,
        TOTAL(status = 'closed' AND handed_off_at IS NULL AND first_assigned_at IS NULL AND resolution = 'resolved'
          AND COALESCE(json_extract(rating, '$.score'), 5) > 2) AS botResolved,
        TOTAL(status = 'closed' AND first_assigned_at IS NOT NULL AND resolution = 'resolved') AS agentResolved,
        TOTAL(status = 'closed') AS closed,
        AVG((COALESCE(handed_off_at, closed_at) - created_at) / 1000.0) AS botStage,
        AVG(CASE WHEN closed_at IS NOT NULL THEN (closed_at - first_assigned_at) / 1000.0 END) AS agentStage,
        COUNT(json_extract(rating, '$.score')) AS csatResponses, AVG(json_extract(rating, '$.score')) AS csatAverage,
        TOTAL(json_extract(rating, '$.score') >= 4) AS satisfied,
        COUNT(json_extract(rating, '$.nps')) AS npsResponses, TOTAL(json_extract(rating, '$.nps') >= 9) AS promoters,
        TOTAL(json_extract(rating, '$.nps') <= 6) AS detractors,
        TOTAL(first_response_at >= handed_off_at) AS responded,
        TOTAL(first_response_at >= handed_off_at AND first_response_at - handed_off_at <= @chatTargetMs) AS respondedInTime,
        TOTAL(EXISTS (SELECT 1 FROM conversations n WHERE n.visitor_id = c.visitor_id AND n.created_at > c.created_at
          AND n.created_at <= c.created_at + @repeatMs)) AS repeats
      FROM c`,
      p,
    );
    const conversationCount = num(head?.conversations);
    const handoffs = num(head?.handoffs);
    const botResolved = num(head?.botResolved);
    const agentResolved = num(head?.agentResolved);
    const closed = num(head?.closed);

    const handoffReasons = Object.fromEntries(HANDOFF_REASON_KEYS.map((k) => [k, 0])) as Record<HandoffReasonKey, number>;
    for (const r of all(`WITH ${C} SELECT handoff_reason AS reason, COUNT(*) AS n FROM c WHERE handed_off_at IS NOT NULL GROUP BY handoff_reason`, p)) {
      const key = (HANDOFF_REASON_KEYS as readonly string[]).includes(String(r.reason)) ? (r.reason as HandoffReasonKey) : 'other';
      handoffReasons[key] += num(r.n);
    }

    // Durations, overall and per agent (k).
    const durations = (expr: string, where: string) => {
      const overall = one(`WITH ${C}, vals AS (SELECT ${expr} AS v FROM c WHERE ${where}), ${statsSelect(false)}`, p);
      const perAgent = all(
        `WITH ${C}, vals AS (SELECT assigned_agent_id AS k, ${expr} AS v FROM c WHERE ${where} AND assigned_agent_id IS NOT NULL), ${statsSelect(true)}`,
        p,
      );
      return { overall: stats(overall), perAgent: new Map(perAgent.map((r) => [String(r.k), stats(r)])) };
    };
    const firstResponse = durations('(first_response_at - handed_off_at) / 1000.0', 'first_response_at >= handed_off_at');
    const resolution = durations('(closed_at - created_at) / 1000.0', `status = 'closed' AND first_assigned_at IS NOT NULL`);
    const queueWait = durations('(first_assigned_at - handed_off_at) / 1000.0', 'first_assigned_at >= handed_off_at');

    // First-contact resolution per agent ('' = the bot's): closed, not spam, no new contact on the topic in 72 h,
    // no case opened from it reopened.
    const fcrRows = all(
      `WITH ${C}, t AS (SELECT c.id, c.visitor_id, c.closed_at, COALESCE(c.assigned_agent_id, '') AS k, ${topicOf('c')} AS topic
          FROM c WHERE c.status = 'closed' AND c.closed_at IS NOT NULL AND COALESCE(c.resolution, '') <> 'spam')
       SELECT k, COUNT(*) AS n, TOTAL(
         NOT EXISTS (SELECT 1 FROM conversations n WHERE n.visitor_id = t.visitor_id AND n.created_at > t.closed_at
           AND n.created_at <= t.closed_at + @fcrMs AND (t.topic IS NULL OR ${topicOf('n')} IS NULL OR ${topicOf('n')} = t.topic))
         AND NOT EXISTS (SELECT 1 FROM cases kc JOIN case_events e ON e.case_id = kc.id WHERE kc.conversation_id = t.id
           AND e.type = 'status' AND json_extract(e.data, '$.to') = 'reopened')) AS ok
       FROM t GROUP BY k`,
      p,
    );
    const fcrTotal = fcrRows.reduce((s, r) => s + num(r.n), 0);
    const fcrOk = fcrRows.reduce((s, r) => s + num(r.ok), 0);

    const botTurns = one(
      `WITH ${C} SELECT COUNT(*) AS turns, TOTAL(a.type = 'bot.answered') AS answered FROM analytics a JOIN c ON c.id = a.conversation_id
       WHERE a.type IN ('bot.answered', 'bot.clarified', 'bot.fallback', 'handoff.requested') AND a.at >= @from`,
      p,
    );

    const widgetParams: Params = { from: q.from, to: q.to, ...(q.siteId !== null ? { siteId: q.siteId } : {}) };
    const widget = Object.fromEntries(
      all(
        `SELECT type, COUNT(*) AS n FROM analytics WHERE type IN ('widget.page_view', 'widget.opened') AND at >= @from AND at < @to
         ${q.siteId !== null ? 'AND site_id = @siteId' : ''} GROUP BY type`,
        widgetParams,
      ).map((r) => [String(r.type), num(r.n)]),
    );
    const pageViews = q.channel === 'case' ? 0 : (widget['widget.page_view'] ?? 0);
    const opens = q.channel === 'case' ? 0 : (widget['widget.opened'] ?? 0);

    // Cases opened in the period: SLA attainment per priority, complaints, per agent. outsideChat: the cases that
    // are a contact of their own (a chat's case was counted with its chat; a follow-up is nobody's contact).
    const caseRows = all(
      `SELECT k.priority AS priority, COALESCE(k.assignee_id, '') AS agent, COUNT(*) AS n,
        TOTAL(k.first_response_at IS NOT NULL OR k.first_response_breached_at IS NOT NULL) AS frDecided,
        TOTAL(k.first_response_at IS NOT NULL AND k.first_response_breached_at IS NULL) AS frMet,
        TOTAL(COALESCE(k.resolution, '') NOT IN ('merged', 'dismissed') AND (k.solved_at IS NOT NULL OR k.resolution_breached_at IS NOT NULL)) AS resDecided,
        TOTAL(COALESCE(k.resolution, '') NOT IN ('merged', 'dismissed') AND k.solved_at IS NOT NULL AND k.resolution_breached_at IS NULL) AS resMet,
        TOTAL(k.category = @complaint) AS complaints,
        TOTAL(k.category = @complaint AND (k.first_response_at IS NOT NULL OR k.first_response_breached_at IS NOT NULL)) AS complaintDecided,
        TOTAL(k.category = @complaint AND k.first_response_at IS NOT NULL AND k.first_response_breached_at IS NULL) AS complaintMet,
        TOTAL(k.source NOT IN ('chat', 'system')) AS outsideChat
       FROM cases k WHERE ${caseWhere('k.created_at >= @from AND k.created_at < @to')} GROUP BY k.priority, COALESCE(k.assignee_id, '')`,
      { ...p, complaint: COMPLAINT_CATEGORY },
    );
    const sumCases = (rows: Row[], key: string) => rows.reduce((s, r) => s + num(r[key]), 0);
    const byPriority = Object.fromEntries(
      CASE_PRIORITIES.map((priority) => {
        const rows = caseRows.filter((r) => r.priority === priority);
        return [
          priority,
          {
            cases: sumCases(rows, 'n'),
            firstResponseRate: rate(sumCases(rows, 'frMet'), sumCases(rows, 'frDecided')),
            resolutionRate: rate(sumCases(rows, 'resMet'), sumCases(rows, 'resDecided')),
          },
        ];
      }),
    ) as MetricsComputed['slaAttainment']['byPriority'];
    const complaints = sumCases(caseRows, 'complaints');
    const contacts = conversationCount + sumCases(caseRows, 'outsideChat');

    const count = (sql: string) => num(one(sql, p)?.n);
    const cases = {
      opened: sumCases(caseRows, 'n'),
      solved: count(`SELECT COUNT(*) AS n FROM cases k WHERE ${caseWhere('k.solved_at >= @from AND k.solved_at < @to')}`),
      closed: count(`SELECT COUNT(*) AS n FROM cases k WHERE ${caseWhere('k.closed_at >= @from AND k.closed_at < @to')}`),
      reopened: count(
        `SELECT COUNT(*) AS n FROM case_events e JOIN cases k ON k.id = e.case_id WHERE e.type = 'status' AND e.at >= @from AND e.at < @to
         AND json_extract(e.data, '$.to') = 'reopened' ${caseWhere('1') === '1' ? '' : `AND ${caseWhere('1')}`}`,
      ),
    };

    const volumeByHour = Array.from({ length: 24 }, () => 0);
    for (const r of all(`WITH ${C} SELECT CAST((created_at + @offsetMs) / ${HOUR_MS} AS INTEGER) % 24 AS hour, COUNT(*) AS n FROM c GROUP BY hour`, p)) {
      volumeByHour[num(r.hour)] = num(r.n);
    }

    const bucketSql = FIRST_RESPONSE_BUCKETS.map((s, i) => `WHEN v <= ${s} THEN ${i}`).join(' ');
    const histogram = new Map(
      all(
        `WITH ${C}, vals AS (SELECT (first_response_at - handed_off_at) / 1000.0 AS v FROM c WHERE first_response_at >= handed_off_at)
         SELECT CASE ${bucketSql} ELSE ${FIRST_RESPONSE_BUCKETS.length} END AS bucket, COUNT(*) AS n FROM vals GROUP BY bucket`,
        p,
      ).map((r) => [num(r.bucket), num(r.n)]),
    );
    const firstResponseHistogram = [...FIRST_RESPONSE_BUCKETS, null].map((upToSeconds, i) => ({ upToSeconds, count: histogram.get(i) ?? 0 }));

    const trend: MetricsTrendPoint[] = all(
      `WITH ${C} SELECT CAST((created_at + @offsetMs) / ${DAY_MS} AS INTEGER) * ${DAY_MS} - @offsetMs AS day, COUNT(*) AS conversations,
        TOTAL(status = 'closed' AND handed_off_at IS NULL AND first_assigned_at IS NULL AND resolution = 'resolved'
          AND COALESCE(json_extract(rating, '$.score'), 5) > 2) AS botResolved,
        AVG(json_extract(rating, '$.score')) AS csatAverage, COUNT(json_extract(rating, '$.score')) AS csatResponses,
        COUNT(json_extract(rating, '$.nps')) AS npsResponses, TOTAL(json_extract(rating, '$.nps') >= 9) AS promoters,
        TOTAL(json_extract(rating, '$.nps') <= 6) AS detractors,
        AVG(CASE WHEN first_response_at >= handed_off_at THEN (first_response_at - handed_off_at) / 1000.0 END) AS firstResponseAverage
       FROM c GROUP BY day ORDER BY day`,
      p,
    ).map((r) => ({
      day: num(r.day),
      conversations: num(r.conversations),
      botResolved: num(r.botResolved),
      csatAverage: round(orNull(r.csatAverage)),
      csatResponses: num(r.csatResponses),
      npsScore: npsScore(num(r.promoters), num(r.detractors), num(r.npsResponses)),
      npsResponses: num(r.npsResponses),
      firstResponseAverage: round(orNull(r.firstResponseAverage)),
    }));

    // Per agent.
    const chatRows = all(
      `WITH ${C} SELECT assigned_agent_id AS k, COUNT(*) AS chats, COUNT(json_extract(rating, '$.score')) AS csatResponses,
        AVG(json_extract(rating, '$.score')) AS csatAverage, TOTAL(json_extract(rating, '$.score') >= 4) AS satisfied
       FROM c WHERE assigned_agent_id IS NOT NULL GROUP BY assigned_agent_id`,
      p,
    );
    const qaParams: Params = { from: q.from, to: q.to };
    const qaWhere = ['q.created_at >= @from', 'q.created_at < @to'];
    if (q.siteId !== null) (qaParams.siteId = q.siteId), qaWhere.push('q.site_id = @siteId');
    if (q.agentId !== null) (qaParams.agentId = q.agentId), qaWhere.push('q.agent_id = @agentId');
    const qaRows = all(`SELECT agent_id AS k, AVG(score) AS score, COUNT(*) AS n FROM qa_reviews q WHERE ${qaWhere.join(' AND ')} GROUP BY agent_id`, qaParams);
    const agentIds = new Set<string>([
      ...chatRows.map((r) => String(r.k)),
      ...caseRows.filter((r) => r.agent !== '').map((r) => String(r.agent)),
      ...qaRows.map((r) => String(r.k)),
    ]);
    if (q.agentId !== null) for (const a of [...agentIds]) if (a !== q.agentId) agentIds.delete(a);
    const names = new Map(
      agentIds.size === 0
        ? []
        : all(
            `SELECT id, name FROM agents WHERE id IN (${[...agentIds].map((_, i) => `@a${i}`).join(', ')})`,
            Object.fromEntries([...agentIds].map((a, i) => [`a${i}`, a])),
          ).map((r) => [String(r.id), String(r.name)]),
    );
    const agents: AgentMetricsRow[] = [...agentIds]
      .map((agentId) => {
        const chat = chatRows.find((r) => r.k === agentId);
        const own = caseRows.filter((r) => r.agent === agentId);
        const fcr = fcrRows.find((r) => r.k === agentId);
        const qa = qaRows.find((r) => r.k === agentId);
        const csatResponses = num(chat?.csatResponses);
        return {
          agentId,
          name: names.get(agentId) ?? agentId,
          chats: num(chat?.chats),
          cases: sumCases(own, 'n'),
          firstResponseSeconds: firstResponse.perAgent.get(agentId) ?? stats(undefined),
          resolutionSeconds: resolution.perAgent.get(agentId) ?? stats(undefined),
          fcrRate: rate(num(fcr?.ok), num(fcr?.n)),
          onTimeRate: rate(sumCases(own, 'resMet'), sumCases(own, 'resDecided')),
          csat: { average: round(orNull(chat?.csatAverage)), satisfiedShare: rate(num(chat?.satisfied), csatResponses), responses: csatResponses },
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
      botResolutionRate: rate(botResolved, conversationCount),
      botAnswerRate: rate(num(botTurns?.answered), num(botTurns?.turns)),
      handoffRate: rate(handoffs, conversationCount),
      handoffReasons,
      resolutionSplit: { bot: botResolved, agent: agentResolved, unresolved: closed - botResolved - agentResolved },
      firstResponseSeconds: firstResponse.overall,
      resolutionSeconds: resolution.overall,
      queueWaitSeconds: queueWait.overall,
      stageSeconds: { bot: round(orNull(head?.botStage)), queue: queueWait.overall.average, agent: round(orNull(head?.agentStage)) },
      fcrRate: rate(fcrOk, fcrTotal),
      repeatContactRate: rate(num(head?.repeats), conversationCount),
      complaintRate: rate(complaints, contacts),
      complaints: { count: complaints, ackOnTimeRate: rate(sumCases(caseRows, 'complaintMet'), sumCases(caseRows, 'complaintDecided')) },
      csat: { average: round(orNull(head?.csatAverage)), satisfiedShare: rate(num(head?.satisfied), csatResponses), responses: csatResponses },
      nps: {
        score: npsScore(num(head?.promoters), num(head?.detractors), npsResponses),
        promoters: num(head?.promoters),
        passives: npsResponses - num(head?.promoters) - num(head?.detractors),
        detractors: num(head?.detractors),
        responses: npsResponses,
      },
      slaAttainment: {
        overall: rate(sumCases(caseRows, 'resMet'), sumCases(caseRows, 'resDecided')),
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
    async compute(query) {
      return compute(query);
    },
    async getTargets(siteId) {
      const row = getTargets.get(siteId);
      return row ? metricsTargetsSchema.parse(JSON.parse(row.targets)) : null;
    },
    async saveTargets(siteId, targets, by, at) {
      await group.write(() => saveTargets.run({ siteId, targets: JSON.stringify(targets), by, at }));
    },
  };
}

/** % promoters − % detractors, rounded to a whole number; null without answers. */
export function npsScore(promoters: number, detractors: number, responses: number): number | null {
  return responses > 0 ? Math.round(((promoters - detractors) / responses) * 100) : null;
}
