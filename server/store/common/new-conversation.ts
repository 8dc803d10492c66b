import type { Conversation } from '../../../shared/model';
import type { NewConversation } from '../store';

/** The full record of a conversation that was just started; both adapters insert exactly this. */
export function newConversation(input: NewConversation, id: string, now: number): Conversation {
  const at = input.createdAt ?? now;
  return {
    id,
    siteId: input.siteId,
    visitorId: input.visitorId,
    status: 'bot',
    department: input.department ?? 'general',
    priority: 'normal',
    assignedAgentId: null,
    locale: input.locale,
    lastSeq: 0,
    fallbackCount: 0,
    handoff: null,
    tags: [],
    rating: null,
    resolution: null,
    pageUrl: input.pageUrl ?? null,
    createdAt: at,
    updatedAt: at,
    waitingSince: null,
    assignedAt: null,
    firstResponseAt: null,
    closedAt: null,
    shopperReadSeq: 0,
    agentReadSeq: 0,
    slaBreachedAt: null,
  };
}
