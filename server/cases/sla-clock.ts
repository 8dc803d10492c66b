/**
 * The case's clocks as stored deadlines: set at intake, stopped while pending (waiting on the customer is
 * not the team's delay), restarted on reopen and on escalation. Everything is counted in the business hours
 * of the case's department, so the sweep only compares numbers.
 */
import type { Case } from '../../shared/cases';
import type { CasePatch } from '../store/store';
import { addBusinessTime, businessTimeBetween } from './business-time';
import { firstResponseTargetMs, hoursFor, targetsFor, tierTimerMs, type CasePolicy } from './case-policy';

type Deadlines = Pick<Case, 'firstResponseDueAt' | 'resolutionDueAt' | 'tierDueAt'>;

/** The deadlines of a new case received at `at`. */
export function initialDeadlines(
  c: Pick<Case, 'priority' | 'category' | 'department' | 'tier'>,
  at: number,
  policy: CasePolicy,
): Deadlines {
  const targets = targetsFor(policy, c.department);
  const hours = hoursFor(policy, c.department);
  const tierMs = tierTimerMs(targets, c.tier);
  return {
    firstResponseDueAt: addBusinessTime(at, firstResponseTargetMs(targets, c), hours),
    resolutionDueAt: addBusinessTime(at, targets.resolutionMs[c.priority], hours),
    tierDueAt: tierMs === null ? null : addBusinessTime(at, tierMs, hours),
  };
}

/** The tier timer of `tier` in `department`, started at `at` (null at L3 or when turned off). */
export function tierDeadline(tier: Case['tier'], department: string, at: number, policy: CasePolicy): number | null {
  const ms = tierTimerMs(targetsFor(policy, department), tier);
  return ms === null ? null : addBusinessTime(at, ms, hoursFor(policy, department));
}

/** Stops the clocks (entering pending). */
export function pauseClocks(now: number): CasePatch {
  return { pausedAt: now };
}

/**
 * Restarts stopped clocks at `now`: each deadline still ahead when the clocks stopped gets the business
 * time it had left; one already passed stays where it was (its breach is already due).
 */
export function resumeClocks(c: Case, now: number, policy: CasePolicy): CasePatch {
  if (c.pausedAt === null) return {};
  const hours = hoursFor(policy, c.department);
  const pausedAt = c.pausedAt;
  const shift = (due: number | null): number | null =>
    due === null || due <= pausedAt ? due : addBusinessTime(now, businessTimeBetween(pausedAt, due, hours), hours);
  return {
    pausedAt: null,
    firstResponseDueAt: c.firstResponseAt === null ? shift(c.firstResponseDueAt) : c.firstResponseDueAt,
    resolutionDueAt: shift(c.resolutionDueAt),
    tierDueAt: shift(c.tierDueAt),
  };
}

/** A reopened case gets a fresh resolution target and tier timer from `now`; the old breach stays in history. */
export function restartClocks(c: Case, now: number, policy: CasePolicy): CasePatch {
  const targets = targetsFor(policy, c.department);
  const hours = hoursFor(policy, c.department);
  return {
    pausedAt: null,
    resolutionDueAt: addBusinessTime(now, targets.resolutionMs[c.priority], hours),
    resolutionBreachedAt: null,
    tierDueAt: tierDeadline(c.tier, c.department, now, policy),
  };
}

/** Deadlines for a new priority, counted from intake as if the case had come in with it. */
export function reprioritisedDeadlines(c: Case, priority: Case['priority'], policy: CasePolicy): CasePatch {
  const targets = targetsFor(policy, c.department);
  const hours = hoursFor(policy, c.department);
  return {
    priority,
    firstResponseDueAt:
      c.firstResponseAt === null ? addBusinessTime(c.createdAt, firstResponseTargetMs(targets, { ...c, priority }), hours) : c.firstResponseDueAt,
    resolutionDueAt: addBusinessTime(c.createdAt, targets.resolutionMs[priority], hours),
  };
}
