import { decide, type DecisionInput } from '../../../server/bot/decide';

const settings = { answerThreshold: 0.55, clarifyThreshold: 0.3, maxFallbacks: 2, sentimentThreshold: -0.5 };
const base: DecisionInput = { confidence: 0.9, isHandoffIntent: false, isHandoffRequest: false, sentiment: 0, consecutiveFallbacks: 0, settings };

describe('decide', () => {
  it('answers at or above the answer threshold', () => {
    expect(decide({ ...base, confidence: 0.55 })).toEqual({ decision: 'answer', handoffReason: null });
  });
  it('clarifies between the thresholds', () => {
    expect(decide({ ...base, confidence: 0.54 }).decision).toBe('clarify');
    expect(decide({ ...base, confidence: 0.3 }).decision).toBe('clarify');
  });
  it('falls back below the clarify threshold', () => {
    expect(decide({ ...base, confidence: 0.29 })).toEqual({ decision: 'fallback', handoffReason: null });
    expect(decide({ ...base, confidence: 0.29, consecutiveFallbacks: 1 }).decision).toBe('fallback');
  });
  it('hands off after maxFallbacks fallbacks in a row', () => {
    expect(decide({ ...base, confidence: 0.1, consecutiveFallbacks: 2 })).toEqual({ decision: 'handoff', handoffReason: 'fallbacks' });
    expect(decide({ ...base, confidence: 0.1, consecutiveFallbacks: 1, settings: { ...settings, maxFallbacks: 1 } }).handoffReason).toBe('fallbacks');
  });
  it('does not count fallbacks when the message is understood', () => {
    expect(decide({ ...base, consecutiveFallbacks: 5 }).decision).toBe('answer');
  });
  it('hands off on a handoff intent only when confident', () => {
    expect(decide({ ...base, isHandoffIntent: true })).toEqual({ decision: 'handoff', handoffReason: 'intent' });
    expect(decide({ ...base, isHandoffIntent: true, confidence: 0.4 }).decision).toBe('clarify');
  });
  it('hands off on an explicit request whatever the match', () => {
    expect(decide({ ...base, confidence: 0.01, isHandoffRequest: true })).toEqual({ decision: 'handoff', handoffReason: 'request' });
  });
  it('hands off on strongly negative sentiment, not on mild', () => {
    expect(decide({ ...base, sentiment: -0.6 })).toEqual({ decision: 'handoff', handoffReason: 'sentiment' });
    expect(decide({ ...base, sentiment: -0.4 }).decision).toBe('answer');
  });
});
