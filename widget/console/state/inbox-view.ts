import type { AgentRole } from '../../../shared/model';

export type InboxView = 'waiting' | 'mine' | 'open' | 'closed' | 'cases' | 'team' | 'knowledge';

/** The tabs a role sees: All open, the team overview and Knowledge (the KB-gap loop) are for supervisors and admins. */
export function viewsForRole(role: AgentRole | null): InboxView[] {
  const isLead = role === 'supervisor' || role === 'admin';
  return isLead ? ['waiting', 'mine', 'open', 'closed', 'cases', 'team', 'knowledge'] : ['waiting', 'mine', 'closed', 'cases'];
}

/** Views whose rows come from `conversation:list` rather than live state (always when searching). */
export function isServerListed(view: InboxView, query: string): boolean {
  if (view === 'open' || view === 'closed') return true;
  return (view === 'waiting' || view === 'mine') && query.trim() !== '';
}
