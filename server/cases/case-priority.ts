/**
 * A case's priority when it comes from a shopper: the team's rules decide, never the shopper. A chat's queue
 * priority already holds them (the bot's urgency, a verified VIP tier: handoff/routing.ts), so a converted chat
 * and a message left for a waiting chat carry it over; a message left with no chat gets what the identity
 * alone would give its chat, so a verified VIP's form is not filed as normal.
 */
import type { CasePriority } from '../../shared/cases';
import type { Conversation, Identity, Priority } from '../../shared/model';
import { maxPriority, priorityFromIdentity } from '../handoff/priority';

const FROM_CHAT: Record<Priority, CasePriority> = { urgent: 'A', high: 'B', normal: 'C', low: 'C' };

/** The case priority a chat of this queue priority becomes. */
export function casePriorityFromChat(priority: Priority): CasePriority {
  return FROM_CHAT[priority];
}

/** The priority of a case the shopper opens (the offline form, `case:open`), from the chat it was left for, if any. */
export function shopperCasePriority(identity: Identity, leftFor: Pick<Conversation, 'priority'> | null): CasePriority {
  return casePriorityFromChat(maxPriority(leftFor?.priority ?? 'low', priorityFromIdentity(identity)));
}
