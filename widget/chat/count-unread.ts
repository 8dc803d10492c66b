import type { Message } from '../../shared/model';

/** Bot/agent messages of the current conversation above the shopper's read mark (drives the badge). */
export function countUnread(messages: readonly Message[], conversationId: string | null, readSeq: number): number {
  let n = 0;
  for (const m of messages) if (m.conversationId === conversationId && m.seq > readSeq && (m.sender === 'agent' || m.sender === 'bot')) n++;
  return n;
}
