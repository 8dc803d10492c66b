import type { Case, CaseListItem, CasePriority, CaseStatus, CaseTier } from '../../../shared/cases';
import { caseDue } from './case-clock';

/** `active`: everything still being worked (new, open, reopened, pending). */
export const STATUS_FILTERS = ['active', 'new', 'open', 'pending', 'solved', 'closed', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const DUE_FILTERS = ['any', 'soon', 'overdue'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export interface CaseFilter {
  status: StatusFilter;
  priority: CasePriority | 'all';
  due: DueFilter;
  isMine: boolean;
  department: string | 'all';
  tier: CaseTier | 'all';
}

export const DEFAULT_FILTER: CaseFilter = { status: 'active', priority: 'all', due: 'any', isMine: false, department: 'all', tier: 'all' };

/** "Due soon": the next deadline is less than this far away (and not yet passed). */
export const DUE_SOON_MS = 60 * 60_000;

/** How many cases one list call asks for (the schema's maximum). */
export const LIST_LIMIT = 500;

const ACTIVE: CaseStatus[] = ['new', 'open', 'reopened', 'pending'];

function statusesOf(status: StatusFilter): CaseStatus[] | undefined {
  if (status === 'all') return undefined;
  if (status === 'active') return ACTIVE;
  // Reopened cases are open ones the customer sent back: the agent works them alike.
  if (status === 'open') return ['open', 'reopened'];
  return [status];
}

/**
 * The case:list payload for a filter. The due filter is not sent: the server's dueBefore leaves out cases
 * already breached, which "overdue" must show, so it is applied here by caseDue (matchesFilter).
 */
export function listPayload(filter: CaseFilter): {
  status?: CaseStatus[];
  priority?: CasePriority[];
  mine?: boolean;
  department?: string;
  tier?: CaseTier;
  limit: number;
} {
  const status = statusesOf(filter.status);
  return {
    ...(status === undefined ? {} : { status }),
    ...(filter.priority === 'all' ? {} : { priority: [filter.priority] }),
    ...(filter.isMine ? { mine: true } : {}),
    ...(filter.department === 'all' ? {} : { department: filter.department }),
    ...(filter.tier === 'all' ? {} : { tier: filter.tier }),
    limit: LIST_LIMIT,
  };
}

/** Does a case belong in the filtered list? Used for the due filter and for cases that change live. */
export function matchesFilter(c: Case, filter: CaseFilter, myId: string | null, now: number): boolean {
  const status = statusesOf(filter.status);
  if (status !== undefined && !status.includes(c.status)) return false;
  if (filter.priority !== 'all' && c.priority !== filter.priority) return false;
  if (filter.isMine && (myId === null || c.assigneeId !== myId)) return false;
  if (filter.department !== 'all' && c.department !== filter.department) return false;
  if (filter.tier !== 'all' && c.tier !== filter.tier) return false;
  if (filter.due === 'any') return true;
  const due = caseDue(c, now);
  if (due === null) return false;
  if (filter.due === 'overdue') return due.tone === 'red';
  return due.tone !== 'red' && due.remainingMs <= DUE_SOON_MS;
}

/** Most urgent first: the nearest (or most overdue) deadline, then cases without a clock, newest first. */
export function sortCases(items: readonly CaseListItem[], now: number): CaseListItem[] {
  const key = (item: CaseListItem): number => caseDue(item.case, now)?.dueAt ?? Number.POSITIVE_INFINITY;
  return [...items].sort((a, b) => key(a) - key(b) || b.case.number - a.case.number);
}
