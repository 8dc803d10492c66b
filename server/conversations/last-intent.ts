/**
 * What the conversation was last about, from the bot's side: the latest bot message that answered a KB intent.
 * "Talk to a person" pressed (or typed) after a returns answer belongs in the returns queue, not in general.
 */
import type { Conversation, Message } from '../../shared/model';
import type { Bot } from '../bot/create-bot';

/** How far back to look: the intent that matters is the recent one, and a long chat must not cost a full read. */
const LOOKBACK = 50;

/** From the chat's latest messages, read by the caller (oldest first; a wider window is cut to this one). */
export function lastIntentIn(
  bot: Bot,
  conversation: Pick<Conversation, 'lastSeq'>,
  messages: readonly Message[],
): { intent: string; department: string } | null {
  const since = Math.max(0, conversation.lastSeq - LOOKBACK);
  const recent = messages.filter((m) => m.seq > since).slice(0, LOOKBACK * 2);
  for (let i = recent.length - 1; i >= 0; i -= 1) {
    const intentId = recent[i]!.bot?.intent;
    if (!intentId) continue;
    const intent = bot.kb.intents.find((it) => it.id === intentId);
    if (intent) return { intent: intent.id, department: intent.department };
  }
  return null;
}
