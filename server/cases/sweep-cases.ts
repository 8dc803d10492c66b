/**
 * What the clock demands of a set of cases at `now`: breaches to record, tier escalations, auto-closes.
 * Pure: deadlines are stored already counted in business hours, so this only compares numbers, and a test
 * drives it by moving a fake clock.
 */
import type { Case, CaseTier } from '../../shared/cases';
import { nextTier, type CasePolicy } from './case-policy';
import { RUNNING_STATUSES } from './case-lifecycle';

export type SweepAction =
  | { kind: 'breach'; caseId: string; target: 'first_response' | 'resolution'; dueAt: number }
  | { kind: 'escalate'; caseId: string; from: CaseTier; to: CaseTier; dueAt: number }
  | { kind: 'auto_close'; caseId: string; dueAt: number };

/** The actions due at `now`, in case order, breaches before escalations. Deadlines are due when reached (<= now). */
export function sweepCases(cases: readonly Case[], now: number, policy: CasePolicy): SweepAction[] {
  const actions: SweepAction[] = [];
  for (const c of cases) {
    if (c.status === 'solved') {
      const closesAt = c.confirmation?.closesAt ?? (c.solvedAt === null ? null : c.solvedAt + policy.autoCloseAfterMs);
      if (closesAt !== null && closesAt <= now) actions.push({ kind: 'auto_close', caseId: c.id, dueAt: closesAt });
      continue;
    }
    if (!RUNNING_STATUSES.includes(c.status)) continue;
    if (c.firstResponseAt === null && c.firstResponseBreachedAt === null && c.firstResponseDueAt !== null && c.firstResponseDueAt <= now) {
      actions.push({ kind: 'breach', caseId: c.id, target: 'first_response', dueAt: c.firstResponseDueAt });
    }
    if (c.resolutionBreachedAt === null && c.resolutionDueAt !== null && c.resolutionDueAt <= now) {
      actions.push({ kind: 'breach', caseId: c.id, target: 'resolution', dueAt: c.resolutionDueAt });
    }
    const to = nextTier(c.tier);
    if (to !== null && c.tierDueAt !== null && c.tierDueAt <= now) {
      actions.push({ kind: 'escalate', caseId: c.id, from: c.tier, to, dueAt: c.tierDueAt });
    }
  }
  return actions;
}
