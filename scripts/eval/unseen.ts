/**
 * The unseen-wording evaluation: shopper messages written apart from the KB (JSON lines
 * `{ text, lang, intent | null, style }`, null = out of scope), run through the whole bot
 * (classification and decision policy) as a first message of a conversation.
 */
import { readFile } from 'node:fs/promises';
import type { Bot } from '../../server/bot/create-bot';
import type { Locale } from '../../shared/model';
import { reliability, type ReliabilityBin } from './reliability';

export interface UnseenItem {
  text: string;
  lang: Locale;
  /** null: out of scope (the KB has no intent for it). */
  intent: string | null;
  style: string;
}

/** The table, over one group of items. */
export interface UnseenFigures {
  inScope: number;
  outOfScope: number;
  /** In-scope items whose top intent is right. */
  topOne: number;
  /** In-scope items answered (or handed off) directly with the right intent. */
  rightAnswer: number;
  /** In-scope items clarified with the right intent among the chips (share of all in-scope items). */
  rightChip: number;
  /** The same, as a share of the in-scope items not answered right directly. */
  rightChipOfRest: number;
  /** In-scope items answered (or handed off with the intent's own text) with a wrong intent. */
  wrongAnswer: number;
  /** Out-of-scope items the bot did not answer (clarify, fallback, or a handoff it was asked for). */
  oosNotAnswered: number;
  /** Expected calibration error of the confidence on in-scope items (P(top intent right)). */
  ece: number;
  /** The same over every item, out-of-scope ones counting as wrong. */
  eceAll: number;
}

export interface UnseenReport {
  kind: 'unseen';
  kb: string;
  file: string;
  answerThreshold: number;
  clarifyThreshold: number;
  all: UnseenFigures;
  byLanguage: Record<string, UnseenFigures>;
  byStyle: Record<string, UnseenFigures>;
  reliability: ReliabilityBin[];
}

/** Reads the JSON-lines items; a malformed line fails with its line number. */
export async function readUnseen(file: string): Promise<UnseenItem[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    const item = JSON.parse(line) as Partial<UnseenItem>;
    if (typeof item.text !== 'string' || (item.intent !== null && typeof item.intent !== 'string')) {
      throw new Error(`${file}:${i + 1}: expected { text, lang, intent | null, style }`);
    }
    return [{ text: item.text, lang: item.lang === 'zh' ? 'zh' : 'en', intent: item.intent, style: item.style ?? 'unknown' }];
  });
}

interface Outcome {
  item: UnseenItem;
  top: string | null;
  confidence: number;
  /** Answered or handed off (a right intent counts as a direct answer either way). */
  isDirect: boolean;
  /** The bot said the top intent's own text (an answer, or a handoff intent's answer). */
  isAsserted: boolean;
  chips: string[];
}

/** Runs every item through `bot` and computes the figures, overall, per language and per style. */
export function evalUnseenItems(bot: Bot, items: readonly UnseenItem[], kb: string, file: string): UnseenReport {
  const known = new Set(bot.kb.intents.map((i) => i.id));
  const unknown = [...new Set(items.flatMap((i) => (i.intent !== null && !known.has(i.intent) ? [i.intent] : [])))];
  if (unknown.length > 0) process.stderr.write(`eval: ${file} names intents the KB lacks (counted as wrong): ${unknown.join(', ')}\n`);
  const outcomes: Outcome[] = items.map((item) => {
    const r = bot.respond(item.text, { consecutiveFallbacks: 0 });
    // A handoff the intent asks for is its answer; a request for a person or an angry message is
    // handed off whatever the topic, which is a wrong answer only when the bot asserted an intent.
    const isDirect = r.decision === 'answer' || r.decision === 'handoff';
    const isAsserted = r.decision === 'answer' || (r.decision === 'handoff' && r.handoffReason === 'intent');
    return { item, top: r.intent, confidence: r.confidence, isDirect, isAsserted, chips: r.clarifyIntents };
  });
  const group = (pick: (o: Outcome) => string): Record<string, UnseenFigures> => {
    const keys = [...new Set(outcomes.map(pick))].sort();
    return Object.fromEntries(keys.map((k) => [k, figures(outcomes.filter((o) => pick(o) === k))]));
  };
  const inScope = outcomes.filter((o) => o.item.intent !== null);
  return {
    kind: 'unseen',
    kb,
    file,
    answerThreshold: bot.thresholds.answer,
    clarifyThreshold: bot.thresholds.clarify,
    all: figures(outcomes),
    byLanguage: group((o) => o.item.lang),
    byStyle: group((o) => o.item.style),
    reliability: reliability(inScope.map((o) => ({ confidence: o.confidence, isRight: o.top === o.item.intent }))).bins,
  };
}

function figures(outcomes: readonly Outcome[]): UnseenFigures {
  const inScope = outcomes.filter((o) => o.item.intent !== null);
  const oos = outcomes.filter((o) => o.item.intent === null);
  const share = (list: readonly Outcome[], test: (o: Outcome) => boolean): number => (list.length === 0 ? 0 : list.filter(test).length / list.length);
  const isRightAnswer = (o: Outcome): boolean => o.isDirect && o.top === o.item.intent;
  const rest = inScope.filter((o) => !isRightAnswer(o));
  const isRightChip = (o: Outcome): boolean => o.item.intent !== null && o.chips.includes(o.item.intent);
  return {
    inScope: inScope.length,
    outOfScope: oos.length,
    topOne: share(inScope, (o) => o.top === o.item.intent),
    rightAnswer: share(inScope, isRightAnswer),
    rightChip: share(inScope, isRightChip),
    rightChipOfRest: share(rest, isRightChip),
    wrongAnswer: share(inScope, (o) => o.isAsserted && o.top !== o.item.intent),
    oosNotAnswered: share(oos, (o) => !o.isAsserted),
    ece: reliability(inScope.map((o) => ({ confidence: o.confidence, isRight: o.top === o.item.intent }))).ece,
    eceAll: reliability(outcomes.map((o) => ({ confidence: o.confidence, isRight: o.item.intent !== null && o.top === o.item.intent }))).ece,
  };
}
