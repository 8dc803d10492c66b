/** Priority arithmetic: the queue orders urgent > high > normal > low, then by waiting time. */
import type { Identity, Priority } from '../../shared/model';

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const VIP_TIERS = new Set(['vip', 'gold', 'platinum']);

export function priorityRank(p: Priority): number {
  return RANK[p];
}

export function maxPriority(...ps: Priority[]): Priority {
  return ps.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'low');
}

/** Tier counts only when the retailer signed the identity; otherwise anyone could claim VIP. */
export function priorityFromIdentity(identity: Identity): Priority {
  return identity.verified && identity.tier && VIP_TIERS.has(identity.tier.toLowerCase()) ? 'high' : 'low';
}
