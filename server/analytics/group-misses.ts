/**
 * The KB-gap report's grouping: the bot's misses, grouped by what they ask. Questions are compared by
 * cosine similarity of TF-IDF vectors built the intent engine's way (its tokeniser, typo corrector,
 * lexicon concepts, word and character n-grams: build-vectorizer.ts). The vocabulary is fitted on the
 * missed questions together with the KB's utterances: misses are what the KB has no words for, so the
 * KB's vocabulary alone would drop exactly the words that tell them apart ("engrave", "mars"), while the
 * utterances give the idf that makes "do you" weigh little. Measured on retail paraphrases: same-question
 * pairs 0.38–0.74, different questions sharing "do you" at most 0.25. Two questions at or above the
 * threshold share a group (single link over the most asked; the tail joins greedily). Groups rank by distinct shoppers.
 */
import type { GapGroup, MissReason } from '../../shared/kb';
import { buildVectorizer, cosine, type SparseVector } from '../bot/build-vectorizer';
import type { FeatureBlocks } from '../bot/extract-features';
import type { MissFact, MissType } from '../store/store';

/** What grouping needs of the bot: its features and its top guess. */
export interface GroupingEngine {
  features(text: string): FeatureBlocks;
  classify(text: string): { intent: string | null; confidence: number };
}

export interface GroupOptions {
  /** Cosine at or above which a question joins a group (default 0.3). */
  threshold?: number;
  /** Features of texts that only shape the idf (the KB's utterances). */
  background?: readonly FeatureBlocks[];
  /** Questions listed per group (default 20). */
  maxQuestions?: number;
  /** Below this the engine's guess is not worth suggesting (default 0.1). */
  suggestFloor?: number;
}

/** Questions compared pair by pair (single link): the most asked; about 0.1 s for 1,000. */
const PAIRWISE = 1000;
/** The tail joins a group by its first few questions, so its cost stays linear in the groups. */
const COMPARED_MEMBERS = 8;

const REASON: Record<MissType, MissReason> = {
  'bot.fallback': 'fallback',
  'bot.clarify_unpicked': 'clarify_unpicked',
  'bot.unhelpful': 'unhelpful',
  'handoff.after_answer': 'handoff_after_answer',
  'handoff.trigger': 'handoff_trigger',
};

interface Question {
  text: string;
  count: number;
  shoppers: Set<string>;
  reasons: Partial<Record<MissReason, number>>;
  lastAt: number;
}

/** Same question, different spelling of whitespace and case. */
function questionKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Groups misses by similarity; the result is ranked by distinct shoppers, then misses, then recency. */
export function groupMisses(misses: readonly MissFact[], engine: GroupingEngine, opts: GroupOptions = {}): GapGroup[] {
  const threshold = opts.threshold ?? 0.3;
  const maxQuestions = opts.maxQuestions ?? 20;
  const floor = opts.suggestFloor ?? 0.1;

  const questions = new Map<string, Question>();
  misses.forEach((m, i) => {
    const key = questionKey(m.text);
    if (key === '') return;
    const q = questions.get(key) ?? { text: m.text.trim(), count: 0, shoppers: new Set<string>(), reasons: {}, lastAt: 0 };
    q.count += 1;
    // A fact whose chat is gone still is one shopper's question.
    q.shoppers.add(m.visitorId ?? m.conversationId ?? `fact-${i}`);
    const reason = REASON[m.type];
    q.reasons[reason] = (q.reasons[reason] ?? 0) + 1;
    q.lastAt = Math.max(q.lastAt, m.at);
    questions.set(key, q);
  });

  const ordered = [...questions.values()].sort((a, b) => b.shoppers.size - a.shoppers.size || b.count - a.count || b.lastAt - a.lastAt);
  const { vectors } = buildVectorizer([...ordered.map((q) => engine.features(q.text)), ...(opts.background ?? [])]);
  // Single link over the most asked questions: any two at or above the threshold share a group, whatever
  // the order they come in (one paraphrase bridges two others).
  const head = Math.min(ordered.length, PAIRWISE);
  const parent = Array.from({ length: head }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < head; i++) {
    if (vectors[i]!.idx.length === 0) continue;
    for (let j = i + 1; j < head; j++) {
      if (cosine(vectors[i]!, vectors[j]!) >= threshold) parent[root(j)] = root(i);
    }
  }
  const byRoot = new Map<number, { vectors: SparseVector[]; members: Question[] }>();
  for (let i = 0; i < head; i++) {
    const g = byRoot.get(root(i)) ?? { vectors: [], members: [] };
    g.members.push(ordered[i]!);
    if (g.vectors.length < COMPARED_MEMBERS) g.vectors.push(vectors[i]!);
    byRoot.set(root(i), g);
  }
  const groups = [...byRoot.values()];
  // The long tail (asked once or twice) joins the group of the most similar of its first questions.
  for (let i = head; i < ordered.length; i++) {
    const v = vectors[i]!;
    let best: (typeof groups)[number] | null = null;
    let bestScore = threshold;
    // A text with no known features is like nothing: it stays a group of its own.
    if (v.idx.length > 0) {
      for (const g of groups) {
        for (const member of g.vectors) {
          const score = cosine(v, member);
          if (score >= bestScore) {
            best = g;
            bestScore = score;
          }
        }
      }
    }
    if (!best) groups.push({ vectors: [v], members: [ordered[i]!] });
    else {
      best.members.push(ordered[i]!);
      if (best.vectors.length < COMPARED_MEMBERS) best.vectors.push(v);
    }
  }

  return groups
    .map(({ members }): GapGroup => {
      const shoppers = new Set<string>();
      const reasons: Partial<Record<MissReason, number>> = {};
      for (const m of members) {
        m.shoppers.forEach((s) => shoppers.add(s));
        for (const [r, n] of Object.entries(m.reasons) as [MissReason, number][]) reasons[r] = (reasons[r] ?? 0) + n;
      }
      const guess = engine.classify(members[0]!.text);
      return {
        questions: members.slice(0, maxQuestions).map((m) => ({ text: m.text, count: m.count })),
        count: members.reduce((n, m) => n + m.count, 0),
        shoppers: shoppers.size,
        reasons,
        suggestedIntent: guess.intent !== null && guess.confidence >= floor ? guess.intent : null,
        lastAt: Math.max(...members.map((m) => m.lastAt)),
      };
    })
    .sort((a, b) => b.shoppers - a.shoppers || b.count - a.count || b.lastAt - a.lastAt);
}
