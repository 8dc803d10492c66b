/** Read views of the waiting queue: the agents' list, and a shopper's place in line with a wait estimate. */
import type { Conversation, QueueEntry } from '../../shared/model';
import type { Store } from '../store/store';
import { estimateWaitSec, toQueueEntries } from './queue-view';
import type { Staffing } from './staffing';

/** How long the recent average wait is reused: it moves slowly, and reading it is an aggregate query. */
const AVG_WAIT_TTL_MS = 5_000;
const QUEUE_LIMIT = 500;

export type QueuePlace = { position: number; estimatedWaitSec: number } | null;

/** The queue at one moment: the agents' entries, the waiting conversations, and each one's place. */
export interface QueueSnapshot {
  entries: QueueEntry[];
  waiting: Conversation[];
  places: Map<string, QueuePlace>;
}

export interface QueueStatus {
  queue(): Promise<QueueEntry[]>;
  /**
   * Everything a queue broadcast needs, read once: one list of the waiting, staffing once per department and
   * the average wait once, instead of the same reads for every waiting shopper.
   */
  queueSnapshot(): Promise<QueueSnapshot>;
  /** Position in its department's queue and estimated wait, or null when not waiting. */
  queuePlace(conversation: Conversation): Promise<QueuePlace>;
  /**
   * The position alone, null when the chat is not waiting or nobody can serve its department now: what the
   * "queued" line says. A hand-off is told after it, and the wait estimate is an aggregate read on the report
   * thread, which may be busy with a report or restarting.
   */
  queuePosition(conversationId: string, department: string): Promise<number | null>;
}

export function createQueueStatus(deps: { store: Store; staffing: Staffing; now: () => number }): QueueStatus {
  const { store, staffing, now } = deps;
  let avgWait: { at: number; sec: Promise<number | null> } | null = null;
  let lastRead: number | null = null;

  /**
   * The recent average wait, never a rejection: it is an aggregate read on the report thread, and a shopper
   * asking for a person must not fail because reports are refused or their thread is restarting. A failed read
   * gives the last one (or none: the estimate's default pace) and is retried after the same TTL.
   */
  function avgWaitSec(): Promise<number | null> {
    const to = now();
    if (avgWait && to - avgWait.at < AVG_WAIT_TTL_MS) return avgWait.sec;
    const sec = store.analytics.averages(to - 3_600_000, to).then(
      (a) => {
        const ms = a['conversation.assigned'];
        lastRead = ms === undefined ? null : ms / 1000;
        return lastRead;
      },
      () => lastRead,
    );
    avgWait = { at: to, sec };
    return sec;
  }

  /** Agents who can take each department now (0 when closed): asked once per department. */
  async function servingCounts(departments: Iterable<string>): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const department of departments) {
      if (counts.has(department)) continue;
      const isOpen = staffing.isOpen(staffing.known(department));
      counts.set(department, isOpen ? (await staffing.servingAgents(department)).length : 0);
    }
    return counts;
  }

  async function entriesOf(waiting: Conversation[]): Promise<QueueEntry[]> {
    const previews = await store.messages.lastTexts(waiting.map((c) => c.id));
    const extras: Record<string, { visitorName: string | null; preview: string }> = {};
    for (const c of waiting) {
      const visitor = await store.visitors.get(c.visitorId);
      extras[c.id] = { visitorName: visitor?.identity.name ?? null, preview: previews[c.id] ?? '' };
    }
    return toQueueEntries(waiting, extras);
  }

  /** Agents who could take the department's chats now; 0 while it is closed. */
  async function servingCount(department: string): Promise<number> {
    if (!staffing.isOpen(staffing.known(department))) return 0;
    return (await staffing.servingAgents(department)).length;
  }

  const listWaiting = () => store.conversations.list({ status: ['waiting'], order: 'queue', limit: QUEUE_LIMIT });

  return {
    async queue() {
      return entriesOf(await listWaiting());
    },

    async queueSnapshot() {
      const waiting = await listWaiting();
      const entries = await entriesOf(waiting);
      const serving = await servingCounts(waiting.map((c) => c.department));
      const perRound = waiting.length > 0 ? await avgWaitSec() : null;
      const places = new Map<string, QueuePlace>();
      // Entries carry each conversation's position within its department, in routing order.
      for (const entry of entries) {
        const agents = serving.get(entry.department) ?? 0;
        // With nobody to serve the department, a place in line would be a promise we cannot keep.
        places.set(entry.conversationId, agents > 0 ? { position: entry.position, estimatedWaitSec: estimateWaitSec(entry.position, agents, perRound) } : null);
      }
      return { entries, waiting, places };
    },

    async queuePlace(conversation) {
      if (conversation.status !== 'waiting') return null;
      const serving = await servingCount(conversation.department);
      const position = serving > 0 ? await store.conversations.queuePosition(conversation.id) : null;
      if (position === null) return null;
      return { position, estimatedWaitSec: estimateWaitSec(position, serving, await avgWaitSec()) };
    },

    async queuePosition(conversationId, department) {
      return (await servingCount(department)) > 0 ? store.conversations.queuePosition(conversationId) : null;
    },
  };
}
