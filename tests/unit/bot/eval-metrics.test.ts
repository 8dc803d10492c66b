import { parseCsv } from '../../../scripts/eval/read-dataset';
import { percentile, pickThreshold, score } from '../../../scripts/eval/metrics';
import { addTypos, splitKb } from '../../../scripts/eval/holdout';
import { rng } from '../../../server/bot/rng';
import { loadKb } from '../../../server/bot/load-kb';
import path from 'node:path';

describe('eval helpers', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsv('text,category\n"hi, there","a ""b"""\r\nplain,x\n')).toEqual([
      ['text', 'category'],
      ['hi, there', 'a "b"'],
      ['plain', 'x'],
    ]);
  });

  it('scores accuracy, macro-F1 and out-of-scope recall/precision at a threshold', () => {
    const preds = [
      { label: 'a', intent: 'a', confidence: 0.9 },
      { label: 'a', intent: 'b', confidence: 0.8 },
      { label: 'b', intent: 'b', confidence: 0.2 },
      { label: 'oos', intent: 'a', confidence: 0.1 },
    ];
    expect(score(preds, 0)).toMatchObject({ accuracy: 0.5, inScopeAccuracy: 2 / 3, oosRecall: 0, oosPrecision: 0 });
    const s = score(preds, 0.5);
    expect(s).toMatchObject({ accuracy: 0.5, inScopeAccuracy: 1 / 3, oosRecall: 1, oosPrecision: 0.5 });
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('picks the threshold that separates in-scope from out-of-scope on validation data', () => {
    const val = [
      { label: 'a', intent: 'a', confidence: 0.8 },
      { label: 'b', intent: 'b', confidence: 0.6 },
      { label: 'oos', intent: 'a', confidence: 0.3 },
    ];
    const t = pickThreshold(val, 1 / 3);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.6);
  });

  it('computes percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([], 0.99)).toBe(0);
  });

  it('splits a KB deterministically, keeping at least one utterance per intent and language', async () => {
    const kb = await loadKb(path.join(__dirname, '../../fixtures/kb-mini'));
    const a = splitKb(kb, 0.2, 1);
    expect(splitKb(kb, 0.2, 1).held).toEqual(a.held);
    for (const i of a.train.intents) {
      expect(i.utterances.en.length).toBeGreaterThan(0);
      expect(i.utterances.zh.length).toBeGreaterThan(0);
    }
    const total = kb.intents.reduce((n, i) => n + i.utterances.en.length + i.utterances.zh.length, 0);
    expect(a.held.length).toBeGreaterThan(total * 0.15);
    expect(a.held.length).toBeLessThan(total * 0.25);
  });

  it('adds one or two character edits', () => {
    const random = rng(3);
    for (let i = 0; i < 20; i++) {
      const typo = addTypos('where is my order', random);
      expect(typo).not.toBe('where is my order');
      expect(Math.abs(typo.length - 17)).toBeLessThanOrEqual(2);
    }
  });
});
