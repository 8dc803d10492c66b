/**
 * Lean MongoDB documents to the shared model: fields picked one by one, so `_id` becomes `id` and nothing
 * internal (tokenHash, passwordHash, priorityRank, replySeen) leaks; a field missing from an older document
 * reads as null, never undefined.
 */
import type { Agent, Conversation, Message, Ticket, Visitor } from '../../../shared/model';
import type { AgentDoc, ConversationDoc, MessageDoc, TicketDoc, VisitorDoc } from './models';

export function toVisitor(d: VisitorDoc): Visitor {
  return {
    id: d._id,
    siteId: d.siteId,
    identity: {
      externalId: d.identity?.externalId ?? null,
      name: d.identity?.name ?? null,
      email: d.identity?.email ?? null,
      verified: d.identity?.verified === true,
      idVerified: d.identity?.idVerified === true,
      tier: d.identity?.tier ?? null,
    },
    locale: d.locale,
    lastAgentId: d.lastAgentId ?? null,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
  };
}

export function toConversation(d: ConversationDoc): Conversation {
  return {
    id: d._id,
    siteId: d.siteId,
    visitorId: d.visitorId,
    status: d.status,
    department: d.department,
    priority: d.priority,
    assignedAgentId: d.assignedAgentId ?? null,
    locale: d.locale,
    lastSeq: d.lastSeq,
    fallbackCount: d.fallbackCount ?? 0,
    handoff: d.handoff ?? null,
    tags: d.tags ?? [],
    rating: d.rating ?? null,
    resolution: d.resolution ?? null,
    pageUrl: d.pageUrl ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    waitingSince: d.waitingSince ?? null,
    assignedAt: d.assignedAt ?? null,
    firstResponseAt: d.firstResponseAt ?? null,
    closedAt: d.closedAt ?? null,
    shopperReadSeq: d.shopperReadSeq ?? 0,
    agentReadSeq: d.agentReadSeq ?? 0,
    slaBreachedAt: d.slaBreachedAt ?? null,
  };
}

export function toMessage(d: MessageDoc): Message {
  return {
    id: d._id,
    conversationId: d.conversationId,
    seq: d.seq,
    clientId: d.clientId ?? null,
    sender: d.sender,
    agentId: d.agentId ?? null,
    senderName: d.senderName ?? null,
    text: d.text,
    internal: d.internal === true,
    bot: d.bot ?? null,
    event: d.event ?? null,
    attachments: d.attachments ?? [],
    createdAt: d.createdAt,
  };
}

export function toAgent(d: AgentDoc): Agent {
  return {
    id: d._id,
    email: d.email,
    name: d.name,
    role: d.role,
    departments: d.departments ?? [],
    maxChats: d.maxChats,
    avatarUrl: d.avatarUrl ?? null,
    createdAt: d.createdAt,
    isActive: d.isActive !== false,
    tokenVersion: d.tokenVersion ?? 0,
  };
}

export function toTicket(d: TicketDoc): Ticket {
  return {
    id: d._id,
    number: d.number,
    siteId: d.siteId,
    visitorId: d.visitorId,
    conversationId: d.conversationId ?? null,
    department: d.department,
    name: d.name,
    email: d.email,
    message: d.message,
    status: d.status,
    reply: d.reply ?? null,
    repliedBy: d.repliedBy ?? null,
    createdAt: d.createdAt,
    repliedAt: d.repliedAt ?? null,
  };
}
