/** Who may act on a conversation from the console: its owner, or a supervisor. Shared by the agent services. */
import { AppError } from '../../shared/errors';
import type { Agent, Conversation } from '../../shared/model';
import type { Store } from '../store/store';

export const isSupervisor = (agent: Agent): boolean => agent.role === 'supervisor' || agent.role === 'admin';

export async function loadConversation(store: Store, id: string): Promise<Conversation> {
  const conversation = await store.conversations.get(id);
  if (!conversation) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
  return conversation;
}

export function assertOwner(agent: Agent, conversation: Conversation): void {
  if (conversation.status !== 'assigned') {
    throw new AppError('INVALID_STATE', { message: `The conversation is ${conversation.status}.` });
  }
  if (conversation.assignedAgentId !== agent.id && !isSupervisor(agent)) {
    throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
  }
}
