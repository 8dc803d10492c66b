/**
 * The KB-gap loop's best source of labels: when the bot asks "did you mean…" and the shopper taps a
 * chip, the message they wrote first is an utterance of the chosen intent, in the shopper's own words.
 * Pure: the conversation service keeps the last clarify reply and calls this with the next message.
 */
import type { Locale } from '../../shared/model';
import { normalise } from './normalise';

/** What the service keeps from a clarify turn: the shopper's message and the chips the bot offered. */
export interface ClarifyTurn {
  /** The shopper's message that the bot could not place. */
  shopperText: string;
  locale: Locale;
  decision: string;
  /** Intent ids behind the chips, in order (BotReply.clarifyIntents). */
  clarifyIntents: readonly string[];
  /** The chips as sent (BotReply.quickReplies), same order. */
  quickReplies: readonly { label: string; text?: string }[];
}

export interface LabelledUtterance {
  text: string;
  locale: Locale;
  intent: string;
  /** The other intents the shopper was offered and did not pick (hard negatives for review). */
  rejected: string[];
  source: 'clarify-pick';
}

/**
 * The labelled utterance when `next` is the shopper picking one of `turn`'s chips (a tap sends the
 * chip's text; typing the title counts too); null for anything else.
 */
export function labelledPick(turn: ClarifyTurn, next: string): LabelledUtterance | null {
  if (turn.decision !== 'clarify' || turn.shopperText.trim() === '') return null;
  const picked = normalise(next);
  const at = turn.quickReplies.findIndex((q) => normalise(q.text ?? q.label) === picked || normalise(q.label) === picked);
  const intent = turn.clarifyIntents[at];
  if (at < 0 || intent === undefined) return null;
  return { text: turn.shopperText, locale: turn.locale, intent, rejected: turn.clarifyIntents.filter((i) => i !== intent), source: 'clarify-pick' };
}
