import type { Conversation, Message, QueueEntry } from '../../../shared/model';

/** A message with sensible defaults for reducer tests. */
export function msg(over: Partial<Message> & { id: string; seq: number }): Message {
  return {
    conversationId: 'c1',
    clientId: null,
    sender: 'shopper',
    agentId: null,
    senderName: null,
    text: `text ${over.seq}`,
    internal: false,
    attachments: [],
    bot: null,
    event: null,
    createdAt: 1000 + over.seq,
    ...over,
  };
}

/** A conversation assigned to agent a1 unless overridden. */
export function conv(over: Partial<Conversation> & { id: string }): Conversation {
  return {
    siteId: 's',
    visitorId: 'v',
    status: 'assigned',
    department: 'general',
    priority: 'normal',
    assignedAgentId: 'a1',
    locale: 'en',
    lastSeq: 0,
    fallbackCount: 0,
    handoff: null,
    tags: [],
    rating: null,
    resolution: null,
    pageUrl: null,
    createdAt: 0,
    updatedAt: 0,
    waitingSince: null,
    assignedAt: null,
    firstResponseAt: null,
    closedAt: null,
    shopperReadSeq: 0,
    agentReadSeq: 0,
    slaBreachedAt: null,
    ...over,
  };
}

/** A queue entry. */
export function entry(over: Partial<QueueEntry> & { conversationId: string }): QueueEntry {
  return {
    department: 'general',
    priority: 'normal',
    waitingSince: 0,
    position: 1,
    visitorName: null,
    preview: '',
    locale: 'en',
    ...over,
  };
}
