/**
 * Conversations only the bot handled end on their own: after `idleMs` without a message they close as
 * resolved (the shopper got their answer and left), and the shopper is offered the survey. A bad rating
 * then takes the resolution back in metrics (record-analytics.ts). Waiting and assigned chats are people's.
 */
import type { Conversation } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';
import type { PostMessage } from './post-message';

/** Conversations closed per sweep: a backlog after downtime drains over a few sweeps instead of one long one. */
const BATCH = 200;

/** A conversation no person took part in: never handed off, never assigned. */
export const isBotOnly = (c: Pick<Conversation, 'assignedAgentId' | 'handoff'>): boolean => c.assignedAgentId === null && c.handoff === null;

export function createIdleBotCloser(deps: { store: Store; bus: Bus; post: PostMessage; idleMs: number }) {
  const { store, bus, post, idleMs } = deps;
  return {
    /** Closes the bot conversations idle at `at`; returns how many. */
    async sweep(at: number): Promise<number> {
      // Only the idle ones, oldest first, through the (status, updated_at) index. This read the 1,000 most recently
      // active bot chats and kept the idle ones among them: every second (the sweep's pace) it decoded 1,000 rows
      // that could not be idle, and with more than 1,000 open bot chats the idle ones, the oldest, were never read
      // and never closed.
      const idle = await store.conversations.list({ status: ['bot'], updatedAtMost: at - idleMs, order: 'stale', limit: BATCH });
      let closed = 0;
      for (const conversation of idle) {
        // Compare-and-set on 'bot': a shopper who wrote or asked for a person meanwhile keeps the chat open.
        const updated = await store.conversations.transition(conversation.id, ['bot'], {
          status: 'closed',
          closedAt: at,
          resolution: 'resolved',
        });
        if (!updated) continue;
        closed += 1;
        await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'closed' } });
        bus.emit('conversation.changed', { conversation: updated, previous: conversation });
        bus.emit('conversation.closed', { conversation: updated });
      }
      return closed;
    },
  };
}
