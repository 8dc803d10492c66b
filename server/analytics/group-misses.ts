/**
 * The KB-gap report's grouping: the bot's misses, grouped by what they ask. Questions are compared by
 * cosine similarity of TF-IDF vectors built the intent engine's way (its tokeniser, typo corrector,
 * lexicon concepts, word and character n-grams: build-vectorizer.ts). The vocabulary is fitted on the
 * missed questions together with the KB's utterances: misses are what the KB has no words for, so the
 * KB's vocabulary alone would drop exactly the words that tell them apart ("engrave", "mars"), while the
 * utterances give the idf that makes "do you" weigh little. Measured on retail paraphrases: same-question
 * pairs 0.38–0.74, different questions sharing "do you" at most 0.25. Greedy leader clustering: the most
 * asked question founds a group and each next one joins the most similar leader at or above the
 * threshold. Groups rank by distinct shoppers.
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
  const groups: { leader: SparseVector; members: Question[] }[] = [];
  ordered.forEach((q, i) => {
    const v = vectors[i]!;
    let best: (typeof groups)[number] | null = null;
    let bestScore = threshold;
    // A text with no known features is like nothing: it stays a group of its own.
    if (v.idx.length > 0) {
      for (const g of groups) {
        const score = cosine(v, g.leader);
        if (score >= bestScore) {
          best = g;
          bestScore = score;
        }
      }
    }
    if (best) best.members.push(q);
    else groups.push({ leader: v, members: [q] });
  });

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
