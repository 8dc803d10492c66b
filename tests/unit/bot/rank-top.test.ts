/**
 * A limited ranking (`rank(text, limit)`, what the bot asks per message) is computed without ranking every
 * label (train-intent-classifier.ts, rankTop): it must be exactly the full ranking trimmed, on a real KB
 * with its calibration, for texts that hit the exact-match boost, miss everything, or tie.
 */
import path from 'node:path';
import { loadKb } from '../../../server/bot/load-kb';
import { trainIntentClassifier, type IntentClassifier } from '../../../server/bot/train-intent-classifier';

let classifier: IntentClassifier;
let texts: string[];

beforeAll(async () => {
  const kb = await loadKb(path.join(__dirname, '../../../kb/retail'));
  const examples = kb.intents.flatMap((i) => [...i.utterances.en, ...i.utterances.zh, i.title.en, i.title.zh].map((text) => ({ text, label: i.id })));
  classifier = trainIntentClassifier(examples, { synonyms: kb.settings.synonyms, stopwords: kb.settings.stopwords, lexicon: kb.lexicon });
  // Training texts and titles (exact matches: boosted), changed ones (not), and texts with no known feature.
  // Every fifth: each full ranking is slow, and a few hundred texts cover the paths.
  const some = examples.filter((_, i) => i % 5 === 0).map((e) => e.text);
  texts = [
    ...some,
    ...some.map((t) => `${t} please, it is urgent`),
    ...some.map((t) => t.split(' ').reverse().join(' ')),
    'zzzz qqqq', '', '!!!', '我的订单到哪了', 'talk to a human', 'where is my order', 'refund',
  ];
});

test('the calibrated classifier answers a limited ranking as the full one trimmed', () => {
  expect(classifier.calibration).not.toBeNull();
  let boosted = 0;
  for (const text of texts) {
    const full = classifier.rank(text);
    if (full[0] && full[0].confidence >= 0.95) boosted++;
    for (const limit of [1, 2, 5]) {
      const top = classifier.rank(text, limit);
      const expected = full.slice(0, limit);
      expect(top.map((r) => r.intent)).toEqual(expected.map((r) => r.intent));
      top.forEach((r, i) => expect(Math.abs(r.confidence - expected[i]!.confidence)).toBeLessThan(1e-12));
    }
  }
  // The boost path was exercised, and not only it.
  expect(boosted).toBeGreaterThan(10);
  expect(boosted).toBeLessThan(texts.length);
});

test('without calibration too', () => {
  const plain = trainIntentClassifier(
    [
      { text: 'where is my order', label: 'order' },
      { text: 'track my parcel', label: 'order' },
      { text: 'refund please', label: 'refund' },
      { text: 'money back', label: 'refund' },
      { text: 'opening hours', label: 'hours' },
    ],
    { calibrationFolds: 0 },
  );
  expect(plain.calibration).toBeNull();
  for (const text of ['where is my order', 'refund my order', 'hours', 'nothing known', 'money back']) {
    for (const limit of [1, 2]) {
      const full = plain.rank(text).slice(0, limit);
      const top = plain.rank(text, limit);
      expect(top.map((r) => r.intent)).toEqual(full.map((r) => r.intent));
      top.forEach((r, i) => expect(Math.abs(r.confidence - full[i]!.confidence)).toBeLessThan(1e-12));
    }
  }
});
