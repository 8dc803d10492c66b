import type { Case } from '../../../shared/cases';
import { planEscalation } from '../../../server/cases/case-escalation';
import { CASE_TRANSITIONS, canTransition, planTransition } from '../../../server/cases/case-lifecycle';
import { createCasePolicy, firstResponseTargetMs, hoursByDepartment, hoursFor, targetsFor } from '../../../server/cases/case-policy';
import { initialDeadlines, resumeClocks } from '../../../server/cases/sla-clock';
import { sweepCases } from '../../../server/cases/sweep-cases';
import { parseSchedule } from '../../../server/domain/business-hours';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-11-24T10:00:00Z'); // a Tuesday

const policy = createCasePolicy({
  hours: { general: parseSchedule('Mon-Fri 09:00-18:00 Europe/London') },
  departmentTargets: { vip: { firstResponseMs: { C: 15 * MIN }, escalateAfterMs: { L1: null } } },
  specialistDepartments: { technical: 'engineering' },
});

function makeCase(over: Partial<Case> = {}): Case {
  return {
    id: 'case-1', number: 1, siteId: 'site', status: 'new', priority: 'C', tier: 'L1', department: 'general', category: 'general',
    subject: 's', locale: 'en', source: 'form', assigneeId: null, customerId: null, visitorId: 'v', conversationId: null,
    contactName: null, contactEmail: null, createdAt: T0, updatedAt: T0, firstResponseDueAt: null, resolutionDueAt: null,
    tierDueAt: null, firstResponseAt: null, firstResponseBreachedAt: null, resolutionBreachedAt: null, pausedAt: null,
    solvedAt: null, closedAt: null, resolution: null, confirmation: null, mergedInto: null, lastSeq: 0, version: 1,
    ...over,
  };
}

describe('policy', () => {
  it('has the service standard’s defaults and per-department overrides of single values', () => {
    const base = targetsFor(policy, 'general');
    expect(base.firstResponseMs).toEqual({ A: 5 * MIN, B: 30 * MIN, C: 4 * HOUR });
    expect(base.resolutionMs).toEqual({ A: 30 * MIN, B: 2 * HOUR, C: 24 * HOUR });
    expect(base.complaintAckMs).toBe(HOUR);
    expect(base.escalateAfterMs.L1).toBe(HOUR);
    const vip = targetsFor(policy, 'vip');
    expect(vip.firstResponseMs).toEqual({ A: 5 * MIN, B: 30 * MIN, C: 15 * MIN });
    expect(vip.escalateAfterMs).toEqual({ L1: null, L2: 4 * HOUR });
    expect(firstResponseTargetMs(base, { priority: 'C', category: 'complaint' })).toBe(HOUR);
    expect(firstResponseTargetMs(base, { priority: 'A', category: 'complaint' })).toBe(5 * MIN);
    expect(hoursFor(policy, 'general')?.timeZone).toBe('Europe/London');
    expect(hoursFor(policy, 'elsewhere')).toBeNull();
    const fromConfig = createCasePolicy({ hours: hoursByDepartment([{ name: 'orders', hours: null }, { name: 'general', hours: parseSchedule('Mon-Fri 08:00-17:00 UTC') }]) });
    expect(hoursFor(fromConfig, 'orders')).toBeNull();
    expect(hoursFor(fromConfig, 'general')?.open).toBe(8 * 60);
    expect(initialDeadlines({ priority: 'C', category: 'general', department: 'vip', tier: 'L1' }, T0, policy)).toEqual({
      firstResponseDueAt: T0 + 15 * MIN, resolutionDueAt: T0 + 24 * HOUR, tierDueAt: null,
    });
  });
});

describe('lifecycle', () => {
  it('allows only the table’s moves', () => {
    expect(canTransition('new', 'open', 'first_reply')).toBe(true);
    expect(canTransition('open', 'pending', 'agent')).toBe(true);
    expect(canTransition('pending', 'open', 'customer_reply')).toBe(true);
    expect(canTransition('solved', 'reopened', 'not_fixed')).toBe(true);
    expect(canTransition('solved', 'closed', 'confirmed')).toBe(true);
    expect(canTransition('solved', 'closed', 'auto_close')).toBe(true);
    // Resolved only through the customer: an open case cannot close as confirmed or auto-closed.
    expect(canTransition('open', 'closed', 'confirmed')).toBe(false);
    expect(canTransition('open', 'closed', 'auto_close')).toBe(false);
    expect(canTransition('closed', 'reopened', 'customer_reply')).toBe(false);
    expect(canTransition('pending', 'pending', 'agent')).toBe(false);
    expect(CASE_TRANSITIONS.some((t) => t.to === 'new')).toBe(false);
    expect(() => planTransition(makeCase({ status: 'closed' }), 'open', 'agent', T0, policy)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });

  it('asks for confirmation when solved and records the answer', () => {
    const solved = planTransition(makeCase({ status: 'open' }), 'solved', 'agent', T0, policy);
    expect(solved.patch).toMatchObject({ status: 'solved', solvedAt: T0, confirmation: { requestedAt: T0, closesAt: T0 + 72 * HOUR, answer: null } });
    const c = makeCase({ status: 'solved', ...solved.patch } as Partial<Case>);
    expect(planTransition(c, 'closed', 'confirmed', T0 + HOUR, policy).patch).toMatchObject({ resolution: 'confirmed', confirmation: { answer: 'yes', answeredAt: T0 + HOUR } });
    expect(planTransition(c, 'reopened', 'not_fixed', T0 + HOUR, policy).patch).toMatchObject({ status: 'reopened', confirmation: { answer: 'no' } });
    expect(planTransition(c, 'closed', 'auto_close', T0 + 72 * HOUR, policy).patch).toMatchObject({ resolution: 'auto_closed', confirmation: { answer: null } });
  });

  it('gives a paused deadline back the business time it had left', () => {
    // Paused Tuesday 17:30 with the deadline at 18:00: 30 business minutes left; resumed Wednesday 08:00 → 09:30.
    const c = makeCase({ status: 'pending', pausedAt: Date.parse('2026-11-24T17:30:00Z'), resolutionDueAt: Date.parse('2026-11-24T18:00:00Z'), tierDueAt: Date.parse('2026-11-24T17:00:00Z') });
    const patch = resumeClocks(c, Date.parse('2026-11-25T08:00:00Z'), policy);
    expect(patch).toMatchObject({ pausedAt: null, resolutionDueAt: Date.parse('2026-11-25T09:30:00Z'), tierDueAt: Date.parse('2026-11-24T17:00:00Z') });
  });
});

describe('escalation', () => {
  it('moves L2 to the category’s specialist department, unassigned, with a fresh tier timer', () => {
    const c = makeCase({ status: 'open', category: 'technical', assigneeId: 'agent-1' });
    const { patch, changes } = planEscalation(c, { toTier: 'L2', reason: 'needs logs', isAutomatic: false }, T0, policy);
    expect(patch).toEqual({ tier: 'L2', department: 'engineering', assigneeId: null, tierDueAt: T0 + 4 * HOUR });
    expect(changes).toEqual([
      { type: 'escalated', fromTier: 'L1', toTier: 'L2', fromDepartment: 'general', toDepartment: 'engineering', reason: 'needs logs', isAutomatic: false },
      { type: 'assigned', from: 'agent-1', to: null },
    ]);
  });

  it('refuses a solved case and a tier that is not higher', () => {
    expect(() => planEscalation(makeCase({ status: 'solved' }), { toTier: 'L2', reason: 'x', isAutomatic: false }, T0, policy)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => planEscalation(makeCase({ tier: 'L2' }), { toTier: 'L2', reason: 'x', isAutomatic: false }, T0, policy)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });
});

describe('sweepCases', () => {
  it('returns breaches, escalations and auto-closes that are due, and nothing for paused or settled cases', () => {
    const cases = [
      makeCase({ id: 'late', firstResponseDueAt: T0 - 1, resolutionDueAt: T0, tierDueAt: T0 }),
      makeCase({ id: 'answered', status: 'open', firstResponseAt: T0 - 5, firstResponseDueAt: T0 - 1, resolutionDueAt: T0 + 1 }),
      makeCase({ id: 'breached', firstResponseDueAt: T0 - 1, firstResponseBreachedAt: T0 - 1 }),
      makeCase({ id: 'paused', status: 'pending', pausedAt: T0 - 10, resolutionDueAt: T0 - 1, tierDueAt: T0 - 1 }),
      makeCase({ id: 'top', tier: 'L3', tierDueAt: T0 - 1 }),
      makeCase({ id: 'waiting', status: 'solved', confirmation: { requestedAt: T0 - 72 * HOUR, closesAt: T0, answer: null, answeredAt: null } }),
      makeCase({ id: 'young', status: 'solved', confirmation: { requestedAt: T0, closesAt: T0 + 72 * HOUR, answer: null, answeredAt: null } }),
      makeCase({ id: 'done', status: 'closed', resolutionDueAt: T0 - 1 }),
    ];
    expect(sweepCases(cases, T0, policy)).toEqual([
      { kind: 'breach', caseId: 'late', target: 'first_response', dueAt: T0 - 1 },
      { kind: 'breach', caseId: 'late', target: 'resolution', dueAt: T0 },
      { kind: 'escalate', caseId: 'late', from: 'L1', to: 'L2', dueAt: T0 },
      { kind: 'auto_close', caseId: 'waiting', dueAt: T0 },
    ]);
  });
});
