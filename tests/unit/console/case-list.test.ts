import type { Case, CaseDetail, CaseListItem, CaseMessage } from '../../../shared/cases';
import { applyCaseToList, applyMessageToDetail, applyMessageToList } from '../../../widget/console/state/case-list';

const T0 = Date.parse('2026-12-02T10:00:00Z');

const aCase = (id: string, over: Partial<Case> = {}): Case =>
  ({ id, number: 1, status: 'open', priority: 'C', tier: 'L1', department: 'general', assigneeId: null, version: 1, subject: id, createdAt: T0, ...over }) as Case;

const message = (id: string, seq: number, kind: CaseMessage['kind'], text: string): CaseMessage => ({
  id,
  caseId: 'a',
  seq,
  kind,
  authorId: null,
  authorName: null,
  text,
  attachments: [],
  createdAt: T0 + seq,
  mergedFrom: null,
});

const item = (c: Case, lastMessage: string | null = null): CaseListItem => ({ case: c, lastMessage, assigneeName: null });

describe('case list updates from facts', () => {
  test('a listed case is replaced in place, keeping its preview; an older version never wins', () => {
    const list = [item(aCase('a'), 'hello'), item(aCase('b'))];
    const next = applyCaseToList(list, aCase('a', { version: 2, assigneeId: 'ag1' }), true, 'Ana');
    expect(next.map((i) => [i.case.id, i.case.version, i.lastMessage, i.assigneeName])).toEqual([
      ['a', 2, 'hello', 'Ana'],
      ['b', 1, null, null],
    ]);
    expect(applyCaseToList(next, aCase('a', { version: 1 }), true, null)[0]!.case.version).toBe(2);
  });

  test('a case that now belongs is added on top; one that no longer does leaves', () => {
    const list = [item(aCase('a'))];
    expect(applyCaseToList(list, aCase('new'), true, null).map((i) => i.case.id)).toEqual(['new', 'a']);
    expect(applyCaseToList(list, aCase('a', { version: 2, status: 'closed' }), false, null)).toEqual([]);
    expect(applyCaseToList(list, aCase('other'), false, null)).toEqual(list);
  });

  test('public messages become the preview, internal notes never do', () => {
    const list = [item(aCase('a'), 'old')];
    expect(applyMessageToList(list, 'a', message('m1', 2, 'reply', 'We are on it'))[0]!.lastMessage).toBe('We are on it');
    expect(applyMessageToList(list, 'a', message('m2', 3, 'note', 'internal only'))[0]!.lastMessage).toBe('old');
    expect(applyMessageToList(list, 'a', message('m3', 4, 'shopper', 'x'.repeat(500)))[0]!.lastMessage).toHaveLength(140);
  });

  test('a message reaches the open thread once, in seq order, whether the ack or the fact comes first', () => {
    const detail: CaseDetail = { case: aCase('a'), messages: [message('m1', 1, 'shopper', 'hi')], events: [] };
    const late = message('m3', 3, 'reply', 'third');
    const early = message('m2', 2, 'note', 'second');
    const once = applyMessageToDetail(applyMessageToDetail(detail, late), early);
    expect(applyMessageToDetail(once, late).messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });
});
