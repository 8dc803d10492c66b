import type { Message } from '../../../shared/model';

/**
 * Adds a message to a transcript: deduplicated by id (a reconnect or our own ack can deliver it twice)
 * and kept in seq order, so a late delivery lands where the server put it.
 * Returns the same array when nothing changed, so callers can skip a render.
 */
export function applyMessageCreated(messages: readonly Message[], message: Message): Message[] {
  const existing = messages.findIndex((m) => m.id === message.id);
  if (existing !== -1) {
    const copy = messages.slice();
    copy[existing] = message;
    return copy;
  }
  const last = messages[messages.length - 1];
  if (last === undefined || last.seq <= message.seq) return [...messages, message];
  const copy = [...messages, message];
  copy.sort((a, b) => a.seq - b.seq);
  return copy;
}

/** Merges a batch (e.g. a re-fetched transcript) into what we hold, same rules as applyMessageCreated. */
export function mergeMessages(messages: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of messages) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** Highest seq in a transcript, 0 when empty. */
export function lastSeqOf(messages: readonly Message[]): number {
  let max = 0;
  for (const m of messages) if (m.seq > max) max = m.seq;
  return max;
}
