import type { Case } from '../../../shared/cases';

/** ok: comfortably in time · amber: under AMBER_SHARE of the target left · red: breached · paused: waiting on the customer. */
export type DueTone = 'ok' | 'amber' | 'red' | 'paused';

export interface CaseDue {
  target: 'first_response' | 'resolution';
  dueAt: number;
  /** Negative once overdue; frozen at the pause while the case is pending. */
  remainingMs: number;
  tone: DueTone;
}

/** The share of a target's window left under which its countdown turns amber. */
export const AMBER_SHARE = 0.25;

type ClockFields = Pick<
  Case,
  | 'status'
  | 'createdAt'
  | 'firstResponseDueAt'
  | 'firstResponseAt'
  | 'firstResponseBreachedAt'
  | 'resolutionDueAt'
  | 'resolutionBreachedAt'
  | 'pausedAt'
>;

/**
 * The deadline the team must act on next: the first response until there is one, then the resolution.
 * Null when no clock runs (solved, closed, or no target). The window is measured from creation, so a
 * target counted in business hours keeps its proportion of amber across a night.
 */
export function caseDue(c: ClockFields, now: number): CaseDue | null {
  if (c.status === 'solved' || c.status === 'closed') return null;
  const isFirst = c.firstResponseAt === null && c.firstResponseDueAt !== null;
  const dueAt = isFirst ? c.firstResponseDueAt : c.resolutionDueAt;
  if (dueAt === null) return null;
  const breachedAt = isFirst ? c.firstResponseBreachedAt : c.resolutionBreachedAt;
  const target = isFirst ? 'first_response' : 'resolution';
  const at = c.pausedAt ?? now;
  const remainingMs = dueAt - at;
  if (breachedAt !== null || remainingMs <= 0) return { target, dueAt, remainingMs, tone: 'red' };
  if (c.pausedAt !== null) return { target, dueAt, remainingMs, tone: 'paused' };
  const window = Math.max(1, dueAt - c.createdAt);
  return { target, dueAt, remainingMs, tone: remainingMs < window * AMBER_SHARE ? 'amber' : 'ok' };
}
