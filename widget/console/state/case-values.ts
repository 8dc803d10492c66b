import type { CaseMessage, CaseMessageKind, CasePriority, CaseTier } from '../../../shared/cases';
import type { Agent } from '../../../shared/model';

// The console imports shared/cases.ts for types only: its runtime half is zod (~90 KB gzip), which the
// console never needs. These lists are checked against the shared types, so they cannot drift.
export const PRIORITIES = ['A', 'B', 'C'] as const satisfies readonly CasePriority[];
export const TIERS = ['L1', 'L2', 'L3'] as const satisfies readonly CaseTier[];

/** Internal notes never reach the customer (the same rule as shared/cases.ts isPublicCaseMessage). */
export function isPublic(m: Pick<CaseMessage, 'kind'>): boolean {
  return m.kind !== 'note';
}

/**
 * The kind a thread entry is labelled with when it has no author's name. A note no agent wrote is the system's
 * (why it opened the case: a low score's follow-up), so it reads "System", not a nameless "Internal note".
 */
export function authorKind(m: Pick<CaseMessage, 'kind' | 'authorId'>): CaseMessageKind {
  return m.kind === 'note' && m.authorId === null ? 'system' : m.kind;
}

/**
 * The departments an agent may open a case in, their own first (the server's default and rule: a supervisor, or
 * an agent of every department, may pick any; others only theirs).
 */
export function openableDepartments(agent: Pick<Agent, 'role' | 'departments'> | null, all: readonly string[]): string[] {
  if (agent === null) return [];
  const own = agent.departments.filter((d) => all.includes(d));
  const isAny = agent.role !== 'agent' || agent.departments.includes('*');
  return isAny ? [...own, ...all.filter((d) => !own.includes(d))] : own;
}
