/**
 * Row shapes of the SQLite tables and their mapping to the shared model: JSON columns parsed,
 * 0/1 turned into booleans, every absent value null (never undefined).
 */
import type { AttachmentRef } from '../../../shared/cases';
import type {
  Agent,
  AgentRole,
  BotMeta,
  Conversation,
  ConversationStatus,
  HandoffSummary,
  Identity,
  Locale,
  Message,
  Priority,
  Rating,
  Resolution,
  SenderKind,
  SystemEvent,
  Ticket,
  TicketStatus,
  Visitor,
} from '../../../shared/model';

export interface VisitorRow {
  id: string;
  site_id: string;
  token_hash: string;
  identity: string;
  locale: string;
  last_agent_id: string | null;
  created_at: number;
  last_seen_at: number;
}

export interface ConversationRow {
  id: string;
  site_id: string;
  visitor_id: string;
  status: string;
  department: string;
  priority: string;
  assigned_agent_id: string | null;
  locale: string;
  last_seq: number;
  fallback_count: number;
  handoff: string | null;
  tags: string;
  rating: string | null;
  resolution: string | null;
  page_url: string | null;
  created_at: number;
  updated_at: number;
  waiting_since: number | null;
  assigned_at: number | null;
  first_response_at: number | null;
  closed_at: number | null;
  shopper_read_seq: number;
  agent_read_seq: number;
  sla_breached_at: number | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string | null;
  sender: string;
  agent_id: string | null;
  sender_name: string | null;
  text: string;
  internal: number;
  bot: string | null;
  event: string | null;
  attachments: string;
  created_at: number;
}

export interface AgentRow {
  id: string;
  email: string;
  email_key: string;
  name: string;
  password_hash: string;
  role: string;
  departments: string;
  max_chats: number;
  avatar_url: string | null;
  created_at: number;
  is_active: number;
  token_version: number;
}

export interface TicketRow {
  id: string;
  number: number;
  site_id: string;
  visitor_id: string;
  conversation_id: string | null;
  department: string;
  name: string;
  email: string;
  message: string;
  status: string;
  reply: string | null;
  replied_by: string | null;
  created_at: number;
  replied_at: number | null;
  reply_seen: number;
}

/** JSON text of a value for a TEXT column; null stays SQL NULL. */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

// The column was written by toJson from a value of type T, so the parse is typed by construction.
/** Identities stored before a field existed read it as its default (idVerified came with signed identities). */
const NO_IDENTITY: Identity = { externalId: null, name: null, email: null, verified: false, idVerified: false, tier: null };

function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toVisitor(r: VisitorRow): Visitor {
  return {
    id: r.id,
    siteId: r.site_id,
    identity: { ...NO_IDENTITY, ...fromJson<Partial<Identity>>(r.identity) },
    locale: r.locale as Locale,
    lastAgentId: r.last_agent_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  };
}

export function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    siteId: r.site_id,
    visitorId: r.visitor_id,
    status: r.status as ConversationStatus,
    department: r.department,
    priority: r.priority as Priority,
    assignedAgentId: r.assigned_agent_id,
    locale: r.locale as Locale,
    lastSeq: r.last_seq,
    fallbackCount: r.fallback_count,
    handoff: fromJson<HandoffSummary>(r.handoff),
    tags: fromJson<string[]>(r.tags) ?? [],
    rating: fromJson<Rating>(r.rating),
    resolution: r.resolution as Resolution | null,
    pageUrl: r.page_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    waitingSince: r.waiting_since,
    assignedAt: r.assigned_at,
    firstResponseAt: r.first_response_at,
    closedAt: r.closed_at,
    shopperReadSeq: r.shopper_read_seq,
    agentReadSeq: r.agent_read_seq,
    slaBreachedAt: r.sla_breached_at,
  };
}

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    clientId: r.client_id,
    sender: r.sender as SenderKind,
    agentId: r.agent_id,
    senderName: r.sender_name,
    text: r.text,
    internal: r.internal === 1,
    bot: fromJson<BotMeta>(r.bot),
    event: fromJson<SystemEvent>(r.event),
    attachments: fromJson<AttachmentRef[]>(r.attachments) ?? [],
    createdAt: r.created_at,
  };
}

export function toAgent(r: AgentRow): Agent {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as AgentRole,
    departments: fromJson<string[]>(r.departments) ?? [],
    maxChats: r.max_chats,
    avatarUrl: r.avatar_url,
    createdAt: r.created_at,
    isActive: r.is_active === 1,
    tokenVersion: r.token_version,
  };
}

export function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    number: r.number,
    siteId: r.site_id,
    visitorId: r.visitor_id,
    conversationId: r.conversation_id,
    department: r.department,
    name: r.name,
    email: r.email,
    message: r.message,
    status: r.status as TicketStatus,
    reply: r.reply,
    repliedBy: r.replied_by,
    createdAt: r.created_at,
    repliedAt: r.replied_at,
  };
}
