import type { CaseMessage, CasePriority, CaseTier } from '../../../shared/cases';

// The console imports shared/cases.ts for types only: its runtime half is zod (~90 KB gzip), which the
// console never needs. These lists are checked against the shared types, so they cannot drift.
export const PRIORITIES = ['A', 'B', 'C'] as const satisfies readonly CasePriority[];
export const TIERS = ['L1', 'L2', 'L3'] as const satisfies readonly CaseTier[];

/** Internal notes never reach the customer (the same rule as shared/cases.ts isPublicCaseMessage). */
export function isPublic(m: Pick<CaseMessage, 'kind'>): boolean {
  return m.kind !== 'note';
}
