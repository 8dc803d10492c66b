import type { Message } from '../../shared/model';

function compare(a: Message, b: Message): number {
  // seq orders one conversation exactly; across conversations (a new chat after a closed one) time does.
  return a.conversationId === b.conversationId ? a.seq - b.seq : a.createdAt - b.createdAt;
}

/**
 * Merges incoming messages into a transcript: deduplicated by id (a resend or a resume can repeat one),
 * ordered by seq. Returns the same array when nothing changed, so renders can be skipped.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const ids = new Set(existing.map((m) => m.id));
  const fresh: Message[] = [];
  for (const m of incoming) {
    if (m.internal || ids.has(m.id)) continue;
    ids.add(m.id);
    fresh.push(m);
  }
  if (fresh.length === 0) return existing;
  return [...existing, ...fresh].sort(compare);
}

/** Highest seq held for a conversation (0 when none): what `session:resume` asks to continue from. */
export function lastSeqOf(messages: readonly Message[], conversationId: string | null): number {
  let max = 0;
  for (const m of messages) if (m.conversationId === conversationId && m.seq > max) max = m.seq;
  return max;
}
