/**
 * The chat a case was opened from is that case's history (a message left from it, or a conversion): an agent
 * who may see the case may read the chat, as a queue preview (no internal notes), although the chat is closed
 * and was never theirs. Otherwise whoever answers the case would ask the shopper again what they already said.
 */
import type { Agent, Conversation } from '../../shared/model';
import { accessTo, type ConversationAccess } from '../conversations/agent-access';
import type { Store } from '../store/store';
import { canSeeCase } from './case-access';

/** A chat's cases are few (one, or a handful converted and merged): this many is all of them. */
const LINKED_LIMIT = 20;

/** How much of the conversation the agent may read: agent-access.ts's rule, or a preview through a case. */
export async function chatAccess(store: Store, agent: Agent, conversation: Conversation): Promise<ConversationAccess> {
  const access = accessTo(agent, conversation);
  if (access !== 'none') return access;
  const linked = await store.cases.list({ conversationId: conversation.id, limit: LINKED_LIMIT });
  return linked.some((c) => canSeeCase(agent, c)) ? 'preview' : 'none';
}
