/**
 * An agent's unread count per assigned chat, as the console shows it after a (re)connect: the shopper's
 * messages past the agent's read mark, counted by the store, so that a sync costs one indexed count per chat
 * with activity instead of a transcript, and stays exact past a transcript page.
 */
import type { Conversation } from '../../shared/model';
import type { Store } from '../store/store';

/** Counts by conversation id, only the chats with some unread (absent means none). */
export async function unreadCounts(store: Store, conversations: readonly Conversation[]): Promise<Record<string, number>> {
  // No activity past the read mark means nothing to count; system notices can move lastSeq, so the rest are counted.
  const active = conversations.filter((c) => c.lastSeq > c.agentReadSeq);
  const counts = await Promise.all(active.map((c) => store.messages.countShopperSince(c.id, c.agentReadSeq)));
  const unread: Record<string, number> = {};
  active.forEach((c, i) => {
    const n = counts[i] ?? 0;
    if (n > 0) unread[c.id] = n;
  });
  return unread;
}
