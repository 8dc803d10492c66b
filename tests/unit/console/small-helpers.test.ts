import { authorKind, openableDepartments } from '../../../widget/console/state/case-values';
import { badgeTitle, formatDuration, formatPercent, safeHttpUrl } from '../../../widget/console/state/format';
import { rowsFromMine, rowsFromQueue, stepSelection } from '../../../widget/console/state/inbox-rows';
import { isServerListed, viewsForRole } from '../../../widget/console/state/inbox-view';
import { applyConversationToMine } from '../../../widget/console/state/mine';
import { addTags, removeTag } from '../../../widget/console/state/tags';
import { conv, entry } from './fixtures';

describe('format', () => {
  test('durations', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(2 * 3600_000 + 4 * 60_000)).toBe('2h 04m');
    expect(formatDuration(26 * 3600_000)).toBe('1d 2h');
  });
  test('title badge, percent', () => {
    expect(badgeTitle('Parley', 0)).toBe('Parley');
    expect(badgeTitle('Parley', 3)).toBe('(3) Parley');
    expect(badgeTitle('Parley', 150)).toBe('(99+) Parley');
    expect(formatPercent(0.876)).toBe('88%');
  });
  test('only http(s) page URLs become links', () => {
    expect(safeHttpUrl('https://shop.test/p?id=1')).toBe('https://shop.test/p?id=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});

describe('tags', () => {
  test('adds trimmed, lower-cased, unique tags within limits', () => {
    expect(addTags(['vip'], ' VIP , Refund,, late ')).toEqual(['vip', 'refund', 'late']);
    expect(addTags([], 'x'.repeat(50))[0]).toHaveLength(32);
    expect(addTags(Array.from({ length: 20 }, (_, i) => `t${i}`), 'more')).toHaveLength(20);
    expect(removeTag(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('inbox rows and views', () => {
  test('queue rows carry position and wait; mine rows carry unread and names', () => {
    const [q] = rowsFromQueue([entry({ conversationId: 'q', position: 2, waitingSince: 5, visitorName: 'V', preview: 'help' })]);
    expect(q).toMatchObject({ conversationId: 'q', position: 2, waitingSince: 5, name: 'V', preview: 'help', status: 'waiting' });
    const [m] = rowsFromMine([conv({ id: 'c' })], { c: 2 }, { c: 'hi' }, { c: 'Zoe' });
    expect(m).toMatchObject({ conversationId: 'c', unread: 2, preview: 'hi', name: 'Zoe', position: null });
  });

  test('stepSelection moves and clamps', () => {
    expect(stepSelection(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(stepSelection(['a', 'b', 'c'], null, -1)).toBe('c');
    expect(stepSelection(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(stepSelection(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(stepSelection(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(stepSelection([], 'a', 1)).toBeNull();
  });

  test('roles see their tabs; searches always go to the server', () => {
    expect(viewsForRole('agent')).not.toContain('open');
    expect(viewsForRole('supervisor')).toContain('team');
    expect(viewsForRole('admin')).toContain('knowledge');
    expect(viewsForRole('agent')).not.toContain('knowledge');
    expect(isServerListed('waiting', '')).toBe(false);
    expect(isServerListed('waiting', 'vip')).toBe(true);
    expect(isServerListed('closed', '')).toBe(true);
  });

  test('Mine keeps identity when an unrelated conversation changes', () => {
    const mine = [conv({ id: 'c1' })];
    expect(applyConversationToMine(mine, conv({ id: 'x', assignedAgentId: 'a2' }), 'a1')).toBe(mine);
  });
});

describe('authorKind', () => {
  test('a note no agent wrote (a follow-up the system opened) is labelled as the system’s; others by their kind', () => {
    expect(authorKind({ kind: 'note', authorId: null })).toBe('system');
    expect(authorKind({ kind: 'note', authorId: 'agent-1' })).toBe('note');
    expect(authorKind({ kind: 'shopper', authorId: null })).toBe('shopper');
    expect(authorKind({ kind: 'reply', authorId: 'agent-1' })).toBe('reply');
  });
});

describe('openableDepartments', () => {
  const all = ['general', 'orders', 'returns'];
  test('an agent opens cases only in their own departments (the server refuses the others)', () => {
    expect(openableDepartments({ role: 'agent', departments: ['returns', 'gone'] }, all)).toEqual(['returns']);
  });
  test('a supervisor, or an agent of every department, may pick any; their own come first', () => {
    expect(openableDepartments({ role: 'supervisor', departments: ['orders'] }, all)).toEqual(['orders', 'general', 'returns']);
    expect(openableDepartments({ role: 'agent', departments: ['*'] }, all)).toEqual(all);
  });
  test('before the console knows who is signed in, none', () => {
    expect(openableDepartments(null, all)).toEqual([]);
  });
});
