/**
 * Spelling correction against the KB's own vocabulary: an English word the KB never uses is replaced
 * by the closest word it does use ("oder" → "order"), before stemming. fuse.js finds candidates;
 * they are re-ranked by edit distance with transpositions ("refnud" → "refund" is one edit, which
 * fuse's bitap scores as two) and then by how often the KB uses them ("whre" → "where", not "when").
 * Character n-grams already tolerate typos; this also restores the word and bigram features.
 */
import Fuse from 'fuse.js';

export type TypoCorrector = (word: string) => string;

/** Words shorter than this are left alone: "fee" → "free" is a guess, not a correction. */
const MIN_LENGTH = 4;
const CACHE_LIMIT = 20_000;
const CANDIDATES = 8;

/** Builds a corrector over `words` (English surface words of the training texts, with repeats). */
export function createTypoCorrector(words: Iterable<string>, threshold = 0.45): TypoCorrector {
  const frequency = new Map<string, number>();
  for (const w of words) if (/^[a-z]+$/.test(w)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  // One small index per first letter and length: a typo rarely hits the first letter and changes the
  // length by at most two, and small indexes keep a lookup well under the 1 ms budget on a 10k-utterance KB.
  const buckets = new Map<string, string[]>();
  for (const w of frequency.keys()) {
    if (w.length < MIN_LENGTH - 1) continue;
    const key = `${w[0]}${w.length}`;
    const list = buckets.get(key) ?? [];
    list.push(w);
    buckets.set(key, list);
  }
  // A word within maxEdits edits is at most maxEdits characters longer or shorter, so each index holds
  // only those lengths. The indexes are built up front (about 15 ms for BANKING77's vocabulary): built
  // lazily, one cost the message that first needed it up to a millisecond, which showed in the p99.
  const indexes = new Map<string, Fuse<string>>();
  let longest = 0;
  for (const w of frequency.keys()) longest = Math.max(longest, w.length);
  const letters = new Set([...frequency.keys()].map((w) => w[0] as string));
  for (const letter of letters) {
    for (let length = MIN_LENGTH; length <= longest + 2; length++) {
      const reach = maxEditsFor(length);
      const list: string[] = [];
      for (let l = length - reach; l <= length + reach; l++) list.push(...(buckets.get(`${letter}${l}`) ?? []));
      if (list.length > 0) indexes.set(`${letter}${length}`, new Fuse(list, { includeScore: true, ignoreLocation: true, threshold, isCaseSensitive: true }));
    }
  }
  const cache = new Map<string, string>();

  return (word: string): string => {
    if (word.length < MIN_LENGTH || frequency.has(word) || !/^[a-z]+$/.test(word)) return word;
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    const maxEdits = maxEditsFor(word.length);
    let best = word;
    let bestEdits = maxEdits + 1;
    let bestFrequency = 0;
    const index = indexes.get(`${word[0]}${word.length}`);
    for (const { item } of index?.search(word, { limit: CANDIDATES }) ?? []) {
      const edits = editDistance(word, item, maxEdits);
      if (edits > maxEdits) continue;
      const f = frequency.get(item) ?? 0;
      if (edits < bestEdits || (edits === bestEdits && f > bestFrequency)) {
        best = item;
        bestEdits = edits;
        bestFrequency = f;
      }
    }
    if (cache.size < CACHE_LIMIT) cache.set(word, best);
    return best;
  };
}

/** Edits a word of this length may need: one for short words, two for long ones. */
function maxEditsFor(length: number): number {
  return length < 8 ? 1 : 2;
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps); stops early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}
