/** Room names, in one place so emitters and joiners agree. */
import type { Conversation } from '../../shared/model';

export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;
export const agentRoom = (agentId: string) => `agent:${agentId}`;
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
/** Agents previewing a waiting chat of their department: its public messages, no notes, no typing drafts. */
export const previewRoom = (conversationId: string) => `conv-preview:${conversationId}`;
/** Every device of one identified customer (a proven customer id), for their cases. */
export const customerRoom = (siteId: string, customerId: string) => `customer:${siteId}:${customerId}`;
/** Agents who work a department (`*` for those who work all), for its cases. */
export const departmentRoom = (department: string) => `dept:${department}`;
export const ALL_AGENTS = 'agents';
export const SUPERVISORS = 'supervisors';

/** Who on /agent hears about a conversation: those who opened it, and its owner. */
export function agentRooms(conversation: Pick<Conversation, 'id' | 'assignedAgentId'>): string[] {
  const rooms = [conversationRoom(conversation.id)];
  if (conversation.assignedAgentId) rooms.push(agentRoom(conversation.assignedAgentId));
  return rooms;
}
