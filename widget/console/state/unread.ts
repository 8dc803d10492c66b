import type { Conversation, Message } from '../../../shared/model';

/** Unread count per conversation id. */
export type UnreadCounts = Readonly<Record<string, number>>;

/**
 * Conversations whose unread count must be recounted from the transcript after a sync: the server
 * only gives seqs, and system notices (requeued, joined) move lastSeq without being unread work.
 */
export function needsRecount(conversations: readonly Conversation[]): Conversation[] {
  return conversations.filter((c) => c.lastSeq > c.agentReadSeq);
}

/** Shopper messages after the agent's read mark: the unread count of one transcript. */
export function unreadInTranscript(messages: readonly Message[], agentReadSeq: number): number {
  let n = 0;
  for (const m of messages) if (m.sender === 'shopper' && m.seq > agentReadSeq) n += 1;
  return n;
}

/** Counts kept across a resync for conversations still listed; the rest are dropped. */
export function keepCounts(counts: UnreadCounts, conversationIds: readonly string[]): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const id of conversationIds) if ((counts[id] ?? 0) > 0) kept[id] = counts[id] ?? 0;
  return kept;
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
