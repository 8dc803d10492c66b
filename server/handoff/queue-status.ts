/** Read views of the waiting queue: the agents' list, and a shopper's place in line with a wait estimate. */
import type { Conversation, QueueEntry } from '../../shared/model';
import type { Store } from '../store/store';
import { estimateWaitSec, toQueueEntries } from './queue-view';
import type { Staffing } from './staffing';

export interface QueueStatus {
  queue(): Promise<QueueEntry[]>;
  /** Position in its department's queue and estimated wait, or null when not waiting. */
  queuePlace(conversation: Conversation): Promise<{ position: number; estimatedWaitSec: number } | null>;
}

export function createQueueStatus(deps: { store: Store; staffing: Staffing; now: () => number }): QueueStatus {
  const { store, staffing, now } = deps;

  async function avgWaitSec(): Promise<number | null> {
    const to = now();
    const averages = await store.analytics.averages(to - 3_600_000, to);
    const ms = averages['conversation.assigned'];
    return ms === undefined ? null : ms / 1000;
  }

  return {
    async queue() {
      const waiting = await store.conversations.list({ status: ['waiting'], order: 'queue', limit: 500 });
      const previews = await store.messages.lastTexts(waiting.map((c) => c.id));
      const extras: Record<string, { visitorName: string | null; preview: string }> = {};
      for (const c of waiting) {
        const visitor = await store.visitors.get(c.visitorId);
        extras[c.id] = { visitorName: visitor?.identity.name ?? null, preview: previews[c.id] ?? '' };
      }
      return toQueueEntries(waiting, extras);
    },

    async queuePlace(conversation) {
      // With nobody to serve the department, a place in line would be a promise we cannot keep.
      if (conversation.status !== 'waiting' || !staffing.isOpen(staffing.known(conversation.department))) return null;
      const serving = await staffing.servingAgents(conversation.department);
      if (serving.length === 0) return null;
      const waiting = await store.conversations.list({ status: ['waiting'], department: conversation.department, order: 'queue', limit: 500 });
      const index = waiting.findIndex((c) => c.id === conversation.id);
      if (index < 0) return null;
      const position = index + 1;
      return { position, estimatedWaitSec: estimateWaitSec(position, serving.length, await avgWaitSec()) };
    },
  };
}
