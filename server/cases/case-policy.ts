/**
 * The case policy: SLA targets (defaults from the service standard), tier timers, the confirmation window
 * and each department's business hours. Per-department overrides replace single values, so a department
 * can tighten one priority without restating the rest. Pure data and lookups: no clock, no store.
 */
import { COMPLAINT_CATEGORY, type Case, type CasePriority, type CaseTier } from '../../shared/cases';
import type { Schedule } from '../domain/business-hours';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SlaTargets {
  /** Business time from intake to the first public reply. */
  firstResponseMs: Record<CasePriority, number>;
  /** Business time from intake to solved (paused while pending). */
  resolutionMs: Record<CasePriority, number>;
  /** Complaints are acknowledged within this, whatever their priority (the standard: 1 working hour). */
  complaintAckMs: number;
  /** Business time a case may stay unsolved at a tier before it moves up; null turns the timer off. */
  escalateAfterMs: Record<Exclude<CaseTier, 'L3'>, number | null>;
}

export interface SlaOverrides {
  firstResponseMs?: Partial<Record<CasePriority, number>>;
  resolutionMs?: Partial<Record<CasePriority, number>>;
  complaintAckMs?: number;
  escalateAfterMs?: Partial<Record<Exclude<CaseTier, 'L3'>, number | null>>;
}

export interface CasePolicy {
  targets: SlaTargets;
  /** Overrides by department name. */
  departmentTargets: Readonly<Record<string, SlaOverrides>>;
  /** Business hours by department name; a department not listed uses `defaultHours`; null = always open. */
  hours: Readonly<Record<string, Schedule | null>>;
  defaultHours: Schedule | null;
  /** How long a solved case waits for the customer's confirmation before it closes on its own (calendar time). */
  autoCloseAfterMs: number;
  /** The specialist department an L2 escalation moves a case to, by category; absent = stays in its department. */
  specialistDepartments: Readonly<Record<string, string>>;
}

/** The service standard's targets: A 5 min / 30 min, B 30 min / 2 h, C 4 h / 24 h; complaints 1 h; L1 → L2 after 1 h. */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  firstResponseMs: { A: 5 * MINUTE, B: 30 * MINUTE, C: 4 * HOUR },
  resolutionMs: { A: 30 * MINUTE, B: 2 * HOUR, C: 24 * HOUR },
  complaintAckMs: HOUR,
  // L2 → L3 after 4 business hours: the standard escalates complex issues within 2 h of L1's hour, and a
  // specialist gets twice that before a supervisor is pulled in. Configurable like every target.
  escalateAfterMs: { L1: HOUR, L2: 4 * HOUR },
};

export const DEFAULT_AUTO_CLOSE_MS = 3 * 24 * HOUR;

/** A policy with the standard's defaults, overridden by whatever is given. */
export function createCasePolicy(over: Partial<Omit<CasePolicy, 'targets'>> & { targets?: SlaOverrides } = {}): CasePolicy {
  return {
    targets: mergeTargets(DEFAULT_SLA_TARGETS, over.targets),
    departmentTargets: over.departmentTargets ?? {},
    hours: over.hours ?? {},
    defaultHours: over.defaultHours ?? null,
    autoCloseAfterMs: over.autoCloseAfterMs ?? DEFAULT_AUTO_CLOSE_MS,
    specialistDepartments: over.specialistDepartments ?? {},
  };
}

function mergeTargets(base: SlaTargets, over: SlaOverrides | undefined): SlaTargets {
  if (!over) return base;
  return {
    firstResponseMs: { ...base.firstResponseMs, ...over.firstResponseMs },
    resolutionMs: { ...base.resolutionMs, ...over.resolutionMs },
    complaintAckMs: over.complaintAckMs ?? base.complaintAckMs,
    escalateAfterMs: { ...base.escalateAfterMs, ...over.escalateAfterMs },
  };
}

/** Business hours by department name from the configured departments (config.departments), for `hours`. */
export function hoursByDepartment(departments: readonly { name: string; hours: Schedule | null }[]): Record<string, Schedule | null> {
  return Object.fromEntries(departments.map((d) => [d.name, d.hours]));
}

/** The targets that apply in `department`. */
export function targetsFor(policy: CasePolicy, department: string): SlaTargets {
  return mergeTargets(policy.targets, policy.departmentTargets[department]);
}

/** The business hours of `department`. */
export function hoursFor(policy: CasePolicy, department: string): Schedule | null {
  return Object.hasOwn(policy.hours, department) ? (policy.hours[department] ?? null) : policy.defaultHours;
}

/** The first-response target for a case: its priority's, or the complaint acknowledgement if that is sooner. */
export function firstResponseTargetMs(targets: SlaTargets, c: Pick<Case, 'priority' | 'category'>): number {
  const byPriority = targets.firstResponseMs[c.priority];
  return c.category === COMPLAINT_CATEGORY ? Math.min(byPriority, targets.complaintAckMs) : byPriority;
}

/** The tier timer of `tier`, or null at L3 (nowhere further to go) or when turned off. */
export function tierTimerMs(targets: SlaTargets, tier: CaseTier): number | null {
  return tier === 'L3' ? null : targets.escalateAfterMs[tier];
}

/** The tier above, or null at the top. */
export function nextTier(tier: CaseTier): CaseTier | null {
  return tier === 'L1' ? 'L2' : tier === 'L2' ? 'L3' : null;
}
