import type { Message } from '../../../shared/model';

/** Unread count per conversation id. */
export type UnreadCounts = Readonly<Record<string, number>>;

/**
 * The counts a sync gives: the server's, for every conversation in Mine (it counts from the agent's read
 * mark, so counts of chats read elsewhere meanwhile drop). The open conversation is being read right now.
 */
export function syncedCounts(server: UnreadCounts, openId: string | null): UnreadCounts {
  if (openId === null || server[openId] === undefined) return server;
  return { ...server, [openId]: 0 };
}

/**
 * Counts a new message. Only what the shopper writes is unread work; a reply from this agent means
 * they have read the conversation, and a message the agent is looking at right now is read on arrival.
 */
export function countUnread(
  counts: UnreadCounts,
  message: Message,
  opts: { myAgentId: string | null; isVisible: boolean },
): UnreadCounts {
  const id = message.conversationId;
  if (opts.isVisible) return markRead(counts, id);
  if (message.sender === 'agent' && message.agentId === opts.myAgentId && !message.internal) return markRead(counts, id);
  if (message.sender !== 'shopper') return counts;
  return { ...counts, [id]: (counts[id] ?? 0) + 1 };
}

/** Clears one conversation's count; returns the same object when already clear. */
export function markRead(counts: UnreadCounts, conversationId: string): UnreadCounts {
  if ((counts[conversationId] ?? 0) === 0) return counts;
  return { ...counts, [conversationId]: 0 };
}

/** Sum over the given conversations (the ones still in Mine), for the title badge. */
export function totalUnread(counts: UnreadCounts, conversationIds: readonly string[]): number {
  let total = 0;
  for (const id of conversationIds) total += counts[id] ?? 0;
  return total;
}
