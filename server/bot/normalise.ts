/**
 * Text normalisation shared by training and classification, so both sides see the same strings.
 * NFKC folds full-width letters and digits (ＡＢＣ１２３ → ABC123) and compatibility forms;
 * emoji and punctuation become spaces; case is folded.
 */

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}\u{20E3}]/gu;
// Keep $ and % (money and discounts matter to intents); apostrophes join words ("don't" → "dont").
const APOSTROPHE = /(\p{L})['’](\p{L})/gu;
const PUNCT = /[^\p{L}\p{N}\p{M}$%\s]/gu;
const SPACE = /\s+/g;

/** Normalises `text`: NFKC, lower case, no emoji, punctuation to spaces, single spaces, trimmed. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(EMOJI, ' ')
    .replace(APOSTROPHE, '$1$2')
    .replace(PUNCT, ' ')
    .replace(SPACE, ' ')
    .trim();
}
