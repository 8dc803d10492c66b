/**
 * Domain types shared by the server, the widget and the console.
 * Plain data only (no classes, no Node or DOM imports): every store adapter returns these shapes.
 * Times are epoch milliseconds.
 */
import type { AttachmentRef } from './cases';

export type { AttachmentRef };

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** bot: the bot answers · waiting: queued for a human · assigned: an agent owns it · closed. */
export type ConversationStatus = 'bot' | 'waiting' | 'assigned' | 'closed';
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type SenderKind = 'shopper' | 'bot' | 'agent' | 'system';
export type Resolution = 'resolved' | 'not_resolved' | 'spam';
/** request: typed ("a human please") · button: the widget's "talk to a person" · intent: a KB intent that always goes to a person. */
export type HandoffReason = 'request' | 'button' | 'intent' | 'fallbacks' | 'sentiment' | 'transfer' | 'returning';
export type Decision = 'answer' | 'clarify' | 'fallback' | 'handoff';
export type AgentRole = 'agent' | 'supervisor' | 'admin';
export type PresenceStatus = 'online' | 'away' | 'offline';

/** A button under a bot message: sends `text` as the shopper's message, or opens `url`. */
export interface QuickReply {
  label: string;
  text?: string;
  url?: string;
}

/** What the bot attaches to its own messages, so the widget can render chips and the console can show intent. */
export interface BotMeta {
  decision: Decision;
  intent: string | null;
  confidence: number;
  /** Quick replies from the KB answer, or clarify/follow-up chips. */
  quickReplies: QuickReply[];
  /** The action dialogue this message belongs to (absent on plain answers). */
  action?: ActionState;
  /** An action's result to show as a card; the message text says the same in markdown. */
  card?: ActionCard;
  /**
   * The bot asked for a photo before handing off (a damaged item): the widget offers the attach button. The
   * shopper's next message (a photo, or "continue without") resumes the hand-off for `question`.
   */
  attachmentRequest?: { intent: string; question: string };
}

/** Actions a KB intent may run through the retailer's systems. */
export type ActionKind = 'order.lookup' | 'order.cancel' | 'return.request' | 'case.status';
/** `photo`: the blob ids of the shopper's photos (comma-separated), or `none` when they went on without one. */
export type ActionSlot = 'orderNumber' | 'email' | 'items' | 'reason' | 'photo';

/**
 * Where an action dialogue stands, carried on each of its bot messages so the next shopper message
 * resumes it (the transcript is the state: it survives restarts and runs on any instance).
 */
export interface ActionState {
  name: ActionKind;
  intent: string;
  /** Slots the action asks for, in order. */
  needs: ActionSlot[];
  /** Values so far: the order number, e-mail, chosen skus (comma-separated), return reason, photo blob ids. */
  slots: Partial<Record<ActionSlot, string>>;
  /** What the last bot question asked for. */
  awaiting: ActionSlot | 'confirm' | null;
  phase: 'asking' | 'done' | 'stopped' | 'failed';
  /** The order was found for this identity (cancel and return look it up before asking further). */
  isOrderChecked: boolean;
  /** The shopper said yes to the confirmation step (order.cancel). */
  isConfirmed: boolean;
  /** The order's items, for the items question: sku and display name. */
  choices: { sku: string; name: string }[];
  /** How it ended, for the agent: found, not_found, cancelled, refused:<reason>, created, ACTION_TIMEOUT, … */
  outcome: string | null;
}

/** An action's result as the shopper sees it. */
export type ActionCard =
  | {
      kind: 'order';
      orderNumber: string;
      status: string;
      carrier: string | null;
      trackingUrl: string | null;
      expectedDelivery: string | null;
      deliveredAt: string | null;
      items: { name: string; quantity: number }[];
    }
  | { kind: 'cancel'; orderNumber: string; outcome: 'cancelled' | 'refused' }
  /** `photoCount`: the shopper's photos sent with the return (absent: none). */
  | { kind: 'return'; orderNumber: string; returnId: string; labelUrl: string; steps: string[]; photoCount?: number }
  /** The shopper's open requests (case.status): number, status, and the reply target while unanswered. */
  | {
      kind: 'cases';
      cases: { number: number; status: string; subject: string; replyTargetMinutes: number; isAwaitingReply: boolean }[];
    };

/** System notices shown in both transcripts (queued, agent joined, closed, …). */
export type SystemEventKind =
  | 'queued'
  | 'assigned'
  | 'transferred'
  | 'handed_back'
  | 'closed'
  | 'agent_left'
  | 'requeued';

export interface SystemEvent {
  kind: SystemEventKind;
  agentName?: string;
  department?: string;
  /** The department's display name in the conversation's language at the time (ids are not for shoppers). */
  departmentName?: string;
  /** Queue position at the time of the notice, where relevant. */
  position?: number;
}

export interface Message {
  id: string;
  conversationId: string;
  /** Server-assigned, increasing by one per conversation, starting at 1. */
  seq: number;
  /** The sender's own id for the message, used to deduplicate resends; null for server-made messages. */
  clientId: string | null;
  sender: SenderKind;
  /** Agent id when sender is 'agent'. */
  agentId: string | null;
  /** Display name of the sender (agent's name, bot's name). */
  senderName: string | null;
  text: string;
  /** Internal notes are visible to agents only and never reach the shopper. */
  internal: boolean;
  bot: BotMeta | null;
  event: SystemEvent | null;
  /** Files sent with the message (photos, PDFs): references into the blob store, served by /api/attachments/:id. */
  attachments: AttachmentRef[];
  createdAt: number;
}

export interface Rating {
  score: number; // 1..5
  comment: string | null;
  createdAt: number;
  /** The optional 0–10 "would you recommend us?" answer after the stars (absent or null: not answered). */
  nps?: number | null;
}

export interface Identity {
  externalId: string | null;
  name: string | null;
  email: string | null;
  /**
   * True only when the host site signed the whole identity (the identity token): then name, e-mail and
   * tier are trusted (verified badge, VIP priority).
   */
  verified: boolean;
  /** True when at least the id is proven (the token, or the older id-only hash); name and e-mail may still be the shopper's own claims. */
  idVerified: boolean;
  /** Only from a signed identity token; null otherwise. */
  tier: string | null;
}

export interface Visitor {
  id: string;
  siteId: string;
  identity: Identity;
  locale: Locale;
  /** The agent this visitor last talked to, for sticky routing. */
  lastAgentId: string | null;
  createdAt: number;
  lastSeenAt: number;
}

/** Why the bot handed off and what it understood: shown at the top of the agent's view. */
export interface HandoffSummary {
  reason: HandoffReason;
  intent: string | null;
  topIntents: { intent: string; confidence: number }[];
  /** Details spotted in the shopper's messages. */
  orderNumbers: string[];
  emails: string[];
  sentiment: number | null;
  note: string | null;
  /** The last action the bot ran for the shopper, so the agent does not ask again. */
  action?: { name: ActionKind; slots: Partial<Record<ActionSlot, string>>; outcome: string | null } | null;
  /** The conversation's topic, ranked over all the shopper's messages (not only the last). */
  topic?: string | null;
}

export interface Conversation {
  id: string;
  siteId: string;
  visitorId: string;
  status: ConversationStatus;
  department: string;
  priority: Priority;
  assignedAgentId: string | null;
  locale: Locale;
  /** Last assigned seq; the next message gets lastSeq + 1. */
  lastSeq: number;
  /** Consecutive bot fallbacks, reset by an answer. */
  fallbackCount: number;
  handoff: HandoffSummary | null;
  tags: string[];
  rating: Rating | null;
  resolution: Resolution | null;
  /** Page the shopper is on (latest). */
  pageUrl: string | null;
  createdAt: number;
  updatedAt: number;
  waitingSince: number | null;
  assignedAt: number | null;
  firstResponseAt: number | null;
  closedAt: number | null;
  /** Highest seq the shopper / the agent has read. */
  shopperReadSeq: number;
  agentReadSeq: number;
  slaBreachedAt: number | null;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  departments: string[];
  maxChats: number;
  avatarUrl: string | null;
  createdAt: number;
  /** False once an admin deactivated the agent: no login, every session ended. */
  isActive: boolean;
  /** Tokens carry the version they were signed at; bumping it (sign out everywhere) ends every session. */
  tokenVersion: number;
}

export type TicketStatus = 'open' | 'answered' | 'closed';

export interface Ticket {
  id: string;
  /** Human-friendly, increasing per store: the number the shopper sees. */
  number: number;
  siteId: string;
  visitorId: string;
  conversationId: string | null;
  department: string;
  name: string;
  email: string;
  message: string;
  status: TicketStatus;
  reply: string | null;
  repliedBy: string | null;
  createdAt: number;
  repliedAt: number | null;
}

/** A queue entry as agents see it. */
export interface QueueEntry {
  conversationId: string;
  department: string;
  priority: Priority;
  waitingSince: number;
  position: number;
  visitorName: string | null;
  preview: string;
  locale: Locale;
}

/** What the shopper's widget needs to render the conversation state. */
export interface ShopperConversationView {
  id: string;
  status: ConversationStatus;
  agent: { name: string; avatarUrl: string | null } | null;
  queue: { position: number; estimatedWaitSec: number } | null;
  /** True after an agent closed it and before the shopper rated it. */
  ratingRequested: boolean;
  rating: Rating | null;
  /** Highest seq the agent has read, so a reload keeps showing "Read". */
  agentReadSeq: number;
}

export interface AgentPresence {
  agentId: string;
  name: string;
  status: PresenceStatus;
  activeChats: number;
  maxChats: number;
  departments: string[];
}
