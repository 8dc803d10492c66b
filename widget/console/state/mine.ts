import type { Conversation } from '../../../shared/model';

/** Whether a conversation belongs in this agent's Mine list. */
export function isMine(conversation: Conversation, myAgentId: string | null): boolean {
  return myAgentId !== null && conversation.status === 'assigned' && conversation.assignedAgentId === myAgentId;
}

/** Most recent activity first: the agent works top-down. */
export function sortMine(list: readonly Conversation[]): Conversation[] {
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

/**
 * Applies a conversation update to Mine: added or replaced while assigned to me, dropped once
 * closed, transferred or handed back. Returns the same array when it was not and is not mine.
 */
export function applyConversationToMine(
  mine: readonly Conversation[],
  conversation: Conversation,
  myAgentId: string | null,
): readonly Conversation[] {
  const rest = mine.filter((c) => c.id !== conversation.id);
  if (isMine(conversation, myAgentId)) return sortMine([...rest, conversation]);
  return rest.length === mine.length ? mine : rest;
}
