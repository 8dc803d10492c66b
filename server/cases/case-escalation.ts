/**
 * Escalation tiers: L1 (frontline) → L2 (specialist department) → L3 (supervisor / engineering), by hand
 * with a reason or automatically when a tier's timer runs out. An escalation unassigns the case (unless a
 * new owner is named) so it lands in the new tier's queue, and starts the new tier's timer.
 */
import { AppError } from '../../shared/errors';
import { CASE_TIERS, type Case, type CaseChange, type CaseTier } from '../../shared/cases';
import type { CasePatch } from '../store/store';
import type { CasePolicy } from './case-policy';
import { RUNNING_STATUSES } from './case-lifecycle';
import { tierDeadline } from './sla-clock';

export interface EscalationRequest {
  toTier: CaseTier;
  reason: string;
  /** Where it goes; default: the category's specialist department at L2, the same department otherwise. */
  department?: string;
  /** The new owner; default: nobody (the new tier's queue). */
  assigneeId?: string | null;
  isAutomatic: boolean;
}

/**
 * The patch and history entries of escalating `c` at `now`.
 * @throws AppError('INVALID_STATE') when the case is not active (pending counts as active) or the tier is not higher.
 */
export function planEscalation(
  c: Case,
  req: EscalationRequest,
  now: number,
  policy: CasePolicy,
): { patch: CasePatch; changes: CaseChange[] } {
  if (![...RUNNING_STATUSES, 'pending'].includes(c.status)) {
    throw new AppError('INVALID_STATE', { message: `case ${c.number} is ${c.status}: only an active case can be escalated` });
  }
  if (CASE_TIERS.indexOf(req.toTier) <= CASE_TIERS.indexOf(c.tier)) {
    throw new AppError('INVALID_STATE', { message: `case ${c.number} is already at ${c.tier}; cannot escalate to ${req.toTier}` });
  }
  const department =
    req.department ?? (req.toTier === 'L2' ? (policy.specialistDepartments[c.category] ?? c.department) : c.department);
  const assigneeId = req.assigneeId === undefined ? null : req.assigneeId;
  // A paused case's new timer starts as if at the pause, so resuming it gives the new tier its whole time.
  const tierDueAt = tierDeadline(req.toTier, department, c.status === 'pending' && c.pausedAt !== null ? c.pausedAt : now, policy);
  const changes: CaseChange[] = [
    {
      type: 'escalated',
      fromTier: c.tier,
      toTier: req.toTier,
      fromDepartment: c.department,
      toDepartment: department,
      reason: req.reason,
      isAutomatic: req.isAutomatic,
    },
  ];
  if (assigneeId !== c.assigneeId) changes.push({ type: 'assigned', from: c.assigneeId, to: assigneeId });
  return { patch: { tier: req.toTier, department, assigneeId, tierDueAt }, changes };
}
