/**
 * The decision policy, as a pure function so every branch is testable on its own.
 * Order matters: an explicit request for a person and an angry shopper go to a human before any
 * matching; then a confident match answers (or hands off, for handoff intents); a middling match,
 * or a few candidates that together are likely, asks the shopper to pick; a miss falls back, and after `maxFallbacks` fallbacks in a row hands off.
 */
import type { Decision } from '../../shared/model';
import type { KbSettings } from './kb-schema';

export type HandoffReason = 'request' | 'intent' | 'fallbacks' | 'sentiment';

export interface DecisionInput {
  confidence: number;
  /**
   * Probability that the right intent is among the clarify chips (their confidences summed); a tie
   * between two intents is worth asking about even when neither alone is likely. Defaults to `confidence`.
   */
  clarifyConfidence?: number;
  /** The top intent is marked `handoff: true` in the KB. */
  isHandoffIntent: boolean;
  isHandoffRequest: boolean;
  sentiment: number;
  /** Fallbacks in a row before this message. */
  consecutiveFallbacks: number;
  settings: Pick<KbSettings, 'clarifyThreshold' | 'maxFallbacks' | 'sentimentThreshold'> & { answerThreshold: number };
}

export interface DecisionOutcome {
  decision: Decision;
  handoffReason: HandoffReason | null;
}

/**
 * Decides what the bot does with one message.
 * A miss after `maxFallbacks` consecutive fallbacks hands off: with the default 2, the shopper gets
 * two "please rephrase" replies and the third miss goes to a person.
 */
export function decide(input: DecisionInput): DecisionOutcome {
  const { settings } = input;
  if (input.isHandoffRequest) return { decision: 'handoff', handoffReason: 'request' };
  if (input.sentiment < settings.sentimentThreshold) return { decision: 'handoff', handoffReason: 'sentiment' };
  if (input.confidence >= settings.answerThreshold) {
    return input.isHandoffIntent ? { decision: 'handoff', handoffReason: 'intent' } : { decision: 'answer', handoffReason: null };
  }
  if ((input.clarifyConfidence ?? input.confidence) >= settings.clarifyThreshold) return { decision: 'clarify', handoffReason: null };
  if (input.consecutiveFallbacks >= settings.maxFallbacks) return { decision: 'handoff', handoffReason: 'fallbacks' };
  return { decision: 'fallback', handoffReason: null };
}
