/**
 * The intent ranking of a whole conversation: each shopper message ranked on its own, later messages weighing
 * more, summed. The topic is the best intent that is not a handoff one, so a size-exchange chat that ends in
 * "我要找人工客服" is still about the exchange. Agent-assist suggestions come from the same ranking.
 */
import type { Classification } from './create-bot';
import type { KbIntent } from './kb-schema';

/** Each earlier message counts this much less than the one after it. */
const DECAY = 0.7;
/** The most recent shopper messages that count. */
const WINDOW = 10;

export interface ConversationRanking {
  /** Intents by weight, descending; confidence normalised to sum ≤ 1 over the window. */
  candidates: { intent: string; confidence: number }[];
  /** The best candidate that is not a handoff intent, or null. */
  topic: string | null;
}

export function rankConversation(
  bot: { classify(text: string): Classification; kb: { intents: readonly KbIntent[] } },
  shopperTexts: readonly string[],
): ConversationRanking {
  const texts = shopperTexts.slice(-WINDOW);
  const sums = new Map<string, number>();
  let total = 0;
  texts.forEach((text, i) => {
    const weight = DECAY ** (texts.length - 1 - i);
    total += weight;
    for (const c of bot.classify(text).candidates) sums.set(c.intent, (sums.get(c.intent) ?? 0) + weight * c.confidence);
  });
  const candidates = [...sums]
    .map(([intent, score]) => ({ intent, confidence: Math.round((score / (total || 1)) * 10_000) / 10_000 }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, 5);
  const isHandoff = new Map(bot.kb.intents.map((i) => [i.id, i.handoff]));
  const topic = candidates.find((c) => c.confidence >= 0.1 && isHandoff.get(c.intent) === false)?.intent ?? null;
  return { candidates, topic };
}
