/**
 * The case lifecycle as a table of allowed transitions and their causes, and the patch each one makes.
 * new → open → pending (waiting on the customer) → solved → closed, plus reopened. A solved case asks the
 * customer to confirm; "No, still a problem" reopens it; no answer within the policy's window closes it.
 * Closed is final: a customer writing after that starts a new case.
 */
import { AppError } from '../../shared/errors';
import type { Case, CaseChange, CaseResolution, CaseStatus, CaseStatusCause } from '../../shared/cases';
import type { CasePatch } from '../store/store';
import type { CasePolicy } from './case-policy';
import { pauseClocks, restartClocks, resumeClocks } from './sla-clock';

interface Transition {
  from: readonly CaseStatus[];
  to: CaseStatus;
  causes: readonly CaseStatusCause[];
}

const ACTIVE: readonly CaseStatus[] = ['new', 'open', 'pending', 'reopened'];

/** Every allowed move. Anything not listed is refused with INVALID_STATE. */
export const CASE_TRANSITIONS: readonly Transition[] = [
  { from: ['new', 'reopened'], to: 'open', causes: ['agent', 'first_reply'] },
  { from: ['pending'], to: 'open', causes: ['agent', 'customer_reply'] },
  { from: ['new', 'open', 'reopened'], to: 'pending', causes: ['agent'] },
  { from: ACTIVE, to: 'solved', causes: ['agent'] },
  { from: ['solved'], to: 'reopened', causes: ['not_fixed', 'customer_reply', 'agent'] },
  { from: ['solved'], to: 'closed', causes: ['confirmed', 'auto_close'] },
  { from: [...ACTIVE, 'solved'], to: 'closed', causes: ['merged', 'dismissed'] },
];

/** Statuses whose SLA clocks run. */
export const RUNNING_STATUSES: readonly CaseStatus[] = ['new', 'open', 'reopened'];

/** Is `from` → `to` allowed for `cause`? */
export function canTransition(from: CaseStatus, to: CaseStatus, cause: CaseStatusCause): boolean {
  return CASE_TRANSITIONS.some((t) => t.to === to && t.from.includes(from) && t.causes.includes(cause));
}

const RESOLUTION_OF: Partial<Record<CaseStatusCause, CaseResolution>> = {
  confirmed: 'confirmed',
  auto_close: 'auto_closed',
  merged: 'merged',
  dismissed: 'dismissed',
};

/**
 * The patch and history entry that move `c` to `to` because of `cause` at `now`.
 * @throws AppError('INVALID_STATE') when the table does not allow it.
 */
export function planTransition(
  c: Case,
  to: CaseStatus,
  cause: CaseStatusCause,
  now: number,
  policy: CasePolicy,
): { patch: CasePatch; change: CaseChange } {
  if (!canTransition(c.status, to, cause)) {
    throw new AppError('INVALID_STATE', {
      message: `case ${c.number} cannot go from ${c.status} to ${to} (${cause})`,
      userMessage: 'This request cannot be changed that way in its current state.',
    });
  }
  const change: CaseChange = { type: 'status', from: c.status, to, cause };
  const leavingPause = c.status === 'pending' ? resumeClocks(c, now, policy) : {};
  switch (to) {
    case 'open':
      return { patch: { ...leavingPause, status: 'open' }, change };
    case 'pending':
      return { patch: { ...pauseClocks(now), status: 'pending' }, change };
    case 'solved':
      return {
        patch: {
          ...leavingPause,
          status: 'solved',
          solvedAt: now,
          confirmation: { requestedAt: now, closesAt: now + policy.autoCloseAfterMs, answer: null, answeredAt: null },
        },
        change,
      };
    case 'reopened': {
      const confirmation =
        c.confirmation && cause === 'not_fixed' ? { ...c.confirmation, answer: 'no' as const, answeredAt: now } : c.confirmation;
      return { patch: { ...restartClocks(c, now, policy), status: 'reopened', solvedAt: null, confirmation }, change };
    }
    case 'closed': {
      const confirmation =
        c.confirmation && cause === 'confirmed' ? { ...c.confirmation, answer: 'yes' as const, answeredAt: now } : c.confirmation;
      return {
        patch: { status: 'closed', closedAt: now, pausedAt: null, resolution: RESOLUTION_OF[cause] ?? 'dismissed', confirmation },
        change,
      };
    }
    case 'new':
      // Not reachable: no transition leads back to new.
      throw new AppError('INVALID_STATE', { message: 'a case never returns to new' });
  }
}
