/**
 * The case model: a customer request that outlives the chat (opened, owned, escalated, answered, confirmed
 * by the customer, closed), each step against a clock. The zod schemas are the source of truth and the
 * types are inferred from them, so stored shapes, wire payloads and validation cannot drift apart.
 * Plain data only (no Node or DOM types): the server, the widget and the console all compile this.
 * Times are epoch milliseconds.
 */
import { z } from 'zod';
import { LIMITS } from './limits';
import { LOCALES } from './model';

/**
 * new: nobody has answered yet · open: being worked · pending: waiting on the customer (clocks paused) ·
 * solved: the agent thinks it is fixed and the customer is asked to confirm · closed: final ·
 * reopened: the customer said "No, still a problem" (or wrote again) after it was solved.
 */
export const CASE_STATUSES = ['new', 'open', 'pending', 'solved', 'closed', 'reopened'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A urgent (business stopped), B important, C normal: the service standard's three classes. */
export const CASE_PRIORITIES = ['A', 'B', 'C'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** L1 frontline → L2 specialist department → L3 supervisor / engineering. */
export const CASE_TIERS = ['L1', 'L2', 'L3'] as const;
export type CaseTier = (typeof CASE_TIERS)[number];

/** The category whose cases must be acknowledged within one working hour, whatever their priority. */
export const COMPLAINT_CATEGORY = 'complaint';

/**
 * How a closed case ended. Only `confirmed` and `auto_closed` count as resolved (the service standard:
 * closed only after the customer confirms or does not answer in time).
 */
export const CASE_RESOLUTIONS = ['confirmed', 'auto_closed', 'merged', 'dismissed'] as const;
export type CaseResolution = (typeof CASE_RESOLUTIONS)[number];

/** Where the case came from; `system`: Parley opened it on its own (a low score's follow-up), nobody asked. */
export const CASE_SOURCES = ['form', 'chat', 'agent', 'ticket', 'system'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** shopper: from the customer · reply: an agent's public answer · note: internal, agents only · bot · system. */
export const CASE_MESSAGE_KINDS = ['shopper', 'reply', 'note', 'bot', 'system'] as const;
export type CaseMessageKind = (typeof CASE_MESSAGE_KINDS)[number];

/** Who did something: an agent (id), the customer, or the system (timers, merges). */
export const CASE_ACTOR_KINDS = ['agent', 'customer', 'system'] as const;
export type CaseActorKind = (typeof CASE_ACTOR_KINDS)[number];

const id = z.string().min(1).max(64);
const time = z.number().int().min(0);
const nullableTime = time.nullable();
const department = z.string().trim().min(1).max(64);
const category = z.string().trim().min(1).max(64);
const caseText = z.string().trim().min(1).max(LIMITS.messageChars);
const reason = z.string().trim().min(1).max(500);

export const caseStatusSchema = z.enum(CASE_STATUSES);
export const casePrioritySchema = z.enum(CASE_PRIORITIES);
export const caseTierSchema = z.enum(CASE_TIERS);
export const caseResolutionSchema = z.enum(CASE_RESOLUTIONS);
export const caseSourceSchema = z.enum(CASE_SOURCES);
export const caseMessageKindSchema = z.enum(CASE_MESSAGE_KINDS);

export const caseActorSchema = z.object({ kind: z.enum(CASE_ACTOR_KINDS), id: z.string().max(128).nullable() });
export type CaseActor = z.infer<typeof caseActorSchema>;

/** The "Did this solve it?" question put to the customer when the case is solved. */
export const caseConfirmationSchema = z.object({
  requestedAt: time,
  /** When the case closes on its own if the customer does not answer. */
  closesAt: time,
  answer: z.enum(['yes', 'no']).nullable(),
  answeredAt: nullableTime,
});
export type CaseConfirmation = z.infer<typeof caseConfirmationSchema>;

/** A file kept in the blob store; the case only holds the reference. */
export const attachmentRefSchema = z.object({
  blobId: id,
  name: z.string().min(1).max(255),
  contentType: z.string().min(1).max(100),
  size: z.number().int().min(0),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const caseSchema = z.object({
  id,
  /** Human-friendly, increasing per store: the number the customer sees. */
  number: z.number().int().min(1),
  siteId: z.string().min(1).max(64),
  status: caseStatusSchema,
  priority: casePrioritySchema,
  tier: caseTierSchema,
  department,
  category,
  subject: z.string().max(200),
  locale: z.enum(LOCALES),
  source: caseSourceSchema,
  assigneeId: id.nullable(),
  /** The retailer's own customer id, for identified shoppers (they see their cases on any device). */
  customerId: z.string().max(128).nullable(),
  /** The widget visitor, for anonymous shoppers (they see their cases by visitor token). */
  visitorId: id.nullable(),
  /** The chat this case was opened from, if any. */
  conversationId: id.nullable(),
  contactName: z.string().max(120).nullable(),
  contactEmail: z.string().max(254).nullable(),
  createdAt: time,
  updatedAt: time,
  /** Deadlines, already counted in the department's business hours. */
  firstResponseDueAt: nullableTime,
  resolutionDueAt: nullableTime,
  /** When the current tier's timer runs out and the case moves up a tier; null at L3 or when disabled. */
  tierDueAt: nullableTime,
  firstResponseAt: nullableTime,
  firstResponseBreachedAt: nullableTime,
  resolutionBreachedAt: nullableTime,
  /** Set while pending: the clocks stop while the team waits on the customer. */
  pausedAt: nullableTime,
  solvedAt: nullableTime,
  closedAt: nullableTime,
  resolution: caseResolutionSchema.nullable(),
  confirmation: caseConfirmationSchema.nullable(),
  /** The primary case this duplicate was merged into. */
  mergedInto: id.nullable(),
  /** Last message seq; the next message gets lastSeq + 1. */
  lastSeq: z.number().int().min(0),
  /** Bumped by every change of the case's fields: the compare-and-set token. Messages do not bump it. */
  version: z.number().int().min(1),
});
export type Case = z.infer<typeof caseSchema>;

export const caseMessageSchema = z.object({
  id,
  caseId: id,
  /** Increasing by one per case, from 1. */
  seq: z.number().int().min(1),
  kind: caseMessageKindSchema,
  /** Agent id for replies and notes; null otherwise. */
  authorId: z.string().max(128).nullable(),
  authorName: z.string().max(120).nullable(),
  text: z.string().max(LIMITS.messageChars),
  attachments: z.array(attachmentRefSchema),
  createdAt: time,
  /** The message this one was copied from when a duplicate case was merged in. */
  mergedFrom: z.object({ caseId: id, messageId: id }).nullable(),
});
export type CaseMessage = z.infer<typeof caseMessageSchema>;

/** Why a status changed: the audit trail says who and why, not only what. */
export const CASE_STATUS_CAUSES = [
  'agent',
  'first_reply',
  'customer_reply',
  'confirmed',
  'not_fixed',
  'auto_close',
  'merged',
  'dismissed',
] as const;
export type CaseStatusCause = (typeof CASE_STATUS_CAUSES)[number];

const eventBase = z.object({ id, caseId: id, at: time, actor: caseActorSchema });
const changeSchemas = [
  z.object({ type: z.literal('created'), source: caseSourceSchema }),
  z.object({ type: z.literal('status'), from: caseStatusSchema, to: caseStatusSchema, cause: z.enum(CASE_STATUS_CAUSES) }),
  z.object({ type: z.literal('assigned'), from: id.nullable(), to: id.nullable() }),
  z.object({
    type: z.literal('escalated'),
    fromTier: caseTierSchema,
    toTier: caseTierSchema,
    fromDepartment: department,
    toDepartment: department,
    reason,
    isAutomatic: z.boolean(),
  }),
  z.object({ type: z.literal('priority'), from: casePrioritySchema, to: casePrioritySchema }),
  z.object({ type: z.literal('department'), from: department, to: department }),
  z.object({ type: z.literal('category'), from: category, to: category }),
  z.object({ type: z.literal('breached'), target: z.enum(['first_response', 'resolution']), dueAt: time }),
  z.object({ type: z.literal('merged'), duplicateId: id, duplicateNumber: z.number().int(), messages: z.number().int() }),
  z.object({ type: z.literal('merged_into'), primaryId: id, primaryNumber: z.number().int() }),
] as const;

/** What changed, without who and when: the part the service builds and the store records. */
export const caseChangeSchema = z.discriminatedUnion('type', changeSchemas);
export type CaseChange = z.infer<typeof caseChangeSchema>;
export type CaseEventType = CaseChange['type'];

export const caseEventSchema = z.intersection(eventBase, caseChangeSchema);
/** One entry of a case's history: every change, with its author and time. Never edited. */
export type CaseEvent = z.infer<typeof eventBase> & CaseChange;

/** A case counts as resolved only once the customer confirmed it or it closed unanswered after solving. */
export function isCaseResolved(c: Pick<Case, 'resolution'>): boolean {
  return c.resolution === 'confirmed' || c.resolution === 'auto_closed';
}

/** Internal notes never reach the customer. */
export function isPublicCaseMessage(m: Pick<CaseMessage, 'kind'>): boolean {
  return m.kind !== 'note';
}

// ---- command payloads (parsed at the edges once the case commands are wired) ----

export const caseOpenSchema = z.object({
  subject: z.string().trim().max(200).optional(),
  text: caseText,
  category: category.optional(),
  department: department.optional(),
  priority: casePrioritySchema.optional(),
  name: z.string().trim().min(1).max(120).optional(),
  email: z.email().max(254).optional(),
  attachments: z.array(attachmentRefSchema).max(10).optional(),
});
/**
 * An agent's case for a customer who phoned or wrote: the shop's customer id is typed by staff and trusted, so the
 * case joins that customer's others (widget list, privacy requests). Only this schema has it: a shopper's own
 * `case:open` cannot claim an id (zod drops the key); a shopper proves one with `identity:set`.
 */
export const agentCaseOpenSchema = caseOpenSchema.extend({
  customerId: z.string().trim().min(1).max(128).optional(),
});
export const caseReplySchema = z.object({
  caseId: id,
  text: caseText,
  isInternal: z.boolean().default(false),
  attachments: z.array(attachmentRefSchema).max(10).optional(),
});
export const caseSetStatusSchema = z.object({
  caseId: id,
  status: z.enum(['open', 'pending', 'solved']),
  /** The version the agent saw: a change made meanwhile by someone else makes this one fail with CONFLICT. */
  version: z.number().int().min(1).optional(),
});
export const caseAssignSchema = z.object({ caseId: id, assigneeId: id.nullable(), version: z.number().int().min(1).optional() });
export const caseEscalateSchema = z.object({
  caseId: id,
  tier: z.enum(['L2', 'L3']),
  reason,
  department: department.optional(),
  assigneeId: id.nullable().optional(),
  version: z.number().int().min(1).optional(),
});
export const caseConfirmSchema = z.object({ caseId: id, isSolved: z.boolean() });
export const caseMergeSchema = z.object({ duplicateId: id, primaryId: id });
export const caseListSchema = z.object({
  status: z.array(caseStatusSchema).optional(),
  priority: z.array(casePrioritySchema).optional(),
  dueBefore: time.optional(),
  assigneeId: id.nullable().optional(),
  department: department.optional(),
  tier: caseTierSchema.optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

// ---- views and wire payloads of the case commands ----

/** The agent list row: the case plus what the tickets view shows without opening it. */
export interface CaseListItem {
  case: Case;
  /** The last public message, trimmed for the list. */
  lastMessage: string | null;
  assigneeName: string | null;
}

/** Everything the console shows of one case: thread (notes included) and history. */
export interface CaseDetail {
  case: Case;
  messages: CaseMessage[];
  events: CaseEvent[];
}

/**
 * What the shopper sees of a case: no assignee, tier, internal deadlines or notes. `replyTargetMinutes` is the
 * priority's first-response target so the widget can say "usually within 2 hours" from its catalogue.
 */
export interface ShopperCaseView {
  id: string;
  number: number;
  status: CaseStatus;
  subject: string;
  createdAt: number;
  updatedAt: number;
  replyTargetMinutes: number;
  /** When a first reply is due (business hours counted); null once answered. */
  expectedReplyBy: number | null;
  /** Set while the case is solved and waiting for "Did this solve it?". */
  confirmation: CaseConfirmation | null;
  /** Public messages after the shopper's read mark. */
  unread: number;
  lastSeq: number;
}

export const caseRefSchema = z.object({ caseId: id });
export const caseReadSchema = z.object({ caseId: id, upToSeq: z.number().int().min(0) });
export const shopperCaseReplySchema = z.object({
  caseId: id,
  text: caseText,
  attachments: z.array(attachmentRefSchema).max(10).optional(),
});
export const caseAssignManySchema = z.object({ caseIds: z.array(id).min(1).max(200), assigneeId: id.nullable() });
export const caseSetPrioritySchema = z.object({
  caseId: id,
  priority: casePrioritySchema,
  version: z.number().int().min(1).optional(),
});
export const conversationConvertSchema = z.object({
  conversationId: id,
  subject: z.string().trim().max(200).optional(),
  category: category.optional(),
  department: department.optional(),
  priority: casePrioritySchema.optional(),
});
/** The agent list: caseListSchema plus "mine" (assigned to the caller). */
export const agentCaseListSchema = caseListSchema.extend({ mine: z.boolean().optional() });
