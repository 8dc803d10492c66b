/** Scoring helpers for `npm run eval`: accuracy, macro-F1, out-of-scope precision/recall, percentiles. */
import { OOS } from './read-dataset';

export interface Prediction {
  label: string;
  intent: string | null;
  confidence: number;
}

export interface Scores {
  /** Share of all test items predicted exactly (out-of-scope items count when rejected). */
  accuracy: number;
  /** Share of in-scope items predicted exactly and not rejected. */
  inScopeAccuracy: number;
  macroF1: number;
  /** null when the test set has no out-of-scope items. */
  oosRecall: number | null;
  oosPrecision: number | null;
}

/** Scores predictions, rejecting (predicting `oos`) anything below `threshold`. */
export function score(preds: readonly Prediction[], threshold = 0): Scores {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  for (const p of preds) {
    const guess = p.intent === null || p.confidence < threshold ? OOS : p.intent;
    if (p.label !== OOS) inScope++;
    if (guess === p.label) {
      correct++;
      if (p.label !== OOS) inScopeCorrect++;
      inc(tp, guess);
    } else {
      inc(fp, guess);
      inc(fn, p.label);
    }
  }
  const labels = new Set(preds.filter((p) => p.label !== OOS).map((p) => p.label));
  let f1Sum = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const denom = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    f1Sum += denom === 0 ? 0 : (2 * t) / denom;
  }
  const oosTotal = preds.length - inScope;
  const oosTp = tp.get(OOS) ?? 0;
  const oosPredicted = oosTp + (fp.get(OOS) ?? 0);
  return {
    accuracy: ratio(correct, preds.length),
    inScopeAccuracy: ratio(inScopeCorrect, inScope),
    macroF1: labels.size === 0 ? 0 : f1Sum / labels.size,
    oosRecall: oosTotal === 0 ? null : oosTp / oosTotal,
    oosPrecision: oosTotal === 0 ? null : ratio(oosTp, oosPredicted),
  };
}

/**
 * The rejection threshold that maximises accuracy on validation data, with out-of-scope items
 * weighted so the validation mixture has the test set's in-scope : out-of-scope ratio.
 */
export function pickThreshold(val: readonly Prediction[], testOosShare: number): number {
  const valOos = val.filter((p) => p.label === OOS).length;
  const valIn = val.length - valOos;
  const oosWeight = valOos === 0 || testOosShare <= 0 ? 1 : (testOosShare / (1 - testOosShare)) * (valIn / valOos);
  let best = 0;
  let bestScore = -1;
  // Steps of 0.001: blended probabilities over 150 classes sit near 0.1, where 0.01 steps are coarse.
  for (let step = 0; step <= 1000; step++) {
    const t = step / 1000;
    let s = 0;
    for (const p of val) {
      const isRejected = p.intent === null || p.confidence < t;
      if (p.label === OOS) s += isRejected ? oosWeight : 0;
      else s += !isRejected && p.intent === p.label ? 1 : 0;
    }
    if (s > bestScore) {
      bestScore = s;
      best = t;
    }
  }
  return best;
}

/** The q-quantile (0..1) of `values` (sorted copy). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
