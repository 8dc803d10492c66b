/**
 * Slot-filling accuracy on a labelled JSONL set of order questions (tests/fixtures/slots/*.jsonl): each line is
 * `{ text, locale, awaiting?, expect: { orderNumber?, email? } }`. Without `awaiting` the text opens an
 * order.lookup dialogue (slots filled from the question); with it, the text answers that question. A slot
 * counts as right when its value equals the expected one, or both are absent (no number invented).
 */
import fs from 'node:fs';
import type { ActionSlot } from '../../shared/model';
import { absorbAnswer, startDialogue } from '../../server/actions/step-dialogue';

interface Example {
  text: string;
  locale: 'en' | 'zh';
  awaiting?: 'orderNumber' | 'email';
  expect: Partial<Record<'orderNumber' | 'email', string>>;
}

export interface SlotsReport {
  kind: 'slots';
  file: string;
  examples: number;
  /** Share of examples whose every slot is right, overall and per language. */
  exact: { overall: number; en: number | null; zh: number | null };
  /** Share of right values per slot. */
  perSlot: Record<'orderNumber' | 'email', number>;
  misses: { text: string; expected: Example['expect']; got: Example['expect'] }[];
}

const SLOTS = ['orderNumber', 'email'] as const;

/** The slots the dialogue reads from one example. */
export function fillSlots(example: Example): Example['expect'] {
  const action = { name: 'order.lookup' as const, intent: 'order.track', slots: ['orderNumber', 'email'] as ActionSlot[] };
  if (!example.awaiting) return startDialogue(action, [example.text], { isVerified: false }).slots;
  const state = { ...startDialogue(action, [], { isVerified: false }), awaiting: example.awaiting };
  return absorbAnswer(state, example.text).state.slots;
}

export function evalSlots(file: string): SlotsReport {
  const examples = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Example);
  const right = { orderNumber: 0, email: 0 };
  const exactBy: Record<'en' | 'zh', [number, number]> = { en: [0, 0], zh: [0, 0] };
  const misses: SlotsReport['misses'] = [];
  for (const ex of examples) {
    const got = fillSlots(ex);
    let isExact = true;
    for (const slot of SLOTS) {
      if ((got[slot] ?? null) === (ex.expect[slot] ?? null)) right[slot] += 1;
      else isExact = false;
    }
    exactBy[ex.locale][1] += 1;
    if (isExact) exactBy[ex.locale][0] += 1;
    else misses.push({ text: ex.text, expected: ex.expect, got: { orderNumber: got.orderNumber, email: got.email } });
  }
  const share = ([ok, n]: [number, number]) => (n ? ok / n : null);
  const n = examples.length || 1;
  return {
    kind: 'slots',
    file,
    examples: examples.length,
    exact: { overall: (exactBy.en[0] + exactBy.zh[0]) / n, en: share(exactBy.en), zh: share(exactBy.zh) },
    perSlot: { orderNumber: right.orderNumber / n, email: right.email / n },
    misses,
  };
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

export function formatSlots(r: SlotsReport): string {
  return `${[
    `slots ${r.file}: ${r.examples} order questions`,
    `all slots right:    ${pct(r.exact.overall)} (en ${pct(r.exact.en)}, zh ${pct(r.exact.zh)})`,
    `order number:       ${pct(r.perSlot.orderNumber)}`,
    `e-mail:             ${pct(r.perSlot.email)}`,
    ...r.misses.map((m) => `  miss: ${JSON.stringify(m.text)} expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.got)}`),
  ].join('\n')}\n`;
}
