/**
 * The bot for one KB: builds the intent index once, then classifies and replies.
 * Replies follow the shopper's language: a shopper who writes Chinese gets Chinese, and text that
 * says nothing about its language ("ok", an order number) keeps the conversation's locale.
 */
import type { Decision, Locale, Priority, QuickReply } from '../../shared/model';
import { PRIORITIES } from '../../shared/model';
import { answerChips } from './answer-chips';
import { decide, type HandoffReason } from './decide';
import { chooseClarifyChips, DEFAULT_CHIP_RULES } from './choose-clarify-chips';
import { detectLocale, type DetectedLocale } from './detect-locale';
import type { FeatureBlocks } from './extract-features';
import type { ClassifierOptions, LabelledText } from './train-intent-classifier';
import { trainCached } from './train-cached';
import { isHandoffRequest } from './is-handoff-request';
import type { KbIntent, KnowledgeBase } from './kb-schema';
import { sentiment as scoreSentiment } from './sentiment';

export type PhraseKey = 'greeting' | 'clarify' | 'fallback' | 'handoff' | 'offline' | 'unavailable' | 'askPhoto' | 'skipPhoto' | 'photoReceived';

export interface Classification {
  /** Detected: 'zh' if the text is mostly CJK, else 'en'. */
  locale: Locale;
  /** Top intent id (null if the KB is empty or the text has no known features). */
  intent: string | null;
  /** Calibrated, [0, 1]. */
  confidence: number;
  /** Top 5, descending. */
  candidates: { intent: string; confidence: number }[];
}

export interface BotReply extends Classification {
  decision: Decision;
  /** What the bot says, in the reply locale: answer markdown, or the clarify/fallback/handoff phrase. */
  text: string;
  /** Answer quick replies then follow-up chips; for clarify, the titles of the candidates that really compete (chooseClarifyChips). */
  quickReplies: QuickReply[];
  /** For clarify, the intents behind the chips (best first); empty otherwise. */
  clarifyIntents: string[];
  handoffReason: HandoffReason | null;
  /** Department of the matched intent's category; null means 'general'. */
  department: string | null;
  priority: Priority;
  /** -1..1 */
  sentiment: number;
}

export interface Bot {
  readonly kb: KnowledgeBase;
  /** Ranking only (no policy): used by classify/eval too. */
  classify(text: string): Classification;
  /** Classification + the decision policy + the reply text in the shopper's locale. */
  respond(text: string, ctx: { locale?: Locale; consecutiveFallbacks: number }): BotReply;
  /** The bot's own phrases (greeting, offline, handoff…) in a locale, from settings.texts. */
  phrase(key: PhraseKey, locale: Locale): string;
  /** Bot display name in a locale. */
  name(locale: Locale): string;
  /**
   * The thresholds in force: `answer` is settings.answerThreshold when the KB sets one, else the one
   * the calibration chose for 98 % right answers on held-out folds; `clarify` never exceeds it.
   */
  readonly thresholds: { answer: number; clarify: number };
  /** The text's features as the intent engine sees them (tokens, concepts, character n-grams): for comparing texts. */
  features(text: string): FeatureBlocks;
}

/** Without calibration (an empty or tiny KB) and without a setting, this answers. */
const DEFAULT_ANSWER_THRESHOLD = 0.55;

const CANDIDATES = 5;
/** The intent is in the opening of a message; classifying a 4,000-character paste in full only costs time. */
const MAX_CLASSIFY_CHARS = 1000;
const HUMAN_CHIP: Record<Locale, QuickReply> = {
  en: { label: 'Talk to a person', text: 'talk to a human' },
  zh: { label: '转人工', text: '转人工客服' },
};

export interface BotOptions extends ClassifierOptions {
  /** Overrides of the clarify chip rules (DEFAULT_CHIP_RULES), for evaluation. */
  chipFloor?: number;
  chipSameRatio?: number;
  chipOtherRatio?: number;
}

/** Builds the index for `kb` (about a second for a retail KB, calibration folds included). */
export function createBot(kb: KnowledgeBase, opts: BotOptions = {}): Bot {
  const { settings } = kb;
  const byId = new Map(kb.intents.map((i) => [i.id, i]));
  const classifier = trainCached(trainingExamples(kb.intents), {
    synonyms: settings.synonyms,
    stopwords: settings.stopwords,
    lexicon: kb.lexicon,
    ...opts,
  });
  const phrase = (key: PhraseKey, locale: Locale): string => settings.texts[key][locale];
  const answerThreshold = settings.answerThreshold ?? classifier.answerThreshold ?? DEFAULT_ANSWER_THRESHOLD;
  const thresholds = { answer: answerThreshold, clarify: Math.min(settings.clarifyThreshold, answerThreshold) };
  const policy = { ...settings, answerThreshold: thresholds.answer, clarifyThreshold: thresholds.clarify };
  const chipRules = {
    ...DEFAULT_CHIP_RULES,
    floor: opts.chipFloor ?? DEFAULT_CHIP_RULES.floor,
    sameDepartmentRatio: opts.chipSameRatio ?? DEFAULT_CHIP_RULES.sameDepartmentRatio,
    otherDepartmentRatio: opts.chipOtherRatio ?? DEFAULT_CHIP_RULES.otherDepartmentRatio,
  };

  // The reply needs the detection too: it is passed in rather than run twice (its letter-by-letter match
  // arrays, lower-cased copy and word list were ~0.6 KB of garbage per message each time).
  const classifyDetected = (text: string, { locale }: DetectedLocale): Classification => {
    const candidates = classifier.rank(text.slice(0, MAX_CLASSIFY_CHARS), CANDIDATES).map((c) => ({ intent: c.intent, confidence: round(c.confidence) }));
    const top = candidates[0];
    return { locale, intent: top?.intent ?? null, confidence: top?.confidence ?? 0, candidates };
  };
  const classify = (text: string): Classification => classifyDetected(text, detectLocale(text));

  const respond = (text: string, ctx: { locale?: Locale; consecutiveFallbacks: number }): BotReply => {
    const detected = detectLocale(text);
    const classification = classifyDetected(text, detected);
    const locale: Locale = detected.isAmbiguous ? (ctx.locale ?? detected.locale) : detected.locale;
    const intent = classification.intent === null ? undefined : byId.get(classification.intent);
    const mood = round(scoreSentiment(text));
    const chips = chooseClarifyChips(classification.candidates, byId, chipRules).filter((c) => byId.has(c.intent));
    const { decision, handoffReason } = decide({
      confidence: classification.confidence,
      clarifyConfidence: chips.reduce((sum, c) => sum + c.confidence, 0),
      isHandoffIntent: intent?.handoff ?? false,
      isHandoffRequest: isHandoffRequest(text),
      sentiment: mood,
      consecutiveFallbacks: ctx.consecutiveFallbacks,
      settings: policy,
    });
    const matched = intent !== undefined && classification.confidence >= thresholds.clarify ? intent : undefined;
    const reply = { text: phrase('fallback', locale), quickReplies: [] as QuickReply[], clarifyIntents: [] as string[] };
    if (decision === 'answer' && intent) {
      reply.text = intent.answer[locale];
      reply.quickReplies = answerChips(intent, locale, byId);
    } else if (decision === 'clarify') {
      reply.text = phrase('clarify', locale);
      reply.clarifyIntents = chips.map((c) => c.intent);
      reply.quickReplies = chips.map((c) => {
        const title = byId.get(c.intent)!.title[locale];
        return { label: title, text: title };
      });
    } else if (decision === 'fallback') {
      reply.quickReplies = [HUMAN_CHIP[locale]];
    } else if (decision === 'handoff') {
      // A handoff intent's answer is written for the occasion ("Sorry to hear that, a colleague will…").
      reply.text = handoffReason === 'intent' && intent ? intent.answer[locale] : phrase('handoff', locale);
    }
    const routeBy = decision === 'handoff' && handoffReason !== 'intent' ? (topic(classification, byId) ?? matched) : matched;
    // A matched handoff intent (a complaint) keeps its urgency even when routing follows the topic.
    const priorities = [routeBy?.priority, matched?.handoff ? matched.priority : undefined];
    return {
      ...classification,
      decision,
      ...reply,
      handoffReason,
      department: routeBy?.department ?? null,
      priority: mood < settings.sentimentThreshold ? 'high' : highest(priorities),
      sentiment: mood,
    };
  };

  const features = (text: string): FeatureBlocks => classifier.features(text.slice(0, MAX_CLASSIFY_CHARS));
  return { kb, classify, respond, phrase, name: (locale) => settings.botName[locale], thresholds, features };
}

/** The most urgent of the given priorities; 'normal' when none. */
function highest(priorities: (Priority | undefined)[]): Priority {
  const given = priorities.filter((p): p is Priority => p !== undefined);
  return given.length === 0 ? 'normal' : PRIORITIES.find((p) => given.includes(p)) ?? 'normal';
}

/** Below this a candidate says too little about the topic to route by. */
const ROUTE_MIN = 0.15;

/**
 * What a handed-off shopper is asking about: the best candidate that is not itself a handoff intent
 * ("talk to a human about my refund" goes to the refunds queue, not to the generic human.agent one).
 */
function topic(c: Classification, byId: Map<string, KbIntent>): KbIntent | undefined {
  for (const candidate of c.candidates) {
    if (candidate.confidence < ROUTE_MIN) return undefined;
    const intent = byId.get(candidate.intent);
    if (intent && !intent.handoff) return intent;
  }
  return undefined;
}

/** Utterances and titles of both languages: titles too, because a clicked chip sends its title. */
function trainingExamples(intents: readonly KbIntent[]): LabelledText[] {
  return intents.flatMap((i) => [
    ...[...i.utterances.en, ...i.utterances.zh, i.title.en, i.title.zh].filter((t) => t.trim() !== '').map((text) => ({ text, label: i.id })),
  ]);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
