import { applyMessageCreated, lastSeqOf, mergeMessages } from '../../../widget/console/state/messages';
import { msg } from './fixtures';

describe('applyMessageCreated', () => {
  test('appends in order', () => {
    const list = applyMessageCreated([msg({ id: 'a', seq: 1 })], msg({ id: 'b', seq: 2 }));
    expect(list.map((m) => m.id)).toEqual(['a', 'b']);
  });

  test('deduplicates by id (ack and broadcast both deliver it), replacing with the newer copy', () => {
    const first = [msg({ id: 'a', seq: 1 }), msg({ id: 'b', seq: 2, text: 'old' })];
    const list = applyMessageCreated(first, msg({ id: 'b', seq: 2, text: 'new' }));
    expect(list).toHaveLength(2);
    expect(list[1]?.text).toBe('new');
  });

  test('a late message lands at its seq', () => {
    const list = applyMessageCreated([msg({ id: 'a', seq: 1 }), msg({ id: 'c', seq: 3 })], msg({ id: 'b', seq: 2 }));
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  test('does not mutate its input', () => {
    const input = [msg({ id: 'a', seq: 2 })];
    applyMessageCreated(input, msg({ id: 'b', seq: 1 }));
    expect(input.map((m) => m.id)).toEqual(['a']);
  });
});

describe('mergeMessages / lastSeqOf', () => {
  test('merges a refetched transcript without duplicates', () => {
    const merged = mergeMessages([msg({ id: 'a', seq: 1 }), msg({ id: 'c', seq: 3 })], [msg({ id: 'b', seq: 2 }), msg({ id: 'c', seq: 3 })]);
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(lastSeqOf(merged)).toBe(3);
    expect(lastSeqOf([])).toBe(0);
  });
});
