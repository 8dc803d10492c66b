/**
 * Training is the costly part of building a bot (a few seconds for a 5,000-utterance KB with its
 * calibration folds), and the same KB is often built again: a hot reload after an edit to answers
 * only, the test harness starting a server per test. Training is a pure function of the examples and
 * options, so the last few classifiers are kept by a digest of both.
 */
import { createHash } from 'node:crypto';
import { trainIntentClassifier, type ClassifierOptions, type IntentClassifier, type LabelledText } from './train-intent-classifier';

/** Classifiers hold their weights (tens of MB for a large KB): keep only a couple. */
const CAPACITY = 2;
const cache = new Map<string, IntentClassifier>();

/** trainIntentClassifier, reusing the classifier of an identical earlier call. */
export function trainCached(examples: readonly LabelledText[], opts: ClassifierOptions): IntentClassifier {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(opts));
  for (const e of examples) hash.update(`\u0000${e.label}\u0001${e.text}`);
  const key = hash.digest('hex');
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Most recently used last, so the oldest is the first key.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const classifier = trainIntentClassifier(examples, opts);
  cache.set(key, classifier);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value as string);
  return classifier;
}
