/** What a shopper may see of a conversation: no internal fields, the agent's public face, queue place. */
import type { Agent, Conversation, ShopperConversationView } from '../../shared/model';
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
    // Chats a person handled end with a survey, and so do bot-only chats that closed idle (did the bot help?).
    // A chat handed off but closed without an agent (it became a ticket) has nobody's work to rate.
    ratingRequested:
      conversation.status === 'closed' && conversation.rating === null && (conversation.assignedAgentId !== null || isBotOnly(conversation)),
    rating: conversation.rating,
  };
}
