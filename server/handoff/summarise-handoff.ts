/** The handoff summary an agent reads first: why, what the bot understood, order numbers and e-mails spotted. */
import type { Conversation, HandoffReason, HandoffSummary, Priority } from '../../shared/model';
import type { Store } from '../store/store';
import { extractDetails } from './extract-details';

export interface HandoffInfo {
  department?: string | null;
  priority?: Priority;
  intent?: string | null;
  topIntents?: { intent: string; confidence: number }[];
  sentiment?: number | null;
  note?: string | null;
}

export async function summariseHandoff(
  store: Store,
  conversation: Conversation,
  reason: HandoffReason,
  info: HandoffInfo,
): Promise<HandoffSummary> {
  const messages = await store.messages.listSince(conversation.id, 0, { limit: 500 });
  const { orderNumbers, emails } = extractDetails(messages.filter((m) => m.sender === 'shopper').map((m) => m.text));
  return {
    reason,
    intent: info.intent ?? null,
    topIntents: info.topIntents ?? [],
    orderNumbers,
    emails,
    sentiment: info.sentiment ?? null,
    note: info.note ?? null,
  };
}
