/**
 * The storage port. Adapters (sqlite/, mongo/) implement it; nothing else in the server knows which one runs.
 * Rules: every method is async and returns plain objects from shared/model.ts; "not found" is null;
 * conditional updates that lose a race return null (never throw); invariant violations throw AppError.
 */
import type {
  Agent,
  Conversation,
  ConversationStatus,
  Identity,
  Locale,
  Message,
  Priority,
  Rating,
  Resolution,
  Ticket,
  TicketStatus,
  Visitor,
  HandoffSummary,
  BotMeta,
  SystemEvent,
  SenderKind,
} from '../../shared/model';
import type {
  AttachmentRef,
  Case,
  CaseActor,
  CaseChange,
  CaseEvent,
  CaseMessage,
  CaseMessageKind,
  CasePriority,
  CaseSource,
  CaseStatus,
  CaseTier,
} from '../../shared/cases';
import type { MetricsComputed, MetricsQuery, MetricsTargets, QaReview, QaSampleItem, QaScores } from '../../shared/metrics';
import type { KbChangeKind, KbDraft, KbDraftSource, KbDraftStatus, KbIntentDoc } from '../../shared/kb';

export interface NewVisitor {
  siteId: string;
  /** sha256 hex of the visitor token; the token itself is never stored. */
  tokenHash: string;
  locale: Locale;
}

export interface VisitorStore {
  create(input: NewVisitor): Promise<Visitor>;
  getByTokenHash(siteId: string, tokenHash: string): Promise<Visitor | null>;
  get(id: string): Promise<Visitor | null>;
  update(id: string, patch: Partial<Pick<Visitor, 'identity' | 'locale' | 'lastAgentId' | 'lastSeenAt'>>): Promise<Visitor | null>;
}

export interface NewConversation {
  siteId: string;
  visitorId: string;
  locale: Locale;
  department?: string;
  pageUrl?: string | null;
  /** When it started; default now. Seeding and scripted metrics tests write history. */
  createdAt?: number;
}

/** Fields a plain update may change. Status transitions that can race go through the conditional methods. */
export type ConversationPatch = Partial<
  Pick<
    Conversation,
    | 'status'
    | 'department'
    | 'priority'
    | 'assignedAgentId'
    | 'locale'
    | 'fallbackCount'
    | 'handoff'
    | 'tags'
    | 'rating'
    | 'resolution'
    | 'pageUrl'
    | 'waitingSince'
    | 'assignedAt'
    | 'firstResponseAt'
    | 'closedAt'
    | 'shopperReadSeq'
    | 'agentReadSeq'
    | 'slaBreachedAt'
  >
>;

export interface ConversationQuery {
  status?: ConversationStatus[];
  assignedAgentId?: string;
  siteId?: string;
  visitorId?: string;
  department?: string;
  /** Case-insensitive substring over message text, visitor name/email and tags. */
  text?: string;
  limit?: number;
  /** Only conversations no agent has answered yet (firstResponseAt null). */
  awaitingFirstResponse?: boolean;
  /** Only conversations whose last change (updatedAt) is at or before this time. */
  updatedAtMost?: number;
  /**
   * 'recent' (the default): newest change first. 'queue': priority, then waiting since. 'stale': oldest change
   * first, for sweeps after what has gone quiet (with updatedAtMost, they read only that).
   */
  order?: 'recent' | 'queue' | 'stale';
}

export interface ConversationStore {
  create(input: NewConversation): Promise<Conversation>;
  get(id: string): Promise<Conversation | null>;
  /** The visitor's latest conversation whose status is not closed. */
  findOpenByVisitor(visitorId: string): Promise<Conversation | null>;
  /** Latest conversation of the visitor, any status. */
  findLatestByVisitor(visitorId: string): Promise<Conversation | null>;
  update(id: string, patch: ConversationPatch): Promise<Conversation | null>;
  /**
   * Atomic compare-and-set: applies `patch` only if the current status is one of `fromStatuses`
   * (and, when given, the current assignedAgentId equals `expectedAgentId`). Returns the updated
   * conversation, or null when the condition did not hold (someone else won the race).
   */
  transition(
    id: string,
    fromStatuses: ConversationStatus[],
    patch: ConversationPatch,
    expectedAgentId?: string | null,
  ): Promise<Conversation | null>;
  list(query: ConversationQuery): Promise<Conversation[]>;
  /**
   * A waiting conversation's place (1-based) in its department's queue, in `order: 'queue'` order; null when it
   * is not waiting. Counted by the store, so a busy queue is not read whole for one shopper's place.
   */
  queuePosition(id: string): Promise<number | null>;
  /**
   * waiting → assigned to `agentId` at `at`, only while the agent has fewer than `maxChats` assigned
   * conversations: the capacity check and the assignment are one atomic step, so racing takes (on any
   * number of instances) never exceed maxChats. Null when the conversation was not waiting or the agent had
   * no room; the caller re-reads the conversation to tell which.
   */
  assignWithinCapacity(id: string, agentId: string, maxChats: number, at: number): Promise<Conversation | null>;
  /**
   * Moves the agent's or the shopper's read mark forward to `upToSeq` (at most lastSeq), never back, in one
   * atomic step: a read receipt and a reply (which marks the agent's replied-to messages read) landing together
   * each read the old mark, and a plain update of the later one lowered it. Null when the mark was already there.
   */
  raiseReadMark(id: string, reader: 'agent' | 'shopper', upToSeq: number): Promise<Conversation | null>;
  /** Number of conversations in status 'assigned' per agent id. */
  countAssigned(agentIds?: string[]): Promise<Record<string, number>>;
  /**
   * When each agent was last given a conversation (the latest `assignedAt` of the conversations that are
   * theirs, closed ones included); agents with none are left out. The shared record routing breaks ties by:
   * an instance's own presence only knows the assignments it made itself.
   */
  lastAssignedAt(agentIds: string[]): Promise<Record<string, number>>;
}

export interface NewMessage {
  conversationId: string;
  clientId: string | null;
  sender: SenderKind;
  agentId?: string | null;
  senderName?: string | null;
  text: string;
  internal?: boolean;
  bot?: BotMeta | null;
  event?: SystemEvent | null;
  attachments?: AttachmentRef[];
}

export interface MessageStore {
  /**
   * Appends with the next seq of the conversation (atomically increments conversation.lastSeq).
   * Idempotent per (conversationId, clientId): a repeat returns the stored message with `duplicate: true`
   * and writes nothing.
   */
  append(input: NewMessage): Promise<{ message: Message; duplicate: boolean }>;
  /** The message a client sent with `clientId` in that conversation, or null (a resend check across conversations). */
  findByClientId(conversationId: string, clientId: string): Promise<Message | null>;
  /** Messages with seq > sinceSeq, oldest first, at most `limit`. */
  listSince(conversationId: string, sinceSeq: number, opts?: { limit?: number; includeInternal?: boolean }): Promise<Message[]>;
  /** Latest message text of each conversation, for inbox previews. */
  lastTexts(conversationIds: string[]): Promise<Record<string, string>>;
  /**
   * How many messages the shopper wrote with seq > sinceSeq: an agent's unread count from their read mark
   * (bot answers, agents' messages and notes, system notices are not the agent's unread work).
   */
  countShopperSince(conversationId: string, sinceSeq: number): Promise<number>;
}

export interface NewAgent {
  email: string;
  name: string;
  passwordHash: string;
  role: Agent['role'];
  departments: string[];
  maxChats: number;
  avatarUrl?: string | null;
}

export interface AgentStore {
  create(input: NewAgent): Promise<Agent>;
  get(id: string): Promise<Agent | null>;
  /**
   * The agents of `ids` that exist, in the order of `ids` (unknown ids left out): one read for a set of agents
   * where one get each cost a statement per agent online on every handoff.
   */
  getMany(ids: readonly string[]): Promise<Agent[]>;
  /** With the password hash: only the auth module uses this. Email match is case-insensitive. */
  getCredentials(email: string): Promise<{ agent: Agent; passwordHash: string } | null>;
  list(): Promise<Agent[]>;
  update(id: string, patch: Partial<Pick<Agent, 'name' | 'role' | 'departments' | 'maxChats' | 'avatarUrl' | 'isActive'>>): Promise<Agent | null>;
  /** Atomically increments the agent's token version, ending every session signed before; null when unknown. */
  bumpTokenVersion(id: string): Promise<Agent | null>;
  count(): Promise<number>;
}

export interface NewTicket {
  siteId: string;
  visitorId: string;
  conversationId: string | null;
  department: string;
  name: string;
  email: string;
  message: string;
}

export interface TicketStore {
  /** Assigns the next ticket number atomically. */
  create(input: NewTicket): Promise<Ticket>;
  get(id: string): Promise<Ticket | null>;
  list(query: { status?: TicketStatus; visitorId?: string; limit?: number }): Promise<Ticket[]>;
  /**
   * Sets reply, repliedBy, repliedAt, status 'answered'. With `onlyOwn`, atomically only when the ticket has
   * no reply yet or one by `agentId` (two agents replying at once: one wins, the other gets null).
   */
  reply(id: string, reply: string, agentId: string, opts?: { onlyOwn?: boolean }): Promise<Ticket | null>;
}

export interface NewCase {
  siteId: string;
  priority: CasePriority;
  department: string;
  category: string;
  subject: string;
  locale: Locale;
  source: CaseSource;
  customerId: string | null;
  visitorId: string | null;
  conversationId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  assigneeId: string | null;
  /** Deadlines computed by the caller (the SLA core), in business hours. */
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  tierDueAt: number | null;
  createdAt: number;
  /** Recorded as the 'created' event's author. */
  actor: CaseActor;
}

/** Fields a change may set. Status, tier and assignee changes go through the methods that record their event. */
export type CasePatch = Partial<
  Pick<
    Case,
    | 'status'
    | 'priority'
    | 'tier'
    | 'department'
    | 'category'
    | 'subject'
    | 'assigneeId'
    | 'customerId'
    | 'contactName'
    | 'contactEmail'
    | 'firstResponseDueAt'
    | 'resolutionDueAt'
    | 'tierDueAt'
    | 'firstResponseAt'
    | 'firstResponseBreachedAt'
    | 'resolutionBreachedAt'
    | 'pausedAt'
    | 'solvedAt'
    | 'closedAt'
    | 'resolution'
    | 'confirmation'
  >
>;

/** The condition of a compare-and-set: every given part must hold for the change to apply. */
export interface CaseCondition {
  /** The version the caller read. */
  version?: number;
  /** The statuses the case may be in. */
  status?: CaseStatus[];
}

/** A change to apply atomically together with the history entries that describe it. */
export interface CaseUpdate {
  patch: CasePatch;
  /** One change may record several entries (an escalation that also reassigns). */
  changes: CaseChange[];
  actor: CaseActor;
  at: number;
}

export interface NewCaseMessage {
  caseId: string;
  kind: CaseMessageKind;
  authorId: string | null;
  authorName: string | null;
  text: string;
  attachments?: AttachmentRef[];
  createdAt: number;
}

export interface CaseQuery {
  siteId?: string;
  status?: CaseStatus[];
  priority?: CasePriority[];
  tier?: CaseTier;
  /** null: unassigned only. */
  assigneeId?: string | null;
  department?: string;
  customerId?: string;
  visitorId?: string;
  /** Cases opened from this chat (converted, or a message left from it). */
  conversationId?: string;
  /**
   * Cases with a deadline that still needs acting on strictly before this time: first response (not given, not
   * yet breached) or resolution (not yet breached) or tier timer while new/open/reopened; the confirmation's
   * closesAt while solved. Pending cases have none (their clocks are paused). The sweep asks for `now + 1`.
   */
  dueBefore?: number;
  limit?: number;
}

export interface CaseStore {
  /**
   * Assigns the next case number atomically (one sequence with ticket numbers, so none is given twice) and
   * records the 'created' event.
   */
  create(input: NewCase): Promise<Case>;
  get(id: string): Promise<Case | null>;
  getByNumber(number: number): Promise<Case | null>;
  /** Newest number first. */
  list(query: CaseQuery): Promise<Case[]>;
  /**
   * Appends with the next seq of the case (atomically increments lastSeq; the case's version is untouched,
   * so a message never makes an agent's pending change fail). Messages are never updated or deleted.
   * Returns null when the case does not exist.
   */
  appendMessage(input: NewCaseMessage): Promise<CaseMessage | null>;
  /** Oldest first, seq > sinceSeq; internal notes only when asked. */
  listMessages(caseId: string, opts?: { sinceSeq?: number; includeInternal?: boolean; limit?: number }): Promise<CaseMessage[]>;
  /**
   * Atomic compare-and-set: applies the patch, bumps version, sets updatedAt and records the changes as
   * events, only if `condition` holds. Returns the updated case, or null when it did not hold (someone else
   * moved it first) or the case does not exist.
   */
  update(id: string, condition: CaseCondition, update: CaseUpdate): Promise<Case | null>;
  /** Sets the assignee (null unassigns) and records an 'assigned' event; null as update() does. */
  assign(id: string, condition: CaseCondition, assigneeId: string | null, actor: CaseActor, at: number): Promise<Case | null>;
  /**
   * Copies the duplicate's messages (oldest first, with mergedFrom set) to the end of the primary's thread,
   * closes the duplicate as merged (mergedInto, resolution 'merged') and records 'merged' on the primary and
   * 'merged_into' on the duplicate. Returns both cases, or null when either does not exist.
   * @throws AppError('INVALID_STATE') when merging a case into itself, into a closed case, or a closed case.
   */
  merge(duplicateId: string, primaryId: string, actor: CaseActor, at: number): Promise<{ primary: Case; duplicate: Case } | null>;
  /** The case's history in the order it was recorded. */
  listEvents(caseId: string): Promise<CaseEvent[]>;
  /**
   * Moves the customer's read mark of the case up to `upToSeq` (never down, never past the case's lastSeq).
   * Kept apart from the case's fields: reading is not a change, so it bumps neither version nor updatedAt.
   * Returns the mark now stored, or null when the case does not exist.
   */
  markRead(caseId: string, upToSeq: number): Promise<number | null>;
  /** Per case: the customer's read mark (0 when never read) and how many agent replies came after it. */
  unread(caseIds: readonly string[]): Promise<Record<string, { readSeq: number; unread: number }>>;
}

/**
 * An uploaded file's metadata; its bytes (and a thumbnail for images) live in the blob store under `id` and
 * `id + '.thumb'`. Uploaded by a shopper (visitorId) or an agent (agentId); claimed by the conversation or case
 * whose message first carried it, which then decides who may read it.
 */
export interface AttachmentRecord {
  id: string;
  siteId: string;
  name: string;
  contentType: string;
  size: number;
  hasThumbnail: boolean;
  visitorId: string | null;
  agentId: string | null;
  conversationId: string | null;
  caseId: string | null;
  createdAt: number;
}

export type NewAttachment = Omit<AttachmentRecord, 'conversationId' | 'caseId'>;

export interface AttachmentStore {
  create(input: NewAttachment): Promise<AttachmentRecord>;
  get(id: string): Promise<AttachmentRecord | null>;
  /**
   * Binds the attachment to a conversation or a case, atomically only while it is unclaimed or already bound
   * to that same owner (a resend). Returns the record, or null when it is missing or belongs elsewhere.
   */
  claim(id: string, owner: { conversationId: string } | { caseId: string }): Promise<AttachmentRecord | null>;
  /** Records uploaded by these visitors or bound to these conversations or cases, oldest first (privacy export). */
  list(ref: { visitorIds?: string[]; conversationIds?: string[]; caseIds?: string[] }): Promise<AttachmentRecord[]>;
  /**
   * Records whose owner is gone (their conversation, case or uploading visitor was deleted by erasure or
   * retention), plus unclaimed ones created before `unclaimedBefore`: what a purge must delete, blobs first.
   */
  listDangling(opts: { unclaimedBefore?: number; limit?: number }): Promise<AttachmentRecord[]>;
  /** Deletes the records; returns how many existed. */
  delete(ids: string[]): Promise<number>;
}

/** An analytics fact: one row per thing that happened. */
export interface AnalyticsEvent {
  type:
    | 'conversation.started'
    | 'bot.answered'
    | 'bot.clarified'
    | 'bot.fallback'
    | 'handoff.requested'
    | 'conversation.assigned'
    | 'agent.first_response'
    | 'conversation.closed'
    | 'conversation.rated'
    /** A bot-only conversation closed (idle); `bot.rated_badly` takes it back when the shopper rates it low. */
    | 'bot.resolved'
    | 'bot.rated_badly'
    | 'sla.breached'
    | 'ticket.created'
    /** An agent inserted an agent-assist suggestion (intent = the answer used). */
    | 'assist.used'
    /** The widget loader started on a page / the shopper opened the chat (POST /api/widget/events). */
    | 'widget.page_view'
    | 'widget.opened'
    /** The shopper marked a bot answer helpful / not helpful (intent = the answer's, text = the question). */
    | 'bot.helpful'
    | 'bot.unhelpful'
    /** The shopper's next message after a clarify was not one of its chips (text = the clarified question). */
    | 'bot.clarify_unpicked'
    /** A handoff within two minutes of a bot answer (intent = that answer's, text = its question). */
    | 'handoff.after_answer'
    /** The shopper's message that led to a handoff (text), when it was a question rather than "talk to a human". */
    | 'handoff.trigger';
  siteId: string;
  conversationId: string | null;
  intent?: string | null;
  /** The shopper's text for fallbacks (the knowledge-gap list), or other detail. */
  text?: string | null;
  value?: number | null;
  at: number;
}

export interface AnalyticsStore {
  record(event: AnalyticsEvent): Promise<void>;
  /** Counts per type in [from, to). */
  counts(from: number, to: number): Promise<Record<string, number>>;
  /** Average of `value` per type in [from, to) (wait times, first response times, ratings). */
  averages(from: number, to: number): Promise<Record<string, number>>;
  /**
   * Average of `value` over the facts of one type in [from, to); null when none has a value. Reads only
   * that type's facts, so it stays cheap when bot facts pile up: use it on hot paths (wait estimates).
   */
  average(type: AnalyticsEvent['type'], from: number, to: number): Promise<number | null>;
  /**
   * The bot's misses in [from, to) (MISS_TYPES facts with a text), newest first, at most `limit`, each with the
   * visitor of its conversation (null when the conversation is gone), so the gap report counts shoppers.
   */
  misses(from: number, to: number, limit: number): Promise<MissFact[]>;
  /**
   * Per intent in [from, to): answers given, answers that missed (distinct conversations with a
   * `handoff.after_answer` or `bot.unhelpful` for the intent), and thumbs up/down. Aggregated in the store.
   */
  intentOutcomes(from: number, to: number): Promise<IntentOutcome[]>;
}

/** The fact types that are misses of the bot, in the gap report. */
export const MISS_TYPES = ['bot.fallback', 'bot.clarify_unpicked', 'bot.unhelpful', 'handoff.after_answer', 'handoff.trigger'] as const;
export type MissType = (typeof MISS_TYPES)[number];

export interface MissFact {
  type: MissType;
  text: string;
  intent: string | null;
  conversationId: string | null;
  visitorId: string | null;
  at: number;
}

export interface IntentOutcome {
  intent: string;
  answered: number;
  missed: number;
  helpful: number;
  unhelpful: number;
}

export interface NewKbDraft {
  kind: KbChangeKind;
  intentId: string;
  category: string;
  intent: KbIntentDoc | null;
  base: KbIntentDoc | null;
  source: KbDraftSource;
  note: string | null;
  authorId: string;
  authorName: string;
  diff: string;
  rollbackOf?: string | null;
  createdAt: number;
  /** Rollbacks are recorded as approved at once; everything else starts pending. */
  status?: 'pending' | 'approved';
}

export interface KbDraftReview {
  status: KbDraftStatus;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewedAt: number | null;
}

/** KB changes: drafts, their review and history (author, time, diff). */
export interface KbDraftStore {
  create(input: NewKbDraft): Promise<KbDraft>;
  get(id: string): Promise<KbDraft | null>;
  /** Newest first; `status` filters. */
  list(query: { status?: KbDraftStatus[]; intentId?: string; limit?: number }): Promise<KbDraft[]>;
  /** Compare-and-set: sets the review only while the draft's status is one of `from`; null otherwise or when unknown. */
  review(id: string, from: KbDraftStatus[], review: KbDraftReview): Promise<KbDraft | null>;
}

/** Everything stored about some shoppers: their visitor records, chats (notes included), tickets and cases (notes included). */
export interface ShopperData {
  visitors: Visitor[];
  conversations: Conversation[];
  messages: Message[];
  tickets: Ticket[];
  /** Cases opened from their visitors (the offline form, a converted chat), and those agents opened for their e-mail or customer id. */
  cases: Case[];
  caseMessages: CaseMessage[];
}

/**
 * Whom a data-subject request is about: their visitors, the e-mail addresses known to be theirs (lower-case) and
 * their proven customer ids. A case an agent opened by hand (a phone call, an e-mail) has no visitor, only the
 * contact e-mail and the customer id the agent typed: it is found by those. Who counts as the person is decided
 * in privacy/data-subject.ts.
 */
export interface DataSubject {
  visitorIds: string[];
  emails: string[];
  customerIds: string[];
}

/** Data-subject requests and retention. */
export interface PrivacyStore {
  /** Visitor ids by visitor id (when it exists) or by the retailer's customer id (identity.externalId). */
  findVisitorIds(ref: { visitorId?: string; customerId?: string }): Promise<string[]>;
  /**
   * Everything of the visitors, plus the agent-opened cases (source 'agent', no visitor) whose contact e-mail is one
   * of `emails` (letter case ignored) or whose customer id is one of `customerIds`.
   */
  export(subject: DataSubject): Promise<ShopperData>;
  /**
   * Deletes the visitors, their conversations with messages, their tickets, their cases (thread and history), their
   * chats' analytics text and QA review comments, and the agent-opened cases of `emails` and `customerIds` as export
   * finds them; returns counts.
   */
  erase(subject: DataSubject): Promise<{ visitors: number; conversations: number; messages: number; tickets: number; cases: number }>;
  /** Deletes conversations closed before `before` (ms) with their messages (analytics text and QA review comments cleared); returns how many. */
  purgeClosedBefore(before: number): Promise<number>;
  /**
   * Deletes up to `limit` cases closed before `before` (ms) with their thread, history and read mark, in one
   * go (one transaction in SQLite); returns how many. Only closed cases: every other status, however old, stays.
   * A duplicate merged into a case that is kept stays too (that case's thread carries its messages and files).
   * Their attachment records are left for the attachment purge (blobs, then records).
   */
  purgeCasesClosedBefore(before: number, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` old ticket rows (created before `before`) whose case, the copy with the same number,
   * is gone: retention purged it, so the ticket goes by the same rule. A ticket whose case is kept stays (the
   * console still shows a visitor's tickets). Returns how many.
   */
  purgeTicketsOfPurgedCases(before: number, limit: number): Promise<number>;
}

/** What the store computes for a metrics query: the query plus the chat first-response target it counts against. */
export interface MetricsComputeQuery extends MetricsQuery {
  chatFirstResponseTargetSeconds: number;
}

/**
 * Service figures, computed where the data lives (SQL aggregates, aggregation pipelines), never by reading
 * every row into the server. Conversations count by when they started, cases by when they were opened
 * (solved, closed and reopened counts by when that happened), facts by when they were recorded.
 * The adapters keep, per conversation, when and why it was first handed off and first assigned (later
 * transfers and hand-backs do not move them), which the figures are measured from.
 */
export interface MetricsStore {
  compute(query: MetricsComputeQuery): Promise<MetricsComputed>;
  /** The site's stored targets, or null when none were saved. */
  getTargets(siteId: string): Promise<MetricsTargets | null>;
  saveTargets(siteId: string, targets: MetricsTargets, updatedBy: string, at: number): Promise<void>;
}

export interface NewQaReview {
  siteId: string;
  conversationId: string;
  agentId: string;
  reviewerId: string;
  scores: QaScores;
  comment: string | null;
  createdAt: number;
}

export interface QaReviewQuery {
  agentId?: string;
  conversationId?: string;
  from?: number;
  to?: number;
  limit: number;
}

export interface QaSampleQuery {
  from: number;
  to: number;
  size: number;
  siteId?: string;
  department?: string;
  agentId?: string;
  /** 0..1, picks the random part (tests pass a fixed one). */
  seed: number;
}

/** Quality reviews of closed conversations. */
export interface QaStore {
  create(input: NewQaReview): Promise<QaReview>;
  /** Newest first. */
  list(query: QaReviewQuery): Promise<QaReview[]>;
  /**
   * Closed conversations an agent handled, closed in [from, to): every low-rated one (CSAT ≤ 2 or NPS ≤ 6),
   * then others in a random order, up to `size`; not yet reviewed before reviewed.
   */
  sample(query: QaSampleQuery): Promise<QaSampleItem[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  metrics: MetricsStore;
  qa: QaStore;
  privacy: PrivacyStore;
  visitors: VisitorStore;
  conversations: ConversationStore;
  messages: MessageStore;
  agents: AgentStore;
  tickets: TicketStore;
  cases: CaseStore;
  attachments: AttachmentStore;
  analytics: AnalyticsStore;
  kbDrafts: KbDraftStore;
  /** Key/value settings (e.g. the generated token secret). */
  getSetting(key: string): Promise<string | null>;
  /** Sets only when absent; returns the value now stored (first writer wins across instances). */
  setSettingIfAbsent(key: string, value: string): Promise<string>;
  /** Idempotent. */
  close(): Promise<void>;
}

export type { Identity, Priority, Rating, Resolution, HandoffSummary };
