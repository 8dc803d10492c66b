/**
 * The insight contract: what `GET /api/metrics` returns, the targets beside every figure, the drift alert,
 * NPS, widget page-view facts and the QA review. Durations are seconds, rates are 0..1 (null when there is
 * nothing to divide by), times are epoch milliseconds. Plain data and zod only: server, widget and console
 * all compile this.
 */
import { z } from 'zod';
import type { CasePriority } from './cases';

const id = z.string().min(1).max(64);
const time = z.coerce.number().int().min(0);

/** A share in 0..1, or null when there was nothing to count (no conversations, no ratings). */
export type Rate = number | null;

// ---------------- the query ----------------

/**
 * chat: conversations (and, of the case figures, only cases opened from a chat) · case: case figures only
 * (the conversation figures are then empty). Absent: everything.
 */
export const METRIC_CHANNELS = ['chat', 'case'] as const;
export type MetricChannel = (typeof METRIC_CHANNELS)[number];

const DAY_MS = 86_400_000;

/**
 * `GET /api/metrics?from=&to=&department=&agent=&channel=&siteId=&utcOffsetMinutes=`. `from`/`to` are epoch
 * ms, [from, to); default the last 7 days. An agent's own request is narrowed to their own figures by the
 * server whatever `agent` says. `utcOffsetMinutes` places "hour of day" and "day" in the viewer's time zone
 * (the console sends `-new Date().getTimezoneOffset()`).
 */
export const metricsQuerySchema = z
  .object({
    from: time.optional(),
    to: time.optional(),
    siteId: z.string().min(1).max(64).optional(),
    department: z.string().trim().min(1).max(64).optional(),
    agent: id.optional(),
    channel: z.enum(METRIC_CHANNELS).optional(),
    utcOffsetMinutes: z.coerce.number().int().min(-14 * 60).max(14 * 60).default(0),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['from'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from <= 400 * DAY_MS, {
    message: 'the period is at most 400 days',
    path: ['to'],
  });
export type MetricsQueryInput = z.input<typeof metricsQuerySchema>;

/** The query the store computes: the period resolved, filters applied (null = all). */
export interface MetricsQuery {
  from: number;
  to: number;
  siteId: string | null;
  department: string | null;
  agentId: string | null;
  channel: MetricChannel | null;
  utcOffsetMinutes: number;
}

// ---------------- the figures ----------------

/** A duration distribution in seconds; null figures when `count` is 0. */
export interface DurationStats {
  p50: number | null;
  p90: number | null;
  max: number | null;
  average: number | null;
  /** How many values the figures are over. */
  count: number;
}

/**
 * Why a conversation went to a person (its first handoff): button = the widget's "talk to a person" ·
 * request = typed ("I want a human") · fallbacks = the bot failed repeatedly · sentiment = frustration ·
 * intent = policy (a KB intent that always goes to a person) · other = anything else recorded before
 * reasons were (e.g. a returning agent's chat).
 */
export const HANDOFF_REASON_KEYS = ['button', 'request', 'fallbacks', 'sentiment', 'intent', 'other'] as const;
export type HandoffReasonKey = (typeof HANDOFF_REASON_KEYS)[number];

export interface SlaPriorityRow {
  /** Cases of this priority created in the period. */
  cases: number;
  /** Of the cases whose first response is decided (given, or its deadline passed), the share given in time. */
  firstResponseRate: Rate;
  /** Of the cases whose resolution is decided (solved, or its deadline passed), the share solved in time. */
  resolutionRate: Rate;
}

/**
 * The headline figures of one period. `previous` in the report has the same shape for the period of the
 * same length just before, so a card can show the change.
 */
export interface MetricsFigures {
  from: number;
  to: number;
  /** Conversations started in the period. */
  conversations: number;
  /** Conversations closed without a person and not rated 1–2, per conversation started. */
  botResolutionRate: Rate;
  /** Of the questions the bot got, the share it answered (not clarify, fallback or handoff): "bot answers ≥ 90 %". */
  botAnswerRate: Rate;
  /** Conversations handed to a person, per conversation started. */
  handoffRate: Rate;
  /** Handed-off conversations by the reason of their first handoff (counts; they sum to the handoffs). */
  handoffReasons: Record<HandoffReasonKey, number>;
  /** Closed conversations: solved by the bot, by an agent (resolution 'resolved'), or not. */
  resolutionSplit: { bot: number; agent: number; unresolved: number };
  /** From the handoff (waiting since) to the agent's first reply, chats with a person only. */
  firstResponseSeconds: DurationStats;
  /** From the conversation's start to its close, chats closed by an agent. */
  resolutionSeconds: DurationStats;
  /** From the handoff to the assignment. */
  queueWaitSeconds: DurationStats;
  /** Average time per stage of the chats that reached it: with the bot (start → handoff or close), queued, with an agent (assignment → close). */
  stageSeconds: { bot: number | null; queue: number | null; agent: number | null };
  /**
   * Of closed conversations, the share not followed within 72 h by a new conversation from the same shopper
   * on the same topic (intent), and not reopened (a case from it reopened).
   */
  fcrRate: Rate;
  /** Of conversations started, the share whose shopper started another within 7 days. */
  repeatContactRate: Rate;
  /** Complaint cases per conversation started plus cases opened outside chat (all contacts). */
  complaintRate: Rate;
  complaints: {
    count: number;
    /** Of complaints whose acknowledgement is decided, the share acknowledged by their deadline (the case policy's 1 working hour). */
    ackOnTimeRate: Rate;
  };
  /** Ratings given in the period (1–5): average and share of 4–5. */
  csat: { average: number | null; satisfiedShare: Rate; responses: number };
  /** The 0–10 question after CSAT: score = % promoters (9–10) − % detractors (0–6), −100..100. */
  nps: { score: number | null; promoters: number; passives: number; detractors: number; responses: number };
  slaAttainment: {
    /** Of all cases whose resolution is decided, the share solved within their priority's SLA (target ≥ 90 %). */
    overall: Rate;
    byPriority: Record<CasePriority, SlaPriorityRow>;
    /** Of chats answered by a person, the share answered within the chat first-response target (30 s). */
    chatFirstResponse: Rate;
  };
  /** Cases opened, solved, reopened (customer said "not fixed" or wrote again), closed in the period. */
  cases: { opened: number; solved: number; reopened: number; closed: number };
  /** From the widget loader's beacons (`POST /api/widget/events`). */
  widget: { pageViews: number; opens: number; opensPerPageView: Rate };
}

/** One agent's row of the per-agent table. */
export interface AgentMetricsRow {
  agentId: string;
  name: string;
  /** Conversations assigned to the agent (last owner) that started in the period. */
  chats: number;
  /** Cases assigned to the agent created in the period. */
  cases: number;
  firstResponseSeconds: DurationStats;
  resolutionSeconds: DurationStats;
  fcrRate: Rate;
  /** Of their cases with a decided resolution, the share solved within SLA. */
  onTimeRate: Rate;
  csat: { average: number | null; satisfiedShare: Rate; responses: number };
  /** Average of their QA reviews' scores (1–5) in the period. */
  qa: { score: number | null; reviews: number };
}

/** Buckets of the first-response distribution: chats answered within `upToSeconds` (null: the rest). */
export interface HistogramBucket {
  upToSeconds: number | null;
  count: number;
}
/** The first-response histogram's bucket bounds, seconds. */
export const FIRST_RESPONSE_BUCKETS = [15, 30, 60, 120, 300, 900, 3600] as const;

/** One day of the trend charts (the day starts at `day`, in the query's utcOffsetMinutes). */
export interface MetricsTrendPoint {
  day: number;
  conversations: number;
  botResolved: number;
  csatAverage: number | null;
  csatResponses: number;
  npsScore: number | null;
  npsResponses: number;
  firstResponseAverage: number | null;
}

/** What the store computes for one query. */
export interface MetricsComputed extends MetricsFigures {
  agents: AgentMetricsRow[];
  /** Conversations started per hour of day (24 entries, 0 = midnight in the query's offset). */
  volumeByHour: number[];
  firstResponseHistogram: HistogramBucket[];
  trend: MetricsTrendPoint[];
}

/** `GET /api/metrics`: the period's figures, the previous period's, the targets and how each is met. */
export interface MetricsReport extends MetricsComputed {
  filters: Omit<MetricsQuery, 'from' | 'to'>;
  previous: MetricsFigures;
  targets: MetricsTargets;
  attainment: TargetCheck[];
}

// ---------------- targets ----------------

/**
 * Targets, per site, editable by an admin (`GET`/`PUT /api/metrics/targets?siteId=`). Defaults from the
 * service standard.
 */
export const metricsTargetsSchema = z
  .object({
    /** Chat first response: 90 % of chats answered by a person within this (the standard: 30 s). Compared with firstResponseSeconds.p90. */
    chatFirstResponseSeconds: z.number().int().min(1).max(86_400),
    /** Average first response (the standard: 2 min). Compared with firstResponseSeconds.average. */
    averageFirstResponseSeconds: z.number().int().min(1).max(86_400),
    /** First-contact resolution (≥ 85 %). */
    fcrRate: z.number().min(0).max(1),
    /** Average CSAT of 5 (≥ 4.5). */
    csatAverage: z.number().min(1).max(5),
    /** Cases resolved within their priority's SLA (≥ 90 %). Compared with slaAttainment.overall. */
    slaAttainmentRate: z.number().min(0).max(1),
    /** The bot answers ≥ 90 % of the questions it gets. Compared with botAnswerRate. */
    botAnswerRate: z.number().min(0).max(1),
    /** Complaints acknowledged within 1 working hour: the share that must be (100 %). Compared with complaints.ackOnTimeRate. */
    complaintAckOnTimeRate: z.number().min(0).max(1),
  })
  .strict();
export type MetricsTargets = z.infer<typeof metricsTargetsSchema>;
export type TargetKey = keyof MetricsTargets;
export const TARGET_KEYS = Object.keys(metricsTargetsSchema.shape) as TargetKey[];

/** The PUT body: the targets to change; the rest stay. */
export const metricsTargetsUpdateSchema = metricsTargetsSchema.partial().strict();

export const DEFAULT_METRICS_TARGETS: MetricsTargets = Object.freeze({
  chatFirstResponseSeconds: 30,
  averageFirstResponseSeconds: 120,
  fcrRate: 0.85,
  csatAverage: 4.5,
  slaAttainmentRate: 0.9,
  botAnswerRate: 0.9,
  complaintAckOnTimeRate: 1,
});

/** `GET`/`PUT /api/metrics/targets` answer. `isDefault`: nothing stored for this site yet. */
export interface MetricsTargetsResponse {
  siteId: string;
  targets: MetricsTargets;
  defaults: MetricsTargets;
  isDefault: boolean;
}

/** Whether a figure must stay at most or at least its target. */
export const TARGET_DIRECTIONS: Record<TargetKey, 'atMost' | 'atLeast'> = {
  chatFirstResponseSeconds: 'atMost',
  averageFirstResponseSeconds: 'atMost',
  fcrRate: 'atLeast',
  csatAverage: 'atLeast',
  slaAttainmentRate: 'atLeast',
  botAnswerRate: 'atLeast',
  complaintAckOnTimeRate: 'atLeast',
};

/** A figure beside its target. `isMet` is null when the figure has no value (nothing to measure). */
export interface TargetCheck {
  key: TargetKey;
  value: number | null;
  target: number;
  direction: 'atMost' | 'atLeast';
  isMet: boolean | null;
}

/** The figure a target is compared with. */
export function targetFigure(f: MetricsFigures, key: TargetKey): number | null {
  switch (key) {
    case 'chatFirstResponseSeconds':
      return f.firstResponseSeconds.p90;
    case 'averageFirstResponseSeconds':
      return f.firstResponseSeconds.average;
    case 'fcrRate':
      return f.fcrRate;
    case 'csatAverage':
      return f.csat.average;
    case 'slaAttainmentRate':
      return f.slaAttainment.overall;
    case 'botAnswerRate':
      return f.botAnswerRate;
    case 'complaintAckOnTimeRate':
      return f.complaints.ackOnTimeRate;
  }
}

/** Every target with its figure and whether it is met. */
export function checkTargets(f: MetricsFigures, targets: MetricsTargets): TargetCheck[] {
  return TARGET_KEYS.map((key) => {
    const value = targetFigure(f, key);
    const direction = TARGET_DIRECTIONS[key];
    const target = targets[key];
    const isMet = value === null ? null : direction === 'atMost' ? value <= target : value >= target;
    return { key, value, target, direction, isMet };
  });
}

// ---------------- drift alerts (server → supervisors, socket fact `metrics:drifted`) ----------------

/**
 * A figure passed its target in the recent window having met it (or been better) in the window before:
 * "first response p90 up from 40 s to 3 min since 10:00". The console words it from its catalogue:
 * `key` names the figure, `previous` → `current` in the figure's unit (seconds, 0..1 rate, CSAT 1–5).
 */
export interface MetricsDriftAlert {
  key: TargetKey;
  previous: number | null;
  current: number;
  target: number;
  direction: 'atMost' | 'atLeast';
  /** Start of the recent window ("since 10:00"). */
  since: number;
  at: number;
  siteId: string | null;
}

// ---------------- NPS and widget facts ----------------

/** The optional 0–10 "How likely are you to recommend us?" answer. */
export const npsScoreSchema = z.number().int().min(0).max(10);
/** `nps:submit` (shopper): the NPS answer for the conversation the shopper just rated (or closed). */
export const npsSubmitSchema = z.object({ score: npsScoreSchema }).strict();

export const WIDGET_EVENT_TYPES = ['page_view', 'open'] as const;
export type WidgetEventType = (typeof WIDGET_EVENT_TYPES)[number];
/**
 * `POST /api/widget/events` (anonymous, rate limited, answers 204): the loader reports a page view when it
 * starts and an open when the shopper opens the chat, so "opens per page view" needs no socket before
 * the shopper interacts. Send with `navigator.sendBeacon` as JSON text.
 */
export const widgetEventSchema = z
  .object({
    siteId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
    type: z.enum(WIDGET_EVENT_TYPES),
  })
  .strict();

// ---------------- QA review ----------------

/** The rubric a supervisor scores a closed conversation against, each 1–5. */
export const QA_CRITERIA = ['greeting', 'accuracy', 'tone', 'resolution', 'notes'] as const;
export type QaCriterion = (typeof QA_CRITERIA)[number];

const qaScore = z.number().int().min(1).max(5);
export const qaScoresSchema = z
  .object({ greeting: qaScore, accuracy: qaScore, tone: qaScore, resolution: qaScore, notes: qaScore })
  .strict();
export type QaScores = z.infer<typeof qaScoresSchema>;

/** `POST /api/qa/reviews` (supervisors, admins): the reviewed agent is the conversation's owner. */
export const qaReviewCreateSchema = z
  .object({
    conversationId: id,
    scores: qaScoresSchema,
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export interface QaReview {
  id: string;
  siteId: string;
  conversationId: string;
  /** The agent whose chat was reviewed. */
  agentId: string;
  reviewerId: string;
  scores: QaScores;
  /** Average of the rubric's scores, 1–5. */
  score: number;
  comment: string | null;
  createdAt: number;
}

/** A review with names for the list. */
export interface QaReviewItem {
  review: QaReview;
  agentName: string | null;
  reviewerName: string | null;
}

/**
 * `GET /api/qa/reviews?agent=&from=&to=&limit=` → `{ items: QaReviewItem[] }`, newest first. An agent
 * gets only reviews of their own chats, whatever `agent` says.
 */
export const qaReviewListQuerySchema = z.object({
  agent: id.optional(),
  conversationId: id.optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * `GET /api/qa/sample?from=&to=&size=&department=&agent=` → `{ items: QaSampleItem[] }` (supervisors,
 * admins): closed conversations handled by an agent, every low-rated one (CSAT 1–2 or NPS 0–6) plus a random
 * sample of the rest up to `size`, not yet reviewed first. Default period: the last 7 days.
 */
export const qaSampleQuerySchema = z.object({
  from: time.optional(),
  to: time.optional(),
  size: z.coerce.number().int().min(1).max(100).default(20),
  department: z.string().trim().min(1).max(64).optional(),
  agent: id.optional(),
});

export interface QaSampleItem {
  conversationId: string;
  agentId: string;
  agentName: string | null;
  department: string;
  closedAt: number;
  rating: number | null;
  nps: number | null;
  reason: 'low_rated' | 'random';
  isReviewed: boolean;
  /** The shopper's first message, trimmed, so the reviewer can tell chats apart. */
  preview: string | null;
}

/** A CSAT at or below this, or an NPS at or below the next, is low: it is always sampled and opens a follow-up case. */
export const LOW_CSAT = 2;
export const LOW_NPS = 6;
/** The category of the follow-up case a low score opens for a supervisor. */
export const FOLLOW_UP_CATEGORY = 'follow_up';

