/**
 * `npm run eval -- --train FILE [--test FILE] [--json] [--no-fuzzy] [--opt name=number…]` — benchmark accuracy and speed;
 * `npm run eval -- --kb kb/retail --holdout 0.2 [--seed N]` — a KB's own hold-out per language.
 * `npm run eval -- --slots tests/fixtures/slots/order-questions.jsonl` — slot-filling accuracy (scripts/eval/slots.ts).
 * CSV files are `text,label` (BANKING77); a `.json` training file is CLINC150's data_full.json and
 * uses its own splits, with the rejection threshold picked on val + oos_val only.
 */
import { parseArgs } from 'node:util';
import type { ClassifierOptions } from '../server/bot/train-intent-classifier';
import { evalDataset, evalHoldout, type DatasetReport, type HoldoutReport } from './eval/run-eval';

const USAGE =
  'usage: eval --train FILE [--test FILE] [--json] [--no-fuzzy] [--opt name=number…] | eval --kb DIR --holdout 0.2 [--seed N] [--json] [--opt name=number…] | eval --slots FILE [--json]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      kb: { type: 'string' },
      holdout: { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '42' },
      json: { type: 'boolean', default: false },
      'no-fuzzy': { type: 'boolean', default: false },
      // Numeric classifier options for experiments, e.g. --opt mlpWeight=0 --opt svmTemperature=0.5.
      opt: { type: 'string', multiple: true, default: [] },
      slots: { type: 'string' },
    },
  });
  if (values.slots !== undefined) {
    const { evalSlots, formatSlots } = await import('./eval/slots');
    const report = evalSlots(values.slots);
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatSlots(report));
    return;
  }
  const opts: ClassifierOptions = values['no-fuzzy'] ? { fuzzy: false } : {};
  for (const kv of values.opt) {
    const [key, value] = kv.split('=');
    if (key === undefined || value === undefined || !Number.isFinite(Number(value))) throw new Error(`--opt ${kv}: expected name=number`);
    (opts as Record<string, number>)[key] = Number(value);
  }
  let result: DatasetReport | HoldoutReport;
  if (values.kb !== undefined) {
    result = await evalHoldout(values.kb, Number(values.holdout), Number(values.seed), opts);
  } else if (values.train !== undefined) {
    result = await evalDataset(values.train, values.test, opts);
  } else {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : format(result));
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);

function format(r: DatasetReport | HoldoutReport): string {
  const t = r.timing;
  const timingLines = [
    `index build:        ${t.buildMs} ms, CPU ${t.buildCpuMs} ms (${t.trainUtterances} utterances, ${t.intents} intents)`,
    `classify latency:   p50 ${t.classifyP50Ms} ms, p99 ${t.classifyP99Ms} ms`,
  ];
  if (r.kind === 'holdout') {
    return `${[
      `KB ${r.kb}: hold-out ${r.fraction} per intent and language (seed ${r.seed})`,
      `accuracy en:        ${pct(r.accuracy.en)}`,
      `accuracy zh:        ${pct(r.accuracy.zh)}`,
      `accuracy overall:   ${pct(r.accuracy.overall)}`,
      `decisions:          answer ${pct(r.decisions.answer)} (right ${pct(r.decisions.answerPrecision)}), clarify ${pct(r.decisions.clarify)} (right intent among the chips ${pct(r.decisions.clarifyTop3)}), fallback ${pct(r.decisions.fallback)}`,
      `calibration error:  ${r.calibrationError.toFixed(3)} (expected |accuracy − confidence|, 10 bins)`,
      `typo variant en:    ${pct(r.typo.en)} with fuzzy matching, ${pct(r.typo.enWithoutFuzzy)} without (${r.typo.items} utterances, 1–2 edits each)`,
      `off-topic (en+zh):  ${pct(r.offTopicNotAnswered)} not answered, ${pct(r.offTopicFallback)} fall back`,
      ...timingLines,
    ].join('\n')}\n`;
  }
  return `${[
    `train ${r.train} → test ${r.test}`,
    `accuracy (top-1):   ${pct(r.topOne.accuracy)}${r.topOne.oosRecall === null ? '' : ` (in-scope items: ${pct(r.topOne.inScopeAccuracy)}; out-of-scope items count as wrong)`}`,
    `macro-F1 (top-1):   ${pct(r.topOne.macroF1)}`,
    `threshold:          ${r.threshold} (${r.thresholdSource})`,
    `  accuracy:         ${pct(r.atThreshold.accuracy)}`,
    `  in-scope acc:     ${pct(r.atThreshold.inScopeAccuracy)}`,
    `  macro-F1:         ${pct(r.atThreshold.macroF1)}`,
    `  OOS recall:       ${pct(r.atThreshold.oosRecall)}`,
    `  OOS precision:    ${pct(r.atThreshold.oosPrecision)}`,
    ...timingLines,
  ].join('\n')}\n`;
}

main().catch((err: unknown) => {
  process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
