/**
 * Feature strings for the vector model: a word block (unigrams, bigrams, sentence start/end markers)
 * and a character block (2–4-grams inside space-padded English words; 1–3-grams of Chinese runs).
 * English character unigrams were dropped: a quarter of the features for -0.2 points on BANKING77 (noise).
 * Prefixes keep the blocks apart so each can be normalised on its own.
 */
import type { Tokens } from './create-tokeniser';

const HAS_HAN = /\p{Script=Han}/u;

export interface FeatureBlocks {
  word: string[];
  char: string[];
}

/** Extracts the word and character feature strings of tokenised text (with repeats, for tf). */
export function extractFeatures(tokens: Tokens): FeatureBlocks {
  const word: string[] = [];
  const w = tokens.words;
  for (let i = 0; i < w.length; i++) {
    word.push(w[i] as string);
    word.push(`${i === 0 ? '<s>' : w[i - 1]} ${w[i]}`);
  }
  if (w.length > 0) word.push(`${w[w.length - 1]} </s>`);
  // Concepts are word features of their own: "@" cannot appear in a token, so they never clash with words.
  for (const c of tokens.concepts) word.push(`@${c}`);
  const char: string[] = [];
  for (const s of tokens.surface) {
    if (HAS_HAN.test(s)) addGrams(char, s, 1, 3);
    else addGrams(char, ` ${s} `, 2, 4);
  }
  return { word, char };
}

// Code-unit slicing is safe here: normalise() removed emoji, the only astral characters users type.
function addGrams(out: string[], s: string, min: number, max: number): void {
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= s.length; i++) {
      const g = s.substring(i, i + n);
      if (g !== ' ') out.push(g);
    }
  }
}
