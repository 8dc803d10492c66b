/**
 * The handoff summary an agent reads first: why, what the bot understood over the whole conversation, order
 * numbers and e-mails spotted in its latest messages, and the action the bot ran.
 */
import type { ActionSlot, Conversation, HandoffReason, HandoffSummary, Message, Priority } from '../../shared/model';
import { NO_PHOTO } from '../actions/step-dialogue';
import type { Store } from '../store/store';
import { extractDetails } from './extract-details';

export interface HandoffInfo {
  department?: string | null;
  priority?: Priority;
  intent?: string | null;
  topIntents?: { intent: string; confidence: number }[];
  sentiment?: number | null;
  note?: string | null;
  /** What the whole conversation is about (bot/rank-conversation.ts), not only its last message. */
  topic?: string | null;
}

/** The `photo` slot holds blob ids: the agent reads the files' names (the photos are in the transcript). */
function readableSlots(slots: Partial<Record<ActionSlot, string>>, messages: readonly Message[]): Partial<Record<ActionSlot, string>> {
  if (!slots.photo) return slots;
  if (slots.photo === NO_PHOTO) return { ...slots, photo: NO_PHOTO };
  const names = new Map(messages.flatMap((m) => m.attachments.map((a) => [a.blobId, a.name] as const)));
  return { ...slots, photo: slots.photo.split(',').map((id) => names.get(id) ?? id).join(', ') };
}

/**
 * The latest messages the summary reads: the last 100 turns or so. An order number or e-mail the
 * shopper means now, and the bot's last action with its photos, are recent; the first 500 (as this once read)
 * missed them in a long chat, and a wider window would list numbers the chat has long moved on from.
 */
export const HANDOFF_LOOKBACK = 200;

/**
 * The transcript a handoff is made from: read once and handed on (the department from the bot's last intent,
 * the topic, this summary, the KB-gap facts), where each used to read its own window of the same messages.
 */
export async function readHandoffTranscript(
  store: Store,
  conversation: Pick<Conversation, 'id' | 'lastSeq'>,
  /** Messages the caller read (listSince from `since`, no limit, no notes): used when they cover the window. */
  read?: { since: number; messages: readonly Message[] },
): Promise<readonly Message[]> {
  const from = Math.max(0, conversation.lastSeq - HANDOFF_LOOKBACK);
  // A short chat's turn has read all of it already: most handoffs come within its first few messages.
  if (read && read.since <= from) return read.messages.filter((m) => m.seq > from);
  return store.messages.listSince(conversation.id, from);
}

export async function summariseHandoff(
  store: Store,
  conversation: Conversation,
  reason: HandoffReason,
  info: HandoffInfo,
  /** readHandoffTranscript's, when the caller has it. */
  transcript?: readonly Message[],
): Promise<HandoffSummary> {
  const messages = transcript ?? (await readHandoffTranscript(store, conversation));
  const { orderNumbers, emails } = extractDetails(messages.filter((m) => m.sender === 'shopper').map((m) => m.text));
  // The last action the bot ran (or was running): the agent sees its slots and result and need not ask again.
  const action = [...messages].reverse().find((m) => m.bot?.action)?.bot?.action;
  return {
    reason,
    intent: info.intent ?? null,
    topIntents: info.topIntents ?? [],
    orderNumbers,
    emails,
    sentiment: info.sentiment ?? null,
    note: info.note ?? null,
    action: action ? { name: action.name, slots: readableSlots(action.slots, messages), outcome: action.outcome } : null,
    topic: info.topic ?? null,
  };
}
