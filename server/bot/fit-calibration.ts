/**
 * Calibration: turns the ensemble's blended top probability into the probability that the top
 * intent is right. The blend is an average of softmaxes over a few dozen intents, so its top value
 * clusters low (a right answer often scores 0.5) and says little by itself; how far the top stands
 * above the runner-up says as much, and so does how much of the message the model knows at all (a
 * question about the capital of Australia shares one word, "Australia", with the KB). A logistic
 * model on these (Platt scaling with extra evidence) is fitted on predictions for utterances the
 * model did not train on (held-out folds of the KB).
 */

/** One held-out prediction: the raw top and runner-up probabilities, the share of unknown words, and whether the top was right. */
export interface CalibrationPoint {
  top: number;
  second: number;
  /** Share of the message's words the training texts never use, 0..1. */
  unknown: number;
  isRight: boolean;
}

export interface Calibration {
  /** Logistic weights over [1, top, top − second, unknown]. */
  weights: number[];
  /** Held-out predictions it was fitted on. */
  points: number;
}

const ITERATIONS = 50;
/** A little L2 on the weights keeps a small or separable fold set from producing huge weights. */
const L2 = 1e-2;

function featuresOf(top: number, second: number, unknown: number): number[] {
  return [1, top, top - second, unknown];
}

/** Fits the logistic calibration by Newton's method (four parameters: converges in a few steps); null with too few points. */
export function fitCalibration(points: readonly CalibrationPoint[]): Calibration | null {
  const n = points.length;
  const rights = points.filter((p) => p.isRight).length;
  if (n < 20 || rights === 0 || rights === n) return null;
  const xs = points.map((p) => featuresOf(p.top, p.second, p.unknown));
  const d = xs[0]!.length;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < ITERATIONS; it++) {
    const g = w.map((v, i) => (i === 0 ? 0 : L2 * v));
    const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i > 0 ? L2 : 0)));
    points.forEach((p, k) => {
      const x = xs[k]!;
      const q = sigmoid(dot(w, x));
      const r = q - (p.isRight ? 1 : 0);
      const s = Math.max(q * (1 - q), 1e-9);
      for (let i = 0; i < d; i++) {
        g[i]! += r * x[i]!;
        for (let j = 0; j < d; j++) h[i]![j]! += s * x[i]! * x[j]!;
      }
    });
    const step = solve(h, g);
    if (step === null) break;
    w = w.map((v, i) => v - step[i]!);
    if (Math.hypot(...step) < 1e-8) break;
  }
  return { weights: w, points: n };
}

/** P(top intent right) for raw top and runner-up probabilities and the unknown-word share. */
export function calibrated(c: Calibration, top: number, second: number, unknown: number): number {
  return sigmoid(dot(c.weights, featuresOf(top, second, unknown)));
}

/**
 * The lowest confidence at which answering keeps at least `target` of the answers right on the
 * given (calibrated, held-out) predictions; `fallback` when no threshold reaches the target.
 */
export function pickAnswerThreshold(points: readonly { confidence: number; isRight: boolean }[], target: number, fallback: number): number {
  const sorted = [...points].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best: number | null = null;
  // Walk from the most confident down; ties are answered together, so only check at a tie's end.
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.isRight) right++;
    const next = sorted[i + 1];
    if (next !== undefined && next.confidence === sorted[i]!.confidence) continue;
    // Need a handful of answers before a precision means anything.
    if (i + 1 >= 10 && right / (i + 1) >= target) best = sorted[i]!.confidence;
  }
  return best ?? fallback;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Solves h · x = g (Gaussian elimination with partial pivoting); null if singular. */
function solve(h: number[][], g: number[]): number[] | null {
  const d = g.length;
  const m = h.map((row, i) => [...row, g[i]!]);
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-12) return null;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= d; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[d]! / row[i]!);
}
