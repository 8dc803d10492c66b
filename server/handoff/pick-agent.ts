/**
 * The auto-assignment policy, pure: who should get a conversation of `department`?
 * Sticky first (the agent the shopper last spoke with, if online with room), then least busy,
 * ties broken by longest idle. Never beyond an agent's max concurrent chats.
 */
export interface AgentCandidate {
  agentId: string;
  departments: string[];
  activeChats: number;
  maxChats: number;
  /** When the agent last got a chat (or came online): smaller = idle longer. */
  lastAssignedAt: number;
}

export function pickAgent(
  candidates: AgentCandidate[],
  department: string,
  preferredAgentId: string | null,
): AgentCandidate | null {
  const eligible = candidates.filter(
    (c) => c.activeChats < c.maxChats && (c.departments.includes(department) || c.departments.includes('*')),
  );
  const sticky = preferredAgentId ? candidates.find((c) => c.agentId === preferredAgentId && c.activeChats < c.maxChats) : undefined;
  if (sticky) return sticky;
  let best: AgentCandidate | null = null;
  for (const c of eligible) {
    if (
      !best ||
      c.activeChats < best.activeChats ||
      (c.activeChats === best.activeChats && c.lastAssignedAt < best.lastAssignedAt)
    ) {
      best = c;
    }
  }
  return best;
}
