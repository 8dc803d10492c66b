/** The whole conversation's ranking for a handoff summary: read the shopper's messages, rank them together. */
import type { Bot } from '../bot/create-bot';
import { rankConversation } from '../bot/rank-conversation';
import type { Store } from '../store/store';

export async function conversationTopic(
  store: Store,
  bot: Bot,
  conversationId: string,
): Promise<{ topic: string | null; topIntents: { intent: string; confidence: number }[] }> {
  const messages = await store.messages.listSince(conversationId, 0, { limit: 500 });
  const ranking = rankConversation(bot, messages.filter((m) => m.sender === 'shopper').map((m) => m.text));
  return { topic: ranking.topic, topIntents: ranking.candidates.slice(0, 3) };
}
