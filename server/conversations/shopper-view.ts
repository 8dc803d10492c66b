/** What a shopper may see of a conversation: no internal fields, the agent's public face, queue place. */
import type { Agent, Conversation, ShopperConversationView } from '../../shared/model';

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
  };
}
