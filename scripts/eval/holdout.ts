/**
 * Hold-out evaluation of a real KB: a fifth of each intent's utterances per language is kept back,
 * the engine trains on the rest, and the kept-back ones (plus typo'd English copies) are classified.
 */
import type { Locale } from '../../shared/model';
import type { KnowledgeBase } from '../../server/bot/kb-schema';
import { rng, shuffle } from '../../server/bot/rng';

export interface HeldOut {
  text: string;
  label: string;
  locale: Locale;
}

/** Splits `kb` into a training KB and held-out utterances, deterministically for a seed. */
export function splitKb(kb: KnowledgeBase, fraction: number, seed: number): { train: KnowledgeBase; held: HeldOut[] } {
  const random = rng(seed);
  const held: HeldOut[] = [];
  const intents = kb.intents.map((intent) => {
    const keep = { en: [] as string[], zh: [] as string[] };
    for (const locale of ['en', 'zh'] as const) {
      const list = shuffle([...intent.utterances[locale]], random);
      // At least one stays for training, so every intent can still be learned.
      const n = Math.min(list.length - 1, Math.round(list.length * fraction));
      list.slice(0, n).forEach((text) => held.push({ text, label: intent.id, locale }));
      keep[locale] = list.slice(n);
    }
    return { ...intent, utterances: keep };
  });
  return { train: { ...kb, intents }, held };
}

/** Applies 1–2 random character edits (insert, delete, substitute, swap) inside letters. */
export function addTypos(text: string, random: () => number): string {
  let s = text;
  const edits = random() < 0.5 ? 1 : 2;
  for (let e = 0; e < edits; e++) {
    const letters = [...s.matchAll(/[a-z]/gi)].map((m) => m.index);
    if (letters.length < 2) break;
    const at = letters[Math.floor(random() * letters.length)] as number;
    const ch = String.fromCharCode(97 + Math.floor(random() * 26));
    const op = Math.floor(random() * 4);
    if (op === 0) s = s.slice(0, at) + ch + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1);
    else if (op === 2) s = s.slice(0, at) + ch + s.slice(at + 1);
    else if (at + 1 < s.length) s = s.slice(0, at) + s.charAt(at + 1) + s.charAt(at) + s.slice(at + 2);
  }
  return s;
}
