/**
 * The three evaluations behind `npm run eval`: a labelled train/test pair (CSV), CLINC150 with its
 * own splits and a rejection threshold picked on validation data, and a KB's own hold-out.
 */
import type { ClassifierOptions } from '../../server/bot/train-intent-classifier';
import { createBot, type Bot } from '../../server/bot/create-bot';
import { loadKb, type LoadKbOptions } from '../../server/bot/load-kb';
import { reliability, type ReliabilityBin } from './reliability';
import { evalUnseenItems, readUnseen, type UnseenReport } from './unseen';
import { rng } from '../../server/bot/rng';
import { addTypos, splitKb, type HeldOut } from './holdout';
import { labelledKb } from './labelled-kb';
import { percentile, pickThreshold, score, type Prediction, type Scores } from './metrics';
import { OFF_TOPIC } from './off-topic';
import { OOS, readClinc, readCsv } from './read-dataset';
import type { LabelledText } from '../../server/bot/train-intent-classifier';

export interface Timing {
  trainUtterances: number;
  intents: number;
  buildMs: number;
  /** CPU time of the build (this process, all threads): steadier than wall time when other processes compete. */
  buildCpuMs: number;
  classifyP50Ms: number;
  classifyP99Ms: number;
}

export interface DatasetReport {
  kind: 'dataset';
  train: string;
  test: string;
  threshold: number;
  thresholdSource: string;
  /** Top-1, no rejection. */
  topOne: Scores;
  /** With anything under `threshold` rejected as out of scope. */
  atThreshold: Scores;
  timing: Timing;
}

export interface HoldoutReport {
  kind: 'holdout';
  kb: string;
  fraction: number;
  seed: number;
  accuracy: { en: number; zh: number; overall: number };
  /** Share of held-out items per decision at the bot's thresholds, and how often an answer is right. */
  decisions: { answer: number; clarify: number; fallback: number; answerPrecision: number; clarifyTop3: number; chipsPerClarify: number };
  answerThreshold: number;
  /** Expected calibration error of the confidence (10 equal-width bins): 0 when confidence = accuracy. */
  calibrationError: number;
  reliability: ReliabilityBin[];
  typo: { en: number; enWithoutFuzzy: number; items: number };
  /** Share of off-topic messages (weather, jokes…) that the bot does not answer (clarify or fallback). */
  offTopicNotAnswered: number;
  /** Share of off-topic messages that fall back outright. */
  offTopicFallback: number;
  timing: Timing;
}

const WARMUP = 200;

/** Trains on one file and scores another (CSV), or CLINC150's JSON with its own splits. */
export async function evalDataset(trainFile: string, testFile: string | undefined, opts: ClassifierOptions): Promise<DatasetReport> {
  if (trainFile.endsWith('.json')) {
    const splits = await readClinc(trainFile);
    const { bot, buildMs, buildCpuMs } = build(splits.train, opts);
    const val = predict(bot, [...splits.val, ...splits.oosVal]).preds;
    const test = [...splits.test, ...splits.oosTest];
    const threshold = pickThreshold(val, splits.oosTest.length / test.length);
    const { preds, latencies } = predict(bot, test);
    return report(trainFile, `${trainFile} (test + oos_test)`, threshold, 'picked on val + oos_val', preds, latencies, splits.train, buildMs, buildCpuMs);
  }
  if (testFile === undefined) throw new Error('--test FILE is required with a CSV training file');
  const train = await readCsv(trainFile);
  const test = await readCsv(testFile);
  const { bot, buildMs, buildCpuMs } = build(train, opts);
  const { preds, latencies } = predict(bot, test);
  const threshold = bot.kb.settings.clarifyThreshold;
  return report(trainFile, testFile, threshold, 'KB clarifyThreshold (below it the bot falls back)', preds, latencies, train, buildMs, buildCpuMs);
}

/** Hold-out accuracy of a real KB per language, plus a typo'd English variant with and without fuzzy matching. */
export async function evalHoldout(dir: string, fraction: number, seed: number, opts: ClassifierOptions, kbOpts: LoadKbOptions = {}): Promise<HoldoutReport> {
  const kb = await loadKb(dir, kbOpts);
  const { train, held } = splitKb(kb, fraction, seed);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const bot = createBot(train, opts);
  const buildMs = performance.now() - started;
  const buildCpuMs = process.cpuUsage(cpu).user / 1000;
  const plain = createBot(train, { ...opts, fuzzy: false, calibrationFolds: 0 });
  const { preds, latencies } = predict(bot, held, MIN_LATENCY_SAMPLES);
  const acc = (locale?: string): number => {
    const items = preds.filter((_, i) => locale === undefined || (held[i] as HeldOut).locale === locale);
    return items.length === 0 ? 0 : items.filter((p) => p.intent === p.label).length / items.length;
  };
  const replies = held.map((h) => bot.respond(h.text, { consecutiveFallbacks: 0 }));
  const answered = replies.flatMap((r, i) => (r.decision === 'answer' ? [r.intent === held[i]!.label] : []));
  const clarified = replies.flatMap((r, i) => (r.decision === 'clarify' ? [r] : []).map((c) => ({ chips: c.clarifyIntents, label: held[i]!.label })));
  const random = rng(seed + 1);
  const typos = held.filter((h) => h.locale === 'en').map((h) => ({ text: addTypos(h.text, random), label: h.label }));
  const typoAcc = (b: Bot): number => predict(b, typos).preds.filter((p) => p.intent === p.label).length / Math.max(1, typos.length);
  const cal = reliability(preds.map((p) => ({ confidence: p.confidence, isRight: p.intent === p.label })));
  const notAnswered = (t: string): boolean => bot.respond(t, { consecutiveFallbacks: 0 }).decision !== 'answer';
  return {
    kind: 'holdout',
    kb: dir,
    fraction,
    seed,
    accuracy: { en: acc('en'), zh: acc('zh'), overall: acc() },
    decisions: {
      answer: answered.length / preds.length,
      clarify: clarified.length / preds.length,
      fallback: 1 - (answered.length + clarified.length) / preds.length,
      answerPrecision: answered.length === 0 ? 0 : answered.filter(Boolean).length / answered.length,
      clarifyTop3: clarified.length === 0 ? 0 : clarified.filter((c) => c.chips.includes(c.label)).length / clarified.length,
      chipsPerClarify: clarified.length === 0 ? 0 : clarified.reduce((n, c) => n + c.chips.length, 0) / clarified.length,
    },
    answerThreshold: bot.thresholds.answer,
    calibrationError: cal.ece,
    reliability: cal.bins,
    typo: { en: typoAcc(bot), enWithoutFuzzy: typoAcc(plain), items: typos.length },
    offTopicNotAnswered: OFF_TOPIC.filter(notAnswered).length / OFF_TOPIC.length,
    offTopicFallback: OFF_TOPIC.filter((t) => bot.classify(t).confidence < bot.thresholds.clarify).length / OFF_TOPIC.length,
    timing: timing(train.intents.reduce((n, i) => n + i.utterances.en.length + i.utterances.zh.length, 0), train.intents.length, buildMs, buildCpuMs, latencies),
  };
}

/** The unseen-wording set against the whole KB (trained on every utterance). */
export async function evalUnseen(dir: string, file: string, opts: ClassifierOptions, kbOpts: LoadKbOptions = {}): Promise<UnseenReport & { timing: Timing }> {
  const kb = await loadKb(dir, kbOpts);
  const items = await readUnseen(file);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const bot = createBot(kb, opts);
  const buildMs = performance.now() - started;
  const buildCpuMs = process.cpuUsage(cpu).user / 1000;
  const { latencies } = predict(bot, items.map((i) => ({ text: i.text, label: i.intent ?? OOS })), MIN_LATENCY_SAMPLES);
  const utterances = kb.intents.reduce((n, i) => n + i.utterances.en.length + i.utterances.zh.length, 0);
  return { ...evalUnseenItems(bot, items, dir, file), timing: timing(utterances, kb.intents.length, buildMs, buildCpuMs, latencies) };
}

/** Latency percentiles need more samples than a small hold-out has: small sets are timed in repeated passes. */
const MIN_LATENCY_SAMPLES = 3000;

function build(examples: readonly LabelledText[], opts: ClassifierOptions): { bot: Bot; buildMs: number; buildCpuMs: number } {
  const kb = labelledKb(examples.filter((e) => e.label !== OOS));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const bot = createBot(kb, opts);
  return { bot, buildMs: performance.now() - started, buildCpuMs: process.cpuUsage(cpu).user / 1000 };
}

function predict(bot: Bot, items: readonly LabelledText[], minSamples = 0): { preds: Prediction[]; latencies: number[] } {
  for (const item of items.slice(0, WARMUP)) bot.classify(item.text);
  const latencies: number[] = [];
  const preds = items.map((item) => {
    const started = performance.now();
    const c = bot.classify(item.text);
    latencies.push(performance.now() - started);
    return { label: item.label, intent: c.intent, confidence: c.confidence };
  });
  while (items.length > 0 && latencies.length < minSamples) {
    for (const item of items) {
      const started = performance.now();
      bot.classify(item.text);
      latencies.push(performance.now() - started);
    }
  }
  return { preds, latencies };
}

function report(
  train: string,
  test: string,
  threshold: number,
  thresholdSource: string,
  preds: Prediction[],
  latencies: number[],
  examples: readonly LabelledText[],
  buildMs: number,
  buildCpuMs: number,
): DatasetReport {
  const intents = new Set(examples.map((e) => e.label)).size;
  return {
    kind: 'dataset',
    train,
    test,
    threshold,
    thresholdSource,
    topOne: score(preds, 0),
    atThreshold: score(preds, threshold),
    timing: timing(examples.length, intents, buildMs, buildCpuMs, latencies),
  };
}

function timing(trainUtterances: number, intents: number, buildMs: number, buildCpuMs: number, latencies: number[]): Timing {
  return {
    trainUtterances,
    intents,
    buildMs: Math.round(buildMs),
    buildCpuMs: Math.round(buildCpuMs),
    classifyP50Ms: round3(percentile(latencies, 0.5)),
    classifyP99Ms: round3(percentile(latencies, 0.99)),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
