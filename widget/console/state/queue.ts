import type { Priority, QueueEntry } from '../../../shared/model';

/** Queue order as the server routes it: by position, ties broken by the older wait. */
export function applyQueueChanged(queue: readonly QueueEntry[]): QueueEntry[] {
  return [...queue].sort((a, b) => a.position - b.position || a.waitingSince - b.waitingSince);
}

/** Entries present in `next` but not in `prev`: the chats that just started waiting. */
export function newlyQueued(prev: readonly QueueEntry[], next: readonly QueueEntry[]): QueueEntry[] {
  const known = new Set(prev.map((e) => e.conversationId));
  return next.filter((e) => !known.has(e.conversationId));
}

export interface DepartmentQueueStats {
  department: string;
  length: number;
  /** Longest current wait in ms, 0 when the queue is empty. */
  oldestWaitMs: number;
  /** Count of urgent and high-priority entries. */
  highPriority: number;
}

const HIGH: ReadonlySet<Priority> = new Set(['urgent', 'high']);

/**
 * Queue length and oldest wait for each department, listing every known department even when empty
 * so a supervisor sees the whole floor. Sorted by the longest wait first.
 */
export function queueStatsByDepartment(
  queue: readonly QueueEntry[],
  departments: readonly string[],
  now: number,
): DepartmentQueueStats[] {
  const stats = new Map<string, DepartmentQueueStats>();
  for (const d of departments) stats.set(d, { department: d, length: 0, oldestWaitMs: 0, highPriority: 0 });
  for (const e of queue) {
    const s = stats.get(e.department) ?? { department: e.department, length: 0, oldestWaitMs: 0, highPriority: 0 };
    s.length += 1;
    s.oldestWaitMs = Math.max(s.oldestWaitMs, now - e.waitingSince);
    if (HIGH.has(e.priority)) s.highPriority += 1;
    stats.set(e.department, s);
  }
  return [...stats.values()].sort((a, b) => b.oldestWaitMs - a.oldestWaitMs || a.department.localeCompare(b.department));
}
