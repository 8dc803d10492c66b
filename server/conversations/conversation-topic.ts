/** The whole conversation's ranking for a handoff summary: read the shopper's messages, rank them together. */
import type { Conversation, Message } from '../../shared/model';
import type { Bot } from '../bot/create-bot';
import { rankConversation } from '../bot/rank-conversation';
import type { Store } from '../store/store';

/**
 * rankConversation counts the last 10 shopper messages; 100 messages hold them even when the bot answers with
 * several and agents or notices come between. Read from the end: the first 500 (as this once read) missed a
 * long chat's latest turns, the very ones that weigh most.
 */
const RANK_LOOKBACK = 100;

/** The shopper's texts among the chat's latest messages, oldest first. A stale lastSeq only widens the read. */
export async function recentShopperTexts(store: Store, conversation: Pick<Conversation, 'id' | 'lastSeq'>): Promise<string[]> {
  const messages = await store.messages.listSince(conversation.id, Math.max(0, conversation.lastSeq - RANK_LOOKBACK));
  return messages.filter((m) => m.sender === 'shopper').map((m) => m.text);
}

export interface ConversationTopic {
  topic: string | null;
  topIntents: { intent: string; confidence: number }[];
}

const rank = (bot: Bot, shopperTexts: readonly string[]): ConversationTopic => {
  const ranking = rankConversation(bot, shopperTexts);
  return { topic: ranking.topic, topIntents: ranking.candidates.slice(0, 3) };
};

/** What the conversation is about, from its latest messages read by the caller (oldest first; a wider window is cut to this one). */
export function topicOf(bot: Bot, conversation: Pick<Conversation, 'lastSeq'>, messages: readonly Message[]): ConversationTopic {
  const since = Math.max(0, conversation.lastSeq - RANK_LOOKBACK);
  return rank(bot, messages.filter((m) => m.seq > since && m.sender === 'shopper').map((m) => m.text));
}
