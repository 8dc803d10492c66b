import type { AgentRole } from '../../../shared/model';

export type InboxView = 'waiting' | 'mine' | 'open' | 'closed' | 'cases' | 'team';

/** The tabs a role sees: All open and the team overview are for supervisors and admins. */
export function viewsForRole(role: AgentRole | null): InboxView[] {
  const isLead = role === 'supervisor' || role === 'admin';
  return isLead ? ['waiting', 'mine', 'open', 'closed', 'cases', 'team'] : ['waiting', 'mine', 'closed', 'cases'];
}

/** Views whose rows come from `conversation:list` rather than live state (always when searching). */
export function isServerListed(view: InboxView, query: string): boolean {
  if (view === 'open' || view === 'closed') return true;
  return (view === 'waiting' || view === 'mine') && query.trim() !== '';
}
