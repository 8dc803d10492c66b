/**
 * A chat whose request now lives in a case closes, the same way from both doors (an agent's "Convert to case",
 * the shopper's left message): otherwise it stays in the queue, counts against the first-response SLA, raises
 * queue alerts and is routed to the next agent who signs in, and the request is answered twice.
 */
import type { Conversation, ConversationStatus } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';

/**
 * Closes `conversation` if it is still in one of `from`; null when it moved first (an agent took it, the
 * shopper closed it): then it stays as they left it. `agentName`: who converted it, for the closed notice.
 */
export type CloseIntoCase = (conversation: Conversation, from: ConversationStatus[], agentName?: string) => Promise<Conversation | null>;

export function createCloseIntoCase(deps: { store: Store; bus: Bus; post: PostMessage; now: () => number }): CloseIntoCase {
  const { store, bus, post, now } = deps;
  return async (conversation, from, agentName) => {
    // Not resolved in the chat: the case carries the request on (and its own resolution counts).
    const closed = await store.conversations.transition(conversation.id, from, { status: 'closed', closedAt: now(), resolution: 'not_resolved' });
    if (!closed) return null;
    await post(closed, { clientId: null, sender: 'system', text: '', event: { kind: 'closed', ...(agentName !== undefined ? { agentName } : {}) } });
    bus.emit('conversation.changed', { conversation: closed, previous: conversation });
    bus.emit('conversation.closed', { conversation: closed });
    return closed;
  };
}
