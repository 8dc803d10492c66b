/** What a shopper may see of a conversation: no internal fields, the agent's public face, queue place. */
import type { KbTexts } from '../../shared/events';
import type { Agent, Conversation, Locale, ShopperConversationView } from '../../shared/model';
import type { Bot } from '../bot/create-bot';
import { isBotOnly } from './close-idle-bot-chats';

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
    ratingRequested: surveyOffered(conversation) && conversation.rating === null,
    rating: conversation.rating,
    agentReadSeq: conversation.agentReadSeq,
  };
}

/**
 * Was the shopper offered the survey when this chat ended? The one rule for both showing the survey
 * (ratingRequested) and accepting its answers (shopper-service.ts rate, answerNps), so a rating can't land on a
 * chat nobody asked about. Derived, not stored: the fields it reads don't change once a chat is closed.
 * Chats a person handled end with a survey, and so do bot-only chats that closed idle (did the bot help?).
 * A chat handed off but closed without an agent (it became a case) has nobody's work to rate.
 */
export function surveyOffered(conversation: Pick<Conversation, 'status' | 'assignedAgentId' | 'handoff'>): boolean {
  return conversation.status === 'closed' && (conversation.assignedAgentId !== null || isBotOnly(conversation));
}

/**
 * Does a closed chat still come back to a returning shopper (for a while)? One with a survey to answer, and one
 * that closed before anyone joined it (its request went into a case): the widget shows that request's
 * confirmation under it after a reload, as it did while the chat waited.
 */
export function showsAfterClose(conversation: Conversation): boolean {
  const closedUnjoined = conversation.handoff !== null && conversation.assignedAgentId === null;
  return conversation.status === 'closed' && (toShopperView(conversation, null, null).ratingRequested || closedUnjoined);
}

/** A closed chat still shows (for its survey, or its request's confirmation) this long after it ended. */
export const RATING_WINDOW_MS = 24 * 3_600_000;

/**
 * Is a closed chat still within its window? The one rule for the widget showing it again (resume) and for
 * taking its survey's answers (rate, answerNps): an answer the widget could no longer ask for is refused.
 */
export function withinSurveyWindow(conversation: Pick<Conversation, 'closedAt'>, now: number): boolean {
  return now - (conversation.closedAt ?? 0) < RATING_WINDOW_MS;
}

/** The bot's name and greeting in every locale, from the KB's settings (ShopperSession.texts). */
export function toKbTexts(bot: Pick<Bot, 'name' | 'phrase'>): Record<Locale, KbTexts> {
  const texts = (locale: Locale): KbTexts => ({ bot: bot.name(locale), greeting: bot.phrase('greeting', locale) });
  return { en: texts('en'), zh: texts('zh') };
}
