/** What a shopper may see of a conversation: no internal fields, the agent's public face, queue place. */
import type { KbTexts } from '../../shared/events';
import type { Agent, Conversation, Locale, ShopperConversationView } from '../../shared/model';
import type { Bot } from '../bot/create-bot';

export function toShopperView(
  conversation: Conversation,
  agent: Pick<Agent, 'name' | 'avatarUrl'> | null,
  queue: { position: number; estimatedWaitSec: number } | null,
): ShopperConversationView {
  return {
    id: conversation.id,
    status: conversation.status,
    agent: agent && conversation.assignedAgentId ? { name: agent.name, avatarUrl: agent.avatarUrl } : null,
    queue: conversation.status === 'waiting' ? queue : null,
    // Only chats a person handled end with a survey; a bot-only chat that expires does not nag.
    ratingRequested: conversation.status === 'closed' && conversation.rating === null && conversation.assignedAgentId !== null,
    rating: conversation.rating,
    agentReadSeq: conversation.agentReadSeq,
  };
}

/** The bot's name and greeting in every locale, from the KB's settings (ShopperSession.texts). */
export function toKbTexts(bot: Pick<Bot, 'name' | 'phrase'>): Record<Locale, KbTexts> {
  const texts = (locale: Locale): KbTexts => ({ bot: bot.name(locale), greeting: bot.phrase('greeting', locale) });
  return { en: texts('en'), zh: texts('zh') };
}
