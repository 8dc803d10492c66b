import Database from 'better-sqlite3';
import { escapeRegex } from '../../../server/store/mongo/escape-regex';
import { likePattern } from '../../../server/store/sqlite/like-pattern';

const tricky = ['100%', 'SALE_10', 'a\\b', 'price (USD) $5.00?', '[x]+{2}|^y*', '订单 #12'];

describe('likePattern', () => {
  const db = new Database(':memory:');
  afterAll(() => db.close());
  const like = (haystack: string, needle: string) =>
    db.prepare<[string, string], { hit: number }>(`SELECT ? LIKE ? ESCAPE '\\' AS hit`).get(haystack, likePattern(needle))?.hit === 1;

  it.each(tricky)('matches %p literally inside a longer text', (needle) => {
    expect(like(`before ${needle} after`, needle)).toBe(true);
  });

  it('does not let % or _ act as wildcards', () => {
    expect(like('100 percent', '100%')).toBe(false);
    expect(like('SALEX10', 'SALE_10')).toBe(false);
    expect(like('ab', 'a\\b')).toBe(false);
  });

  it('is case-insensitive for ASCII', () => {
    expect(like('My Parcel', 'parcel')).toBe(true);
  });
});

describe('escapeRegex', () => {
  it.each(tricky)('makes %p match itself, case-insensitively', (needle) => {
    const re = new RegExp(escapeRegex(needle), 'i');
    expect(re.test(`before ${needle.toUpperCase()} after`)).toBe(true);
  });

  it('does not let . or * act as patterns', () => {
    expect(new RegExp(escapeRegex('a.c')).test('abc')).toBe(false);
    expect(new RegExp(escapeRegex('a*')).test('aaa')).toBe(false);
  });
});
