/**
 * The typed Socket.IO contract, per namespace. Commands (client → server) are `area:verb` in the imperative
 * (`conversation:take`, `read:mark`) and always take an acknowledgement callback; facts (server → client)
 * are `area:verb` in the past tense (`conversation:assigned`, `read:marked`). Areas are singular nouns.
 * Payload types come from schemas.ts.
 *
 * Usage: `io.of('/shopper') as Namespace<ShopperClientEvents, ShopperServerEvents>` on the server,
 * `io(url + '/shopper') as Socket<ShopperServerEvents, ShopperClientEvents>` in the browser.
 */
import type { z } from 'zod';
import type * as C from './cases';
import type { Case, CaseDetail, CaseListItem, CaseMessage, ShopperCaseView } from './cases';
import type { Ack } from './errors';
import type * as M from './metrics';
import type { MetricsDriftAlert } from './metrics';
import type {
  Agent,
  AgentPresence,
  Conversation,
  HandoffSummary,
  Locale,
  Message,
  Priority,
  QueueEntry,
  ShopperConversationView,
  Ticket,
  Visitor,
} from './model';
import type * as S from './schemas';

export const SHOPPER_NAMESPACE = '/shopper';
export const AGENT_NAMESPACE = '/agent';

type In<T extends z.ZodType> = z.input<T>;
type Cb<T> = (ack: Ack<T>) => void;

// ---------------- /shopper ----------------

export type ShopperAuth = In<typeof S.shopperAuthSchema>;

/** Returned by session:resume: everything the widget needs after (re)connecting. */
export interface ShopperSession {
  /** Keep this (localStorage) and send it in the handshake next time. */
  visitorToken: string;
  visitorId: string;
  conversation: ShopperConversationView | null;
  /** Messages with seq > sinceSeq, oldest first (internal notes never included). */
  messages: Message[];
  agentsOnline: boolean;
  /**
   * Widget texts the KB decides, per locale, keyed as in the widget's catalogue: the bot's name (`bot`) and
   * its greeting, so the widget introduces the bot as it will sign its answers.
   */
  texts: Record<Locale, KbTexts>;
  /** The largest file the server accepts (ATTACHMENT_MAX_BYTES), so the widget can refuse a bigger one at once. */
  attachmentMaxBytes: number;
}

export interface KbTexts {
  bot: string;
  greeting: string;
}

export interface ShopperClientEvents {
  'session:resume': (p: In<typeof S.sessionResumeSchema>, cb: Cb<ShopperSession>) => void;
  /** Idempotent per clientId: a resend returns the stored message. Starts a conversation if none is open. */
  'message:send': (p: In<typeof S.shopperSendSchema>, cb: Cb<{ message: Message }>) => void;
  'typing:set': (p: In<typeof S.shopperTypingSchema>, cb: Cb<null>) => void;
  'read:mark': (p: In<typeof S.readSchema>, cb: Cb<null>) => void;
  /** "Talk to a human" button. */
  'handoff:request': (p: In<typeof S.handoffRequestSchema>, cb: Cb<{ conversation: ShopperConversationView }>) => void;
  'conversation:rate': (p: In<typeof S.rateSchema>, cb: Cb<null>) => void;
  /** The 0–10 NPS answer after the stars, for the shopper's latest closed conversation (once). */
  'nps:submit': (p: In<typeof M.npsSubmitSchema>, cb: Cb<null>) => void;
  /** Thumbs on one of the bot's answers: recorded as the analytics fact bot.helpful / bot.unhelpful. */
  'answer:rate': (p: In<typeof S.answerRateSchema>, cb: Cb<null>) => void;
  'ticket:create': (p: In<typeof S.ticketCreateSchema>, cb: Cb<{ number: number }>) => void;
  'identity:set': (p: In<typeof S.identifySchema>, cb: Cb<{ verified: boolean; idVerified: boolean }>) => void;
  'locale:set': (p: In<typeof S.localeSetSchema>, cb: Cb<null>) => void;
  // Cases ("My requests"): an identified shopper's by customer id, an anonymous one's by visitor.
  'case:list': (p: Record<string, never>, cb: Cb<{ cases: ShopperCaseView[] }>) => void;
  /** The case and its public thread (never internal notes). */
  'case:get': (p: In<typeof C.caseRefSchema>, cb: Cb<{ case: ShopperCaseView; messages: CaseMessage[] }>) => void;
  'case:open': (p: In<typeof C.caseOpenSchema>, cb: Cb<{ case: ShopperCaseView }>) => void;
  'case:reply': (p: In<typeof C.shopperCaseReplySchema>, cb: Cb<{ message: CaseMessage }>) => void;
  /** "Did this solve it?": yes closes the case as resolved, no reopens it. */
  'case:confirm': (p: In<typeof C.caseConfirmSchema>, cb: Cb<{ case: ShopperCaseView }>) => void;
  'case:read': (p: In<typeof C.caseReadSchema>, cb: Cb<null>) => void;
}

export interface ShopperServerEvents {
  'message:created': (message: Message) => void;
  'conversation:updated': (conversation: ShopperConversationView) => void;
  'typing:changed': (p: { sender: 'agent' | 'bot'; isTyping: boolean; name: string | null }) => void;
  /** The agent has read up to this seq (read marks). */
  'read:marked': (p: { upToSeq: number }) => void;
  'presence:changed': (p: { agentsOnline: boolean }) => void;
  /** One of the shopper's cases changed (status, confirmation asked, unread count). */
  'case:updated': (c: ShopperCaseView) => void;
  /** A public message on one of the shopper's cases (agent reply, or the shopper's own from another device). */
  'case:replied': (p: { caseId: string; message: CaseMessage }) => void;
}

// ---------------- /agent ----------------

export type AgentAuth = In<typeof S.agentAuthSchema>;

/** A stretch of a transcript, oldest first: the latest in a detail, an earlier one from `message:list`. */
export interface TranscriptPage {
  /** At most LIMITS.transcriptPage messages, bot part included, internal notes only with full access. */
  messages: Message[];
  /** The first seq the page covers (notes left out of a preview count): the next page is asked before it. */
  fromSeq: number;
  /** Messages before fromSeq exist. */
  hasEarlier: boolean;
}

export interface ConversationDetail extends TranscriptPage {
  conversation: Conversation;
  visitor: Visitor;
  previous: Pick<Conversation, 'id' | 'status' | 'createdAt' | 'rating' | 'resolution'>[];
  tickets: Ticket[];
}

export interface ConsoleState {
  agent: Agent;
  presence: AgentPresence[];
  queue: QueueEntry[];
  /** Conversations assigned to this agent. */
  mine: Conversation[];
  /** Per conversation of `mine`: the shopper's messages past the agent's read mark (absent: none). */
  unread: Record<string, number>;
  departments: string[];
  cannedResponses: CannedResponse[];
  /** Open conversations that missed their first-response SLA (supervisors and admins only; else empty). */
  slaBreaches: SlaBreachNotice[];
  /** The largest file the server accepts (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes: number;
}

export interface SlaBreachNotice {
  conversationId: string;
  priority: Priority;
  waitedMs: number;
  at: number;
}

export interface CannedResponse {
  shortcut: string;
  text: string;
}

/** A KB answer an agent may insert: suggested for the conversation, or found by kb:search. */
export interface AssistSuggestion {
  intent: string;
  title: string;
  /** The answer in the conversation's (or the search's) language, KB markdown. */
  text: string;
  /** The conversation-level match, 0..1 (0 for search results). */
  confidence: number;
}

export interface ConversationListItem {
  conversation: Conversation;
  visitorName: string | null;
  lastMessage: string | null;
}

export interface AgentClientEvents {
  'console:sync': (p: Record<string, never>, cb: Cb<ConsoleState>) => void;
  'conversation:list': (p: In<typeof S.listViewSchema>, cb: Cb<{ items: ConversationListItem[] }>) => void;
  /**
   * The chat as it is once this socket hears its live traffic: a change while it was read (another agent's
   * take, a transfer) answers from after the change, FORBIDDEN when nothing is left to read.
   */
  'conversation:get': (p: In<typeof S.conversationRefSchema>, cb: Cb<ConversationDetail>) => void;
  /** The transcript page before a seq ("Load earlier messages"), under the same access as conversation:get. */
  'message:list': (p: In<typeof S.transcriptPageSchema>, cb: Cb<TranscriptPage>) => void;
  /**
   * Atomic: exactly one of several racing agents gets ok; the others get ALREADY_TAKEN. Answered as
   * conversation:get is: a chat moved away before the answer (a supervisor's transfer) answers FORBIDDEN.
   */
  'conversation:take': (p: In<typeof S.conversationRefSchema>, cb: Cb<ConversationDetail>) => void;
  'message:send': (p: In<typeof S.agentSendSchema>, cb: Cb<{ message: Message }>) => void;
  'typing:set': (p: In<typeof S.agentTypingSchema>, cb: Cb<null>) => void;
  'read:mark': (p: In<typeof S.agentReadSchema>, cb: Cb<null>) => void;
  'conversation:close': (p: In<typeof S.closeSchema>, cb: Cb<{ conversation: Conversation }>) => void;
  'conversation:transfer': (p: In<typeof S.transferSchema>, cb: Cb<{ conversation: Conversation }>) => void;
  'conversation:hand-back': (p: In<typeof S.conversationRefSchema>, cb: Cb<{ conversation: Conversation }>) => void;
  'tags:set': (p: In<typeof S.tagsSetSchema>, cb: Cb<{ conversation: Conversation }>) => void;
  'presence:set': (p: In<typeof S.presenceSetSchema>, cb: Cb<null>) => void;
  /** KB answers matching the shopper's messages so far (agent assist). */
  'assist:suggest': (p: In<typeof S.conversationRefSchema>, cb: Cb<{ suggestions: AssistSuggestion[] }>) => void;
  /** The agent inserted a suggestion: recorded as the analytics fact assist.used. */
  'assist:use': (p: In<typeof S.assistUseSchema>, cb: Cb<null>) => void;
  'kb:search': (p: In<typeof S.kbSearchSchema>, cb: Cb<{ results: AssistSuggestion[] }>) => void;
  // Cases: agents see their departments' cases, supervisors and admins all.
  'case:list': (p: In<typeof C.agentCaseListSchema>, cb: Cb<{ cases: CaseListItem[] }>) => void;
  'case:get': (p: In<typeof C.caseRefSchema>, cb: Cb<CaseDetail>) => void;
  'case:open': (p: In<typeof C.agentCaseOpenSchema>, cb: Cb<{ case: Case }>) => void;
  'case:reply': (p: In<typeof C.caseReplySchema>, cb: Cb<{ case: Case; message: CaseMessage }>) => void;
  'case:set-status': (p: In<typeof C.caseSetStatusSchema>, cb: Cb<{ case: Case }>) => void;
  'case:set-priority': (p: In<typeof C.caseSetPrioritySchema>, cb: Cb<{ case: Case }>) => void;
  'case:assign': (p: In<typeof C.caseAssignSchema>, cb: Cb<{ case: Case }>) => void;
  /** Bulk assign: each case on its own; the ones that failed come back with their error code. */
  'case:assign-many': (
    p: In<typeof C.caseAssignManySchema>,
    cb: Cb<{ cases: Case[]; failed: { caseId: string; code: string }[] }>,
  ) => void;
  'case:escalate': (p: In<typeof C.caseEscalateSchema>, cb: Cb<{ case: Case }>) => void;
  'case:merge': (p: In<typeof C.caseMergeSchema>, cb: Cb<{ primary: Case; duplicate: Case }>) => void;
  /** A chat becomes a case: its transcript is the case's first messages, and the chat closes. */
  'conversation:convert': (p: In<typeof C.conversationConvertSchema>, cb: Cb<{ case: Case }>) => void;
}

export interface AgentServerEvents {
  /** The whole waiting queue, in routing order, after any change. */
  'queue:changed': (p: { queue: QueueEntry[] }) => void;
  /** A waiting chat nobody has taken yet: sent again at an interval until taken. */
  'queue:alerted': (p: { conversationId: string; priority: Priority; waitingMs: number }) => void;
  'conversation:updated': (conversation: Conversation) => void;
  /** This agent now owns the conversation (auto-assign, transfer). */
  'conversation:assigned': (p: { conversation: Conversation; summary: HandoffSummary | null }) => void;
  'message:created': (message: Message) => void;
  /**
   * This socket had the conversation open with full access and lost it (transferred, handed back): drop what
   * was read with it (notes). `preview`: it now waits in a department this agent serves. `was: 'preview'`: it
   * was open as a preview and is no longer this agent's to read (another agent took it, or it left the queue).
   */
  'conversation:access-ended': (p: { conversationId: string; access: 'preview' | 'none'; was: 'full' | 'preview' }) => void;
  'typing:changed': (p: { conversationId: string; isTyping: boolean; draft: string | null }) => void;
  'read:marked': (p: { conversationId: string; upToSeq: number }) => void;
  'presence:changed': (p: { presence: AgentPresence[] }) => void;
  'sla:breached': (p: { conversationId: string; priority: Priority; waitedMs: number }) => void;
  /** A case visible to this agent was created or changed. */
  'case:updated': (c: Case) => void;
  'case:replied': (p: { caseId: string; message: CaseMessage }) => void;
  /** This agent (or their department) now owns an escalated case. */
  'case:escalated': (p: { case: Case; reason: string; isAutomatic: boolean }) => void;
  /** Supervisors and admins: a figure passed its target in the recent window (what moved, from what to what). */
  'metrics:drifted': (p: MetricsDriftAlert) => void;
}

export type { Ack };
