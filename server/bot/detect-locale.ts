/**
 * Language detection for a two-language KB: Chinese when most letters are Han characters.
 * Texts with too little language in them ("ok", an order number, an email) are ambiguous,
 * so the caller can keep the conversation's locale instead of flipping it.
 */
import type { Locale } from '../../shared/model';

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;
// Words a shopper of either language may type; they say nothing about the language.
const NEUTRAL_WORDS = new Set(['ok', 'okay', 'k', 'kk', 'yes', 'no', 'y', 'n', 'hi', 'hey', 'hello', 'thx', 'pls', 'lol', 'bye']);
const NOISE = /\S+@\S+|https?:\/\/\S+|\b[\p{L}\p{N}-]*\d[\p{L}\p{N}-]*\b/gu;

export interface DetectedLocale {
  locale: Locale;
  /** True when the text carries too little language to tell. */
  isAmbiguous: boolean;
}

/** Detects 'zh' or 'en'; `isAmbiguous` for greetings-only, numbers, emails and the like. */
export function detectLocale(text: string): DetectedLocale {
  const han = count(HAN, text);
  const stripped = text.replace(NOISE, ' ');
  const latin = count(LATIN, stripped);
  if (han > 0 && han >= latin / 3) return { locale: 'zh', isAmbiguous: false };
  const words = stripped.toLowerCase().match(/\p{L}+/gu) ?? [];
  const isAmbiguous = latin < 2 || words.every((w) => NEUTRAL_WORDS.has(w));
  return { locale: 'en', isAmbiguous };
}

/**
 * Matches of a global regex in `text`, counted without `match`'s array of one string per letter (run twice
 * per chat message, that array was most of this module's garbage).
 */
function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.test(text)) n++;
  return n;
}
