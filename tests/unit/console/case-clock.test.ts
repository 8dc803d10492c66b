import type { Case, CaseListItem } from '../../../shared/cases';
import { AMBER_SHARE, caseDue } from '../../../widget/console/state/case-clock';
import { DEFAULT_FILTER, DUE_SOON_MS, listPayload, matchesFilter, sortCases, type CaseFilter } from '../../../widget/console/state/case-filters';

const MIN = 60_000;
const T0 = Date.parse('2026-12-02T10:00:00Z');

function aCase(over: Partial<Case> = {}): Case {
  return {
    id: 'c1',
    number: 1,
    siteId: 'demo',
    status: 'new',
    priority: 'B',
    tier: 'L1',
    department: 'general',
    category: 'general',
    subject: 'Parcel missing',
    locale: 'en',
    source: 'form',
    assigneeId: null,
    customerId: null,
    visitorId: 'v1',
    conversationId: null,
    contactName: 'Mei',
    contactEmail: 'mei@example.com',
    createdAt: T0,
    updatedAt: T0,
    // B: 30 min to a first response, 2 h to resolve.
    firstResponseDueAt: T0 + 30 * MIN,
    resolutionDueAt: T0 + 120 * MIN,
    tierDueAt: T0 + 60 * MIN,
    firstResponseAt: null,
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
    pausedAt: null,
    solvedAt: null,
    closedAt: null,
    resolution: null,
    confirmation: null,
    mergedInto: null,
    lastSeq: 1,
    version: 1,
    ...over,
  };
}

const item = (c: Case): CaseListItem => ({ case: c, lastMessage: null, assigneeName: null });

describe('caseDue: the countdown colour', () => {
  test('the first response is the deadline until it is given, then the resolution', () => {
    expect(caseDue(aCase(), T0 + 5 * MIN)).toEqual({ target: 'first_response', dueAt: T0 + 30 * MIN, remainingMs: 25 * MIN, tone: 'ok' });
    const answered = aCase({ status: 'open', firstResponseAt: T0 + 10 * MIN });
    expect(caseDue(answered, T0 + 20 * MIN)).toMatchObject({ target: 'resolution', remainingMs: 100 * MIN, tone: 'ok' });
  });

  test(`amber under ${AMBER_SHARE * 100} % of the window left, red once due or breached`, () => {
    const c = aCase();
    // 30 min window: amber from 7.5 min left.
    expect(caseDue(c, T0 + 22 * MIN)?.tone).toBe('ok');
    expect(caseDue(c, T0 + 23 * MIN)?.tone).toBe('amber');
    expect(caseDue(c, T0 + 30 * MIN)).toMatchObject({ tone: 'red', remainingMs: 0 });
    expect(caseDue(c, T0 + 45 * MIN)).toMatchObject({ tone: 'red', remainingMs: -15 * MIN });
    // The sweep marked the breach: red even if this browser's clock runs a little behind the server's.
    expect(caseDue(aCase({ firstResponseBreachedAt: T0 + 30 * MIN }), T0 + 29 * MIN)?.tone).toBe('red');
  });

  test('a pending case shows its clock frozen at the pause; solved and closed cases have none', () => {
    const pending = aCase({ status: 'pending', firstResponseAt: T0 + MIN, pausedAt: T0 + 60 * MIN });
    expect(caseDue(pending, T0 + 500 * MIN)).toMatchObject({ target: 'resolution', remainingMs: 60 * MIN, tone: 'paused' });
    expect(caseDue(aCase({ status: 'solved' }), T0)).toBeNull();
    expect(caseDue(aCase({ status: 'closed' }), T0)).toBeNull();
    expect(caseDue(aCase({ firstResponseDueAt: null, resolutionDueAt: null }), T0)).toBeNull();
  });
});

describe('case filters', () => {
  const f = (over: Partial<CaseFilter>): CaseFilter => ({ ...DEFAULT_FILTER, ...over });

  test('the list payload carries every server-side filter and never the due one', () => {
    expect(listPayload(DEFAULT_FILTER)).toEqual({ status: ['new', 'open', 'reopened', 'pending'], limit: 500 });
    expect(listPayload(f({ status: 'all', priority: 'A', isMine: true, department: 'returns', tier: 'L2', due: 'overdue' }))).toEqual({
      priority: ['A'],
      mine: true,
      department: 'returns',
      tier: 'L2',
      limit: 500,
    });
    expect(listPayload(f({ status: 'open' })).status).toEqual(['open', 'reopened']);
  });

  test('matchesFilter applies each field', () => {
    const c = aCase({ status: 'open', priority: 'A', tier: 'L2', department: 'returns', assigneeId: 'me' });
    expect(matchesFilter(c, DEFAULT_FILTER, 'me', T0)).toBe(true);
    expect(matchesFilter(c, f({ status: 'pending' }), 'me', T0)).toBe(false);
    expect(matchesFilter(c, f({ priority: 'C' }), 'me', T0)).toBe(false);
    expect(matchesFilter(c, f({ isMine: true }), 'me', T0)).toBe(true);
    expect(matchesFilter(c, f({ isMine: true }), 'someone-else', T0)).toBe(false);
    expect(matchesFilter(c, f({ department: 'billing' }), 'me', T0)).toBe(false);
    expect(matchesFilter(c, f({ tier: 'L3' }), 'me', T0)).toBe(false);
    expect(matchesFilter(aCase({ status: 'closed' }), DEFAULT_FILTER, 'me', T0)).toBe(false);
    expect(matchesFilter(aCase({ status: 'closed' }), f({ status: 'all' }), 'me', T0)).toBe(true);
  });

  test('due soon: within the hour and not yet passed; overdue: passed or breached', () => {
    const c = aCase();
    expect(matchesFilter(c, f({ due: 'soon' }), null, T0 + 30 * MIN - DUE_SOON_MS - 1)).toBe(false);
    expect(matchesFilter(c, f({ due: 'soon' }), null, T0)).toBe(true);
    expect(matchesFilter(c, f({ due: 'overdue' }), null, T0)).toBe(false);
    expect(matchesFilter(c, f({ due: 'soon' }), null, T0 + 31 * MIN)).toBe(false);
    expect(matchesFilter(c, f({ due: 'overdue' }), null, T0 + 31 * MIN)).toBe(true);
    expect(matchesFilter(aCase({ status: 'solved' }), f({ status: 'all', due: 'overdue' }), null, T0 + 999 * MIN)).toBe(false);
  });

  test('sortCases: nearest deadline first, overdue ahead of all, cases without a clock last (newest first)', () => {
    const late = aCase({ id: 'late', number: 2, firstResponseDueAt: T0 + 5 * MIN });
    const soon = aCase({ id: 'soon', number: 3 });
    const solvedOld = aCase({ id: 'solved-old', number: 4, status: 'solved' });
    const solvedNew = aCase({ id: 'solved-new', number: 5, status: 'solved' });
    const sorted = sortCases([solvedOld, soon, solvedNew, late].map(item), T0 + 10 * MIN).map((i) => i.case.id);
    expect(sorted).toEqual(['late', 'soon', 'solved-new', 'solved-old']);
  });
});
