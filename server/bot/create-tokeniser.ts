/**
 * Tokenisation for English and Chinese, on normalised text.
 * English words go through natural's tokenizer, the KB's synonyms, an optional typo corrector and
 * natural's Porter stemmer; Chinese runs are split with Intl.Segmenter (no dictionary download) and
 * also yield character bigrams, which catch words the segmenter splits differently.
 */
import { WordTokenizer } from 'natural/lib/natural/tokenizers';
import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { normalise } from './normalise';
import type { LexiconConcept } from './kb-schema';

/** Stop words that carry no intent. Deliberately short: "where", "how", "not" and "my" do carry intent. */
const EN_STOPWORDS = ['a', 'an', 'the', 'please', 'pls', 'plz', 'kindly', 'um', 'uh', 'hmm', 'just', 'really', 'very', 'so'];
const ZH_STOPWORDS = ['的', '了', '吗', '呢', '吧', '啊', '呀', '哦', '嗯', '请', '请问', '麻烦', '一下', '您好', '你好'];

export interface TokeniserOptions {
  synonyms?: { en?: Record<string, string>; zh?: Record<string, string> };
  stopwords?: { en?: readonly string[]; zh?: readonly string[] };
  /** Concepts whose phrases add the concept id to `Tokens.concepts`. */
  lexicon?: readonly LexiconConcept[];
}

export interface Tokens {
  /** Word tokens in order: English stems and Chinese words, stop words removed. */
  words: string[];
  /** Surface forms for character n-grams: English words (unstemmed) and Chinese runs. */
  surface: string[];
  /** Lexicon concepts the text mentions, once each, in order of first mention. */
  concepts: string[];
}

export interface Tokeniser {
  (text: string, correct?: (word: string) => string): Tokens;
  /** English surface words after synonyms (what a typo corrector should know). */
  englishWords(text: string): string[];
}

const HAN_RUN = /\p{Script=Han}+/gu;
const HAS_HAN = /\p{Script=Han}/u;

/** Builds a tokeniser for one KB's synonyms and extra stop words. */
export function createTokeniser(opts: TokeniserOptions = {}): Tokeniser {
  const wordTokenizer = new WordTokenizer();
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const enStop = new Set([...EN_STOPWORDS, ...(opts.stopwords?.en ?? []).map(normalise)]);
  const zhStop = new Set([...ZH_STOPWORDS, ...(opts.stopwords?.zh ?? []).map(normalise)]);
  const enSyn = compileSynonyms(opts.synonyms?.en ?? {}, true);
  const zhSyn = compileSynonyms(opts.synonyms?.zh ?? {}, false);
  const stems = new Map<string, string>();
  const stem = (w: string): string => {
    let s = stems.get(w);
    if (s === undefined) {
      s = /^\d+$/.test(w) ? w : PorterStemmer.stem(w);
      if (stems.size < 100_000) stems.set(w, s);
    }
    return s;
  };

  const prepare = (text: string): string => zhSyn(enSyn(normalise(text)));

  const englishOf = (chunk: string): string[] => {
    // The tokenizer drops $ and %; keep them as words because prices and discounts are intents' cues.
    const words = wordTokenizer.tokenize(chunk.replace(/[$%]/g, (m) => ` ${m === '$' ? 'dollar' : 'percent'} `));
    return words.map((w) => w.toLowerCase());
  };

  let findConcepts: (clean: string, stems: readonly string[]) => string[] = () => [];

  const tokenise = ((text: string, correct?: (word: string) => string): Tokens => {
    const clean = prepare(text);
    const words: string[] = [];
    const surface: string[] = [];
    const stems: string[] = [];
    if (!HAS_HAN.test(clean)) {
      for (const raw of englishOf(clean)) addEnglish(raw);
      return { words, surface, concepts: findConcepts(clean, stems) };
    }
    for (const seg of segmenter.segment(clean)) {
      if (!seg.isWordLike) continue;
      if (HAS_HAN.test(seg.segment)) {
        if (!zhStop.has(seg.segment)) words.push(seg.segment);
      } else {
        for (const raw of englishOf(seg.segment)) addEnglish(raw);
      }
    }
    for (const m of clean.matchAll(HAN_RUN)) surface.push(m[0]);
    return { words, surface, concepts: findConcepts(clean, stems) };

    function addEnglish(raw: string): void {
      const w = correct ? correct(raw) : raw;
      surface.push(w);
      if (!enStop.has(w)) {
        const s = stem(w);
        words.push(s);
        stems.push(s);
      }
    }
  }) as Tokeniser;
  tokenise.englishWords = (text: string) => englishOf(prepare(text).replace(HAN_RUN, ' '));
  // Phrases go through the same preparation as texts (synonyms, stop words, stems), so they match
  // whatever form the text takes after it.
  if (opts.lexicon !== undefined && opts.lexicon.length > 0) findConcepts = compileLexicon(opts.lexicon, tokenise, prepare);
  return tokenise;
}

interface EnglishPhrase {
  stems: string[];
  concept: string;
}

/**
 * A matcher for the lexicon's phrases: English on the stem sequence, Chinese on the prepared text.
 * The longest phrase at a position wins and its words are not matched again, which is how a phrase
 * picks its sense ("charged twice" is a duplicate payment, not merely a charge; 取消订阅 is an
 * unsubscribe, not a cancellation).
 */
function compileLexicon(
  lexicon: readonly LexiconConcept[],
  tokenise: Tokeniser,
  prepare: (text: string) => string,
): (clean: string, stems: readonly string[]) => string[] {
  const byFirst = new Map<string, EnglishPhrase[]>();
  const zh = new Map<string, string>();
  for (const concept of lexicon) {
    for (const phrase of concept.en) {
      const stems = tokenise(phrase).words;
      if (stems.length === 0) continue;
      const list = byFirst.get(stems[0]!) ?? [];
      list.push({ stems, concept: concept.id });
      byFirst.set(stems[0]!, list);
    }
    for (const phrase of concept.zh) {
      const key = prepare(phrase);
      if (key !== '' && !zh.has(key)) zh.set(key, concept.id);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  const zhRe =
    zh.size === 0
      ? null
      : new RegExp(
          [...zh.keys()]
            .sort((a, b) => b.length - a.length)
            .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
          'gu',
        );
  return (clean, stems) => {
    const found: string[] = [];
    const add = (c: string): void => {
      if (!found.includes(c)) found.push(c);
    };
    for (let i = 0; i < stems.length; i++) {
      for (const p of byFirst.get(stems[i]!) ?? []) {
        if (p.stems.every((s, k) => stems[i + k] === s)) {
          add(p.concept);
          i += p.stems.length - 1;
          break;
        }
      }
    }
    if (zhRe !== null && HAS_HAN.test(clean)) for (const m of clean.matchAll(zhRe)) add(zh.get(m[0])!);
    return found;
  };
}

/** One regex for all synonym keys, longest first, so "shipping address" wins over "shipping". */
function compileSynonyms(map: Record<string, string>, isWordBounded: boolean): (text: string) => string {
  const entries = Object.entries(map)
    .map(([k, v]) => [normalise(k), normalise(v)] as const)
    .filter(([k]) => k.length > 0);
  if (entries.length === 0) return (t) => t;
  const table = new Map(entries);
  const alternation = [...table.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const re = new RegExp(isWordBounded ? `(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])` : alternation, 'gu');
  return (text) => text.replace(re, (m) => table.get(m) ?? m);
}
