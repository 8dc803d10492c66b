/**
 * The MongoDB collections: document shapes, mongoose schemas and the indexes the adapter's queries use.
 * Ids are our own random strings (`_id: String`), so ids look the same whichever adapter runs.
 * Free-form JSON fields (identity, handoff, rating, bot, event) are Mixed: stored exactly as given,
 * with no mongoose-added _id on sub-objects.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Agent, Conversation, Message, Ticket, Visitor } from '../../../shared/model';
import type { KbDraft } from '../../../shared/kb';
import type { MetricsTargets, QaReview } from '../../../shared/metrics';
import type { AnalyticsEvent, AttachmentRecord } from '../store';
import { registerCaseModels, type CaseModels } from './case-models';

export interface VisitorDoc extends Omit<Visitor, 'id'> {
  _id: string;
  tokenHash: string;
}

export interface ConversationDoc extends Omit<Conversation, 'id'> {
  _id: string;
  /** PRIORITIES index (urgent 0 … low 3): the queue sorts on it. */
  priorityRank: number;
  /**
   * Which of the owner's maxChats places a take filled (0 … maxChats-1); null for chats that came by transfer.
   * A unique index over (assignedAgentId, capacitySlot) of assigned chats makes capacity atomic.
   */
  capacitySlot?: number | null;
  /** When and why it was first handed off, and first assigned: transfers and hand-backs do not move these (metrics). */
  handedOffAt?: number | null;
  handoffReason?: string | null;
  firstAssignedAt?: number | null;
}

export interface MetricTargetsDoc {
  /** The site id ('*' for every site). */
  _id: string;
  targets: MetricsTargets;
  updatedBy: string;
  updatedAt: number;
}

export interface QaReviewDoc extends Omit<QaReview, 'id'> {
  _id: string;
}

export interface MessageDoc extends Omit<Message, 'id'> {
  _id: string;
}

export interface AttachmentDoc extends Omit<AttachmentRecord, 'id'> {
  _id: string;
}

export interface AgentDoc extends Omit<Agent, 'id'> {
  _id: string;
  /** Lower-cased email: the unique, case-insensitive lookup key. */
  emailKey: string;
  passwordHash: string;
}

export interface TicketDoc extends Omit<Ticket, 'id'> {
  _id: string;
  /** Whether the visitor has been shown the current reply. */
  replySeen: boolean;
}

export interface AnalyticsDoc {
  type: AnalyticsEvent['type'];
  siteId: string;
  conversationId: string | null;
  intent: string | null;
  text: string | null;
  /** Normalised fallback text, written by versions before the similarity-grouped gap report (cleared on erase). */
  gapKey?: string | null;
  value: number | null;
  at: number;
}

export interface KbDraftDoc extends Omit<KbDraft, 'id'> {
  _id: string;
}

export interface SettingDoc {
  _id: string;
  value: string;
}

export interface CounterDoc {
  _id: string;
  value: number;
}

export interface Models extends CaseModels {
  visitors: Model<VisitorDoc>;
  conversations: Model<ConversationDoc>;
  messages: Model<MessageDoc>;
  agents: Model<AgentDoc>;
  tickets: Model<TicketDoc>;
  analytics: Model<AnalyticsDoc>;
  kbDrafts: Model<KbDraftDoc>;
  settings: Model<SettingDoc>;
  counters: Model<CounterDoc>;
  metricTargets: Model<MetricTargetsDoc>;
  qaReviews: Model<QaReviewDoc>;
  attachments: Model<AttachmentDoc>;
}

const options = (collection: string) => ({ collection, versionKey: false as const, minimize: false, strict: true });
const mixed = { type: Schema.Types.Mixed, default: null };
const nullableString = { type: String, default: null };
const nullableNumber = { type: Number, default: null };
const requiredString = { type: String, required: true };
const requiredNumber = { type: Number, required: true };

const visitorSchema = new Schema<VisitorDoc>(
  {
    _id: requiredString,
    siteId: requiredString,
    tokenHash: requiredString,
    identity: { type: Schema.Types.Mixed, required: true },
    locale: { type: String, required: true, enum: ['en', 'zh'] },
    lastAgentId: nullableString,
    createdAt: requiredNumber,
    lastSeenAt: requiredNumber,
  },
  options('visitors'),
);
visitorSchema.index({ siteId: 1, tokenHash: 1 }, { unique: true });

const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: requiredString,
    siteId: requiredString,
    visitorId: requiredString,
    status: { type: String, required: true, enum: ['bot', 'waiting', 'assigned', 'closed'] },
    department: requiredString,
    priority: { type: String, required: true, enum: ['urgent', 'high', 'normal', 'low'] },
    priorityRank: requiredNumber,
    assignedAgentId: nullableString,
    locale: { type: String, required: true, enum: ['en', 'zh'] },
    lastSeq: requiredNumber,
    fallbackCount: requiredNumber,
    handoff: mixed,
    tags: { type: [String], default: [] },
    rating: mixed,
    resolution: { type: String, default: null, enum: ['resolved', 'not_resolved', 'spam'] },
    pageUrl: nullableString,
    createdAt: requiredNumber,
    updatedAt: requiredNumber,
    waitingSince: nullableNumber,
    assignedAt: nullableNumber,
    firstResponseAt: nullableNumber,
    closedAt: nullableNumber,
    shopperReadSeq: requiredNumber,
    agentReadSeq: requiredNumber,
    slaBreachedAt: nullableNumber,
    capacitySlot: nullableNumber,
    handedOffAt: nullableNumber,
    handoffReason: nullableString,
    firstAssignedAt: nullableNumber,
  },
  options('conversations'),
);
// Two takes racing for the same place of one agent: the second write fails with a duplicate key (see assignWithinCapacity).
conversationSchema.index(
  { assignedAgentId: 1, capacitySlot: 1 },
  { unique: true, partialFilterExpression: { status: 'assigned', capacitySlot: { $type: 'number' } } },
);
conversationSchema.index({ status: 1, priorityRank: 1, waitingSince: 1 });
conversationSchema.index({ assignedAgentId: 1, status: 1 });
// Routing's tie-break: each agent's last assignment (lastAssignedAt), one index step per agent.
conversationSchema.index({ assignedAgentId: 1, assignedAt: -1 });
conversationSchema.index({ visitorId: 1, createdAt: -1 });
conversationSchema.index({ visitorId: 1, updatedAt: -1 });
conversationSchema.index({ siteId: 1, updatedAt: -1 });
conversationSchema.index({ status: 1, updatedAt: -1 });
conversationSchema.index({ updatedAt: -1 });
conversationSchema.index({ createdAt: 1 });

const messageSchema = new Schema<MessageDoc>(
  {
    _id: requiredString,
    conversationId: requiredString,
    seq: { type: Number, required: true, min: 1 },
    clientId: nullableString,
    sender: { type: String, required: true, enum: ['shopper', 'bot', 'agent', 'system'] },
    agentId: nullableString,
    senderName: nullableString,
    // Present but possibly empty (system notices, photo-only messages): mongoose's plain `required` refuses ''.
    text: { type: String, required: function (this: MessageDoc) { return typeof this.text !== 'string'; } },
    internal: { type: Boolean, required: true },
    bot: mixed,
    event: mixed,
    attachments: { type: Schema.Types.Mixed, default: [] },
    createdAt: requiredNumber,
  },
  options('messages'),
);
messageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
// Partial, not sparse: clientId is stored as null (not missing) on server-made messages.
messageSchema.index(
  { conversationId: 1, clientId: 1 },
  { unique: true, partialFilterExpression: { clientId: { $type: 'string' } } },
);

const agentSchema = new Schema<AgentDoc>(
  {
    _id: requiredString,
    email: requiredString,
    emailKey: requiredString,
    name: requiredString,
    passwordHash: requiredString,
    role: { type: String, required: true, enum: ['agent', 'supervisor', 'admin'] },
    departments: { type: [String], default: [] },
    maxChats: requiredNumber,
    avatarUrl: nullableString,
    createdAt: requiredNumber,
    isActive: { type: Boolean, default: true },
    tokenVersion: { type: Number, default: 0 },
  },
  options('agents'),
);
agentSchema.index({ emailKey: 1 }, { unique: true });

const ticketSchema = new Schema<TicketDoc>(
  {
    _id: requiredString,
    number: requiredNumber,
    siteId: requiredString,
    visitorId: requiredString,
    conversationId: nullableString,
    department: requiredString,
    name: requiredString,
    email: requiredString,
    message: requiredString,
    status: { type: String, required: true, enum: ['open', 'answered', 'closed'] },
    reply: nullableString,
    repliedBy: nullableString,
    createdAt: requiredNumber,
    repliedAt: nullableNumber,
    replySeen: { type: Boolean, default: false },
  },
  options('tickets'),
);
ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index({ visitorId: 1, replySeen: 1 });
ticketSchema.index({ status: 1, number: -1 });
// Retention's purge of the tickets of purged cases starts from their age (SQLite: tickets_created).
ticketSchema.index({ createdAt: 1 });

const analyticsSchema = new Schema<AnalyticsDoc>(
  {
    type: requiredString,
    siteId: requiredString,
    conversationId: nullableString,
    intent: nullableString,
    text: nullableString,
    gapKey: nullableString,
    value: nullableNumber,
    at: requiredNumber,
  },
  options('analytics'),
);
analyticsSchema.index({ at: 1, type: 1 });
analyticsSchema.index({ type: 1, at: 1 });

const attachmentSchema = new Schema<AttachmentDoc>(
  {
    _id: requiredString,
    siteId: requiredString,
    name: requiredString,
    contentType: requiredString,
    size: requiredNumber,
    hasThumbnail: { type: Boolean, required: true },
    visitorId: nullableString,
    agentId: nullableString,
    conversationId: nullableString,
    caseId: nullableString,
    createdAt: requiredNumber,
  },
  options('attachments'),
);
attachmentSchema.index({ conversationId: 1 });
attachmentSchema.index({ visitorId: 1 });
// The privacy export's files of a case: without it the export's $or (visitor, conversation, case) scans them all.
attachmentSchema.index({ caseId: 1 });
attachmentSchema.index({ createdAt: 1 });
const kbDraftSchema = new Schema<KbDraftDoc>(
  {
    _id: requiredString,
    kind: { type: String, required: true, enum: ['create', 'update', 'delete'] },
    intentId: requiredString,
    category: requiredString,
    intent: { type: Schema.Types.Mixed, default: null },
    base: { type: Schema.Types.Mixed, default: null },
    source: requiredString,
    note: nullableString,
    status: { type: String, required: true, enum: ['pending', 'approved', 'rejected', 'rolled_back'] },
    authorId: requiredString,
    authorName: requiredString,
    createdAt: requiredNumber,
    reviewerId: nullableString,
    reviewerName: nullableString,
    reviewedAt: nullableNumber,
    diff: { type: String, required: false, default: '' },
    rollbackOf: nullableString,
  },
  options('kb_drafts'),
);
kbDraftSchema.index({ status: 1, createdAt: -1 });
kbDraftSchema.index({ intentId: 1, createdAt: -1 });

const settingSchema = new Schema<SettingDoc>({ _id: requiredString, value: requiredString }, options('settings'));
const counterSchema = new Schema<CounterDoc>({ _id: requiredString, value: requiredNumber }, options('counters'));

const metricTargetsSchema = new Schema<MetricTargetsDoc>(
  { _id: requiredString, targets: { type: Schema.Types.Mixed, required: true }, updatedBy: requiredString, updatedAt: requiredNumber },
  options('metric_targets'),
);
const qaScore = { type: Number, required: true, min: 1, max: 5 };
const qaReviewSchema = new Schema<QaReviewDoc>(
  {
    _id: requiredString,
    siteId: requiredString,
    conversationId: requiredString,
    agentId: requiredString,
    reviewerId: requiredString,
    scores: new Schema({ greeting: qaScore, accuracy: qaScore, tone: qaScore, resolution: qaScore, notes: qaScore }, { _id: false }),
    score: requiredNumber,
    comment: nullableString,
    createdAt: requiredNumber,
  },
  options('qa_reviews'),
);
qaReviewSchema.index({ createdAt: -1 });
qaReviewSchema.index({ agentId: 1, createdAt: -1 });
qaReviewSchema.index({ conversationId: 1 });

/** Registers every model on `conn`: its own connection, never mongoose's global one. */
export function registerModels(conn: Connection): Models {
  return {
    visitors: conn.model<VisitorDoc>('Visitor', visitorSchema),
    conversations: conn.model<ConversationDoc>('Conversation', conversationSchema),
    messages: conn.model<MessageDoc>('Message', messageSchema),
    agents: conn.model<AgentDoc>('Agent', agentSchema),
    tickets: conn.model<TicketDoc>('Ticket', ticketSchema),
    analytics: conn.model<AnalyticsDoc>('Analytics', analyticsSchema),
    kbDrafts: conn.model<KbDraftDoc>('KbDraft', kbDraftSchema),
    settings: conn.model<SettingDoc>('Setting', settingSchema),
    counters: conn.model<CounterDoc>('Counter', counterSchema),
    metricTargets: conn.model<MetricTargetsDoc>('MetricTargets', metricTargetsSchema),
    qaReviews: conn.model<QaReviewDoc>('QaReview', qaReviewSchema),
    attachments: conn.model<AttachmentDoc>('Attachment', attachmentSchema),
    ...registerCaseModels(conn),
  };
}

/** Registers the models and creates their indexes, so the unique ones the adapter relies on exist before the first write. */
export async function defineModels(conn: Connection): Promise<Models> {
  const models = registerModels(conn);
  await Promise.all(Object.values(models).map((m: Model<unknown>) => m.createIndexes()));
  return models;
}
