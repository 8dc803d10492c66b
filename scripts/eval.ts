/**
 * `npm run eval` with no arguments runs every report and prints them side by side: BANKING77 and
 * CLINC150 (from the shared datasets folder beside the project, or --datasets DIR / PARLEY_DATASETS),
 * the retail KB's hold-out and the unseen-wording set. One report at a time:
 * `npm run eval -- --train FILE [--test FILE]` — benchmark accuracy and speed (CSV or CLINC150 JSON);
 * `npm run eval -- --kb kb/retail [--holdout 0.2] [--seed N]` — a KB's own hold-out per language;
 * `npm run eval -- --kb kb/retail --unseen FILE` — unseen wording (JSON lines { text, lang, intent|null, style }).
 * Common: `--json`, `--no-fuzzy`, `--no-lexicon`, `--opt name=number…` (classifier options, for experiments).
 * `npm run eval -- --slots tests/fixtures/slots/order-questions.jsonl` — slot-filling accuracy (scripts/eval/slots.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ClassifierOptions } from '../server/bot/train-intent-classifier';
import type { LoadKbOptions } from '../server/bot/load-kb';
import { evalDataset, evalHoldout, evalUnseen, type DatasetReport, type HoldoutReport, type Timing } from './eval/run-eval';
import { formatReliability } from './eval/reliability';
import type { UnseenFigures, UnseenReport } from './eval/unseen';

const USAGE =
  'usage: eval [--datasets DIR] | eval --train FILE [--test FILE] | eval --kb DIR [--holdout 0.2] [--seed N] | eval --kb DIR --unseen FILE; options: --json --no-fuzzy --no-lexicon --opt name=number… | eval --slots FILE [--json]';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_KB = path.join(ROOT, 'kb/retail');
const DEFAULT_UNSEEN = path.join(ROOT, 'tests/fixtures/unseen-retail/items.jsonl');

type Report = DatasetReport | HoldoutReport | (UnseenReport & { timing: Timing });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      kb: { type: 'string' },
      unseen: { type: 'string' },
      datasets: { type: 'string' },
      holdout: { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '42' },
      json: { type: 'boolean', default: false },
      'no-fuzzy': { type: 'boolean', default: false },
      'no-lexicon': { type: 'boolean', default: false },
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
  const kbOpts: LoadKbOptions = values['no-lexicon'] ? { lexicon: false } : {};
  const write = (r: Report): void => {
    process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : format(r));
  };
  if (values.kb !== undefined && values.unseen !== undefined) write(await evalUnseen(values.kb, values.unseen, opts, kbOpts));
  else if (values.kb !== undefined) write(await evalHoldout(values.kb, Number(values.holdout), Number(values.seed), opts, kbOpts));
  else if (values.train !== undefined) write(await evalDataset(values.train, values.test, opts));
  else if (values.test !== undefined || values.unseen !== undefined) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
  } else {
    await runAll(values.datasets, opts, kbOpts, Number(values.holdout), Number(values.seed), values.json);
  }
}

/** Every report in turn, then one summary table. Missing datasets are reported as skipped. */
async function runAll(datasetsArg: string | undefined, opts: ClassifierOptions, kbOpts: LoadKbOptions, fraction: number, seed: number, isJson: boolean): Promise<void> {
  const datasets = [datasetsArg, process.env.PARLEY_DATASETS, path.resolve(ROOT, '../shared/datasets'), path.resolve(ROOT, '../../shared/datasets')].find(
    (d): d is string => d !== undefined && existsSync(d),
  );
  const reports: { name: string; report: Report | null; note?: string }[] = [];
  const run = async (name: string, needs: string[], job: () => Promise<Report>): Promise<void> => {
    const missing = needs.find((f) => !existsSync(f));
    const report = missing === undefined ? await job() : null;
    reports.push({ name, report, note: missing === undefined ? undefined : `skipped: ${missing} not found` });
    if (report !== null) process.stdout.write(isJson ? `${JSON.stringify({ name, ...report })}\n` : `== ${name}\n${format(report)}\n`);
    else if (!isJson) process.stdout.write(`== ${name}\nskipped: ${missing} not found\n\n`);
  };
  const b77 = datasets === undefined ? [] : [path.join(datasets, 'banking77/train.csv'), path.join(datasets, 'banking77/test.csv')];
  const clinc = datasets === undefined ? '' : path.join(datasets, 'clinc150/data_full.json');
  await run('BANKING77', datasets === undefined ? ['../shared/datasets'] : b77, () => evalDataset(b77[0]!, b77[1], opts));
  await run('CLINC150', datasets === undefined ? ['../shared/datasets'] : [clinc], () => evalDataset(clinc, undefined, opts));
  await run('KB hold-out (kb/retail)', [DEFAULT_KB], () => evalHoldout(DEFAULT_KB, fraction, seed, opts, kbOpts));
  await run('unseen wording (kb/retail)', [DEFAULT_KB, DEFAULT_UNSEEN], () => evalUnseen(DEFAULT_KB, DEFAULT_UNSEEN, opts, kbOpts));
  if (!isJson) process.stdout.write(summary(reports));
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);
const f3 = (x: number): string => x.toFixed(3);

/** One line per report: the headline figures side by side. */
function summary(reports: readonly { name: string; report: Report | null; note?: string }[]): string {
  const rows = reports.map(({ name, report, note }) => {
    if (report === null) return [name, note ?? 'skipped', '', '', ''];
    const t = report.timing;
    const speed = `build ${t.buildCpuMs} ms CPU, p99 ${t.classifyP99Ms} ms`;
    if (report.kind === 'dataset') {
      const oos = report.atThreshold.oosRecall === null ? '' : `in-scope ${pct(report.atThreshold.inScopeAccuracy)}, OOS recall ${pct(report.atThreshold.oosRecall)}`;
      return [name, `top-1 ${pct(report.topOne.accuracy)}`, oos, '', speed];
    }
    if (report.kind === 'holdout') {
      return [name, `top-1 ${pct(report.accuracy.overall)}`, `answered ${pct(report.decisions.answer)} (${pct(report.decisions.answerPrecision)} right)`, `ECE ${f3(report.calibrationError)}`, speed];
    }
    const a = report.all;
    return [name, `top-1 ${pct(a.topOne)}`, `right answer ${pct(a.rightAnswer)}, wrong ${pct(a.wrongAnswer)}, OOS not answered ${pct(a.oosNotAnswered)}`, `ECE ${f3(a.ece)}`, speed];
  });
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return `== side by side\n${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')).join('\n')}\n`;
}

function format(r: Report): string {
  const t = r.timing;
  const timingLines = [
    `index build:        ${t.buildMs} ms, CPU ${t.buildCpuMs} ms (${t.trainUtterances} utterances, ${t.intents} intents)`,
    `classify latency:   p50 ${t.classifyP50Ms} ms, p99 ${t.classifyP99Ms} ms`,
  ];
  if (r.kind === 'unseen') {
    const a = r.all;
    const row = (label: string, key: keyof UnseenFigures, fmt: (x: number) => string = f3): string =>
      `| ${label.padEnd(78)} | ${fmt(a[key]).padStart(6)} | ${Object.keys(r.byLanguage)
        .map((l) => `${l} ${fmt(r.byLanguage[l]![key])}`)
        .join(' | ')} |`;
    return `${[
      `KB ${r.kb} on unseen wording ${r.file} (${a.inScope} in scope, ${a.outOfScope} out of scope)`,
      `thresholds: answer ${f3(r.answerThreshold)}, clarify ${f3(r.clarifyThreshold)}`,
      `| ${'figure'.padEnd(78)} | ${'all'.padStart(6)} | by language |`,
      row('top-1 intent right (in scope)', 'topOne'),
      row('right answer given directly (decision answer/handoff with the right intent)', 'rightAnswer'),
      row('right intent among the clarify chips (share of in-scope)', 'rightChip'),
      row('right intent among the clarify chips (of the rest)', 'rightChipOfRest'),
      row('wrong answer given with confidence', 'wrongAnswer'),
      row('out-of-scope not answered', 'oosNotAnswered'),
      row('calibration error (ECE, in scope)', 'ece'),
      row('calibration error (ECE, all items, out-of-scope counted wrong)', 'eceAll'),
      `within one tap (right answer + right chip): ${f3(a.rightAnswer + a.rightChip)}`,
      'by style (top-1 / right answer / wrong answer / n in scope):',
      ...Object.entries(r.byStyle).map(([style, f]) => `  ${style.padEnd(16)} ${f3(f.topOne)} / ${f3(f.rightAnswer)} / ${f3(f.wrongAnswer)} / ${f.inScope}`),
      'reliability (in scope):',
      ...formatReliability(r.reliability),
      ...timingLines,
    ].join('\n')}\n`;
  }
  if (r.kind === 'holdout') {
    return `${[
      `KB ${r.kb}: hold-out ${r.fraction} per intent and language (seed ${r.seed})`,
      `accuracy en:        ${pct(r.accuracy.en)}`,
      `accuracy zh:        ${pct(r.accuracy.zh)}`,
      `accuracy overall:   ${pct(r.accuracy.overall)}`,
      `answer threshold:   ${f3(r.answerThreshold)}`,
      `decisions:          answer ${pct(r.decisions.answer)} (right ${pct(r.decisions.answerPrecision)}), clarify ${pct(r.decisions.clarify)} (right intent among the chips ${pct(r.decisions.clarifyTop3)}, ${r.decisions.chipsPerClarify.toFixed(2)} chips), fallback ${pct(r.decisions.fallback)}`,
      `calibration error:  ${r.calibrationError.toFixed(3)} (expected |accuracy − confidence|, 10 bins)`,
      ...formatReliability(r.reliability),
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
