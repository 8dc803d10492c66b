import { trainMlp } from '../../../server/bot/train-mlp';
import { trainIntentClassifier } from '../../../server/bot/train-intent-classifier';
import type { SparseVector } from '../../../server/bot/build-vectorizer';
import { rng } from '../../../server/bot/rng';

/** Unit vectors over 40 features: class c uses features 10c..10c+9, with a shared noise feature. */
function toyData(n: number, seed: number): { xs: SparseVector[]; ys: number[] } {
  const random = rng(seed);
  const xs: SparseVector[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    const picks = [...new Set([10 * c + Math.floor(random() * 10), 10 * c + Math.floor(random() * 10), 40])].sort((a, b) => a - b);
    const val = Float32Array.from(picks, () => 1 / Math.sqrt(picks.length));
    xs.push({ idx: Int32Array.from(picks), val });
    ys.push(c);
  }
  return { xs, ys };
}

function argmax(s: Float32Array): number {
  let best = 0;
  for (let c = 1; c < s.length; c++) if (s[c]! > s[best]!) best = c;
  return best;
}

describe('trainMlp', () => {
  const train = toyData(200, 1);
  const opts = { hidden: 16, epochs: 10, learningRate: 0.3, seed: 5 };

  it('learns a separable problem and generalises to new samples', () => {
    const model = trainMlp(train.xs, train.ys, 41, 4, opts);
    const test = toyData(100, 2);
    const out = new Float32Array(4);
    const right = test.xs.filter((x, i) => argmax(model.scores(x, out)) === test.ys[i]).length;
    expect(right).toBe(100);
  });

  it('is deterministic for a seed', () => {
    const a = trainMlp(train.xs, train.ys, 41, 4, opts).scores(train.xs[0]!, new Float32Array(4));
    const b = trainMlp(train.xs, train.ys, 41, 4, opts).scores(train.xs[0]!, new Float32Array(4));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('trainIntentClassifier with the network in the blend', () => {
  const examples = [
    ...['where is my order', 'track my package', 'has my parcel shipped', 'order status please'].map((text) => ({ text, label: 'track' })),
    ...['I want a refund', 'give me my money back', 'refund my purchase', 'how do I get refunded'].map((text) => ({ text, label: 'refund' })),
  ];

  it('ranks with probabilities that sum to at most one', () => {
    const classifier = trainIntentClassifier(examples, { mlpWeight: 1, softmaxWeight: 0, centroidWeight: 0, mlpEpochs: 30 });
    const ranked = classifier.rank('where is my parcel');
    expect(ranked[0]?.intent).toBe('track');
    const total = ranked.reduce((sum, r) => sum + r.confidence, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-6);
    expect(classifier.rank('refund please')[0]?.intent).toBe('refund');
  });
});
