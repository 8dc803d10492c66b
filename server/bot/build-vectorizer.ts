/**
 * TF-IDF over an explicit vocabulary learned from the training utterances.
 * Each block (word, char) gets (1 + ln tf) × smoothed idf and its own L2 norm, then the two are
 * concatenated and scaled to unit length, so cosine similarity is a plain dot product.
 */
import type { FeatureBlocks } from './extract-features';

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export interface Vectorizer {
  readonly dim: number;
  /** Vector of new text; features never seen in training are ignored. */
  vectorize(blocks: FeatureBlocks): SparseVector;
  /** Whether a word-block feature (a word, a bigram, a concept) occurs in the training texts. */
  hasWord(feature: string): boolean;
}

/** Learns vocabulary and idf from `docs`; also returns the training documents' vectors. */
export function buildVectorizer(docs: readonly FeatureBlocks[], charWeight = 1): { vectorizer: Vectorizer; vectors: SparseVector[] } {
  // Separate maps per block instead of prefixed keys: no string concatenation per lookup.
  const wordIds = new Map<string, number>();
  const charIds = new Map<string, number>();
  const df: number[] = [];
  let lastSeen = new Int32Array(1024).fill(-1);
  const idsOf = (map: Map<string, number>, features: string[], doc: number): number[] =>
    features.map((f) => {
      let id = map.get(f);
      if (id === undefined) {
        id = df.length;
        map.set(f, id);
        df.push(0);
        if (id >= lastSeen.length) {
          const grown = new Int32Array(lastSeen.length * 2).fill(-1);
          grown.set(lastSeen);
          lastSeen = grown;
        }
      }
      if (lastSeen[id] !== doc) {
        lastSeen[id] = doc;
        df[id]!++;
      }
      return id;
    });
  // Ids are looked up once per training document and reused for its vector (string hashing dominates).
  const docIds = docs.map((doc, i) => [idsOf(wordIds, doc.word, i), idsOf(charIds, doc.char, i)] as const);
  const n = docs.length;
  const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);

  // Scratch space reused by every call (classification is synchronous): no Map per vector.
  const weight = new Float64Array(df.length);
  const touched: number[] = [];

  const tally = (id: number): void => {
    if (weight[id] === 0) touched.push(id);
    weight[id]! += 1;
  };

  /** Turns the counts tallied since `start` into (1 + ln tf) × idf weights, L2-normalised, times `scale`. */
  const weigh = (start: number, scale: number): void => {
    let norm = 0;
    for (let k = start; k < touched.length; k++) {
      const id = touched[k]!;
      const w = (1 + Math.log(weight[id]!)) * idf[id]!;
      weight[id] = w;
      norm += w * w;
    }
    norm = (Math.sqrt(norm) || 1) / scale;
    for (let k = start; k < touched.length; k++) weight[touched[k]!]! /= norm;
  };

  /** Adds one block of a training document (its ids known) to the scratch space. */
  const block = (ids: readonly number[], scale = 1): void => {
    const start = touched.length;
    for (let k = 0; k < ids.length; k++) tally(ids[k]!);
    weigh(start, scale);
  };

  /**
   * Adds one block of new text, features never seen in training skipped. A plain loop, not a generator of
   * ids: that was an iterator result per feature (~100 of them a message), ~6 KB per chat message.
   */
  const knownBlock = (map: Map<string, number>, features: readonly string[], scale = 1): void => {
    const start = touched.length;
    for (let k = 0; k < features.length; k++) {
      const id = map.get(features[k]!);
      if (id !== undefined) tally(id);
    }
    weigh(start, scale);
  };

  const finish = (): SparseVector => {
    let norm = 0;
    for (const id of touched) norm += weight[id]! * weight[id]!;
    norm = Math.sqrt(norm) || 1;
    const idx = Int32Array.from(touched).sort();
    const val = new Float32Array(idx.length);
    for (let k = 0; k < idx.length; k++) {
      val[k] = weight[idx[k]!]! / norm;
      weight[idx[k]!] = 0;
    }
    touched.length = 0;
    return { idx, val };
  };

  const vectors = docIds.map(([w, c]) => {
    block(w);
    block(c, charWeight);
    return finish();
  });
  const vectorizer: Vectorizer = {
    dim: df.length,
    vectorize(blocks) {
      knownBlock(wordIds, blocks.word);
      knownBlock(charIds, blocks.char, charWeight);
      return finish();
    },
    hasWord: (feature) => wordIds.has(feature),
  };
  return { vectorizer, vectors };
}

/** Cosine similarity of two unit-length vectors (both index lists sorted): their dot product. */
export function cosine(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) sum += a.val[i++]! * b.val[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}
