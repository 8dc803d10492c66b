/**
 * Presence reconcile at start-up. A crash (kill -9, power loss) leaves chats assigned to agents whose
 * disconnects nobody saw, so no grace timer ever runs for them. One grace period after start, chats of
 * agents connected to no instance go back to the queue, keeping their place (their original waitingSince
 * puts them ahead of chats that started waiting later).
 */
import type { Store } from '../store/store';

export async function reconcileAssignments(deps: {
  store: Store;
  /** Is the agent connected to any instance of the cluster (this one included)? */
  isConnected(agentId: string): Promise<boolean>;
  requeue(agentId: string): Promise<void>;
}): Promise<string[]> {
  const counts = await deps.store.conversations.countAssigned();
  const requeued: string[] = [];
  for (const agentId of Object.keys(counts)) {
    if ((counts[agentId] ?? 0) === 0 || (await deps.isConnected(agentId))) continue;
    await deps.requeue(agentId);
    requeued.push(agentId);
  }
  return requeued;
}
