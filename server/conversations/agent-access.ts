/**
 * Who may see and act on a conversation or a ticket from the console: the one rule, used by the services
 * (reads, writes) and by the broadcaster (who stays in a conversation's rooms).
 *
 * - Supervisors and admins: everything.
 * - The owner (the agent it is assigned to, or was when it closed): everything, internal notes included.
 * - Agents of the department a chat waits in: a preview, without internal notes, while it waits.
 * - Everyone else: nothing.
 */
import { AppError } from '../../shared/errors';
import type { Agent, Conversation } from '../../shared/model';
import type { Store } from '../store/store';

export type ConversationAccess = 'full' | 'preview' | 'none';

export const isSupervisor = (agent: Agent): boolean => agent.role === 'supervisor' || agent.role === 'admin';

/** Does the agent work the department? `*` means every department. */
export const servesDepartment = (agent: Agent, department: string): boolean =>
  agent.departments.includes(department) || agent.departments.includes('*');

/** Does the agent hear about every department's waiting chats (supervisors, admins, agents of `*`)? */
export const seesWholeQueue = (agent: Pick<Agent, 'role' | 'departments'>): boolean =>
  agent.role === 'supervisor' || agent.role === 'admin' || agent.departments.includes('*');

/** The waiting chats an agent may know of: those of the departments they serve (supervisors: all). */
export function visibleQueue<T extends { department: string }>(agent: Pick<Agent, 'role' | 'departments'>, entries: T[]): T[] {
  return seesWholeQueue(agent) ? entries : entries.filter((e) => agent.departments.includes(e.department));
}

/** How much of the conversation the agent may read. */
export function accessTo(agent: Agent, conversation: Conversation): ConversationAccess {
  if (isSupervisor(agent) || (conversation.assignedAgentId !== null && conversation.assignedAgentId === agent.id)) return 'full';
  if (conversation.status === 'waiting' && servesDepartment(agent, conversation.department)) return 'preview';
  return 'none';
}

/** How much of the conversation's live traffic the agent's sockets may hear: a closed chat has none to hear. */
export function listenAccess(agent: Agent, conversation: Conversation): ConversationAccess {
  return conversation.status === 'closed' ? 'none' : accessTo(agent, conversation);
}

/** Do two reads of a conversation give every agent the same access? They agree on all that accessTo reads. */
export const sameAccess = (a: Conversation, b: Conversation): boolean =>
  a.status === b.status && a.assignedAgentId === b.assignedAgentId && a.department === b.department;

/** Throws FORBIDDEN unless the agent may read the conversation; returns how much. */
export function assertCanRead(agent: Agent, conversation: Conversation): 'full' | 'preview' {
  const access = accessTo(agent, conversation);
  if (access === 'none') throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
  return access;
}

export async function loadConversation(store: Store, id: string): Promise<Conversation> {
  const conversation = await store.conversations.get(id);
  if (!conversation) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
  return conversation;
}

/** Changes that need the conversation's owner (or a supervisor) but not a particular state: tags, notes. */
export function assertManages(agent: Agent, conversation: Conversation): void {
  if (accessTo(agent, conversation) !== 'full') {
    throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
  }
}

/** Acting in a live chat: the owner or a supervisor, while it is assigned. */
export function assertOwner(agent: Agent, conversation: Conversation): void {
  if (conversation.status !== 'assigned') {
    throw new AppError('INVALID_STATE', { message: `The conversation is ${conversation.status}.` });
  }
  if (conversation.assignedAgentId !== agent.id && !isSupervisor(agent)) {
    throw new AppError('FORBIDDEN', { message: 'This conversation belongs to another agent.' });
  }
}
