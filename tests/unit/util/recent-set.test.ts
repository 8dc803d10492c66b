import fc from 'fast-check';
import { createRecentSet } from '../../../server/util/recent-set';

describe('createRecentSet', () => {
  it('keeps only the newest entries once over capacity, oldest out first', () => {
    const set = createRecentSet(3);
    ['a', 'b', 'c', 'd'].forEach((v) => set.add(v));
    expect(set.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((v) => set.has(v))).toEqual([false, true, true, true]);
  });

  it('counts a value added again as new', () => {
    const set = createRecentSet(2);
    set.add('a');
    set.add('b');
    set.add('a');
    set.add('c');
    expect([set.has('a'), set.has('b'), set.has('c')]).toEqual([true, false, true]);
  });

  it('stays at its capacity over a long run (a process handling a million messages)', () => {
    const set = createRecentSet(1000);
    for (let i = 0; i < 1_000_000; i++) set.add(`m${i}`);
    expect(set.size).toBe(1000);
    expect(set.has('m999999')).toBe(true);
    expect(set.has('m998999')).toBe(false);
  });
});

describe('createRecentSet against a model', () => {
  it('holds exactly the values among the last `capacity` adds, for any sequence of adds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'), { maxLength: 60 }), (capacity, adds) => {
        const set = createRecentSet(capacity);
        adds.forEach((v) => set.add(v));
        const kept = new Set<string>(adds.slice(-capacity));
        expect(set.size).toBe(kept.size);
        for (const v of 'abcdefghij') expect(set.has(v)).toBe(kept.has(v));
      }),
    );
  });
});
