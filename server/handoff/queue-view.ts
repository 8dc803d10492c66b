/** Turns waiting conversations (already in routing order) into queue entries and wait estimates. */
import type { Conversation, QueueEntry } from '../../shared/model';

export function toQueueEntries(
  waiting: Conversation[],
  extras: Record<string, { visitorName: string | null; preview: string }>,
): QueueEntry[] {
  const perDepartment = new Map<string, number>();
  return waiting.map((c) => {
    const position = (perDepartment.get(c.department) ?? 0) + 1;
    perDepartment.set(c.department, position);
    return {
      conversationId: c.id,
      department: c.department,
      priority: c.priority,
      waitingSince: c.waitingSince ?? c.updatedAt,
      position,
      visitorName: extras[c.id]?.visitorName ?? null,
      preview: extras[c.id]?.preview ?? '',
      locale: c.locale,
    };
  });
}

/**
 * Estimated wait for a queue position: each "round" of free agents takes about one average handling slot.
 * `avgWaitSec` comes from recent assignments (analytics); with no history we assume 60 s per round.
 */
export function estimateWaitSec(position: number, availableAgents: number, avgWaitSec: number | null): number {
  const perRound = avgWaitSec && avgWaitSec > 0 ? avgWaitSec : 60;
  const rounds = Math.ceil(position / Math.max(1, availableAgents));
  return Math.round(rounds * perRound);
}
