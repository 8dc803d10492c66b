/**
 * `npm run bench -- --max-rate`: issue 17's "highest rate it sustains with p99 ≤ 100 ms". The held
 * shoppers ask at a rising total rate, one step at a time on the same connections; the first step that
 * misses stops the climb, and the last one that held is the figure.
 */
import { holdShoppers, profileDir, rssPerConnectionKb, type HeldLoad, type HeldLoadOptions } from './held-load';
import { summarise } from './stats';
import { formatGc, sqlPerMessage, type GcStats } from './server-stats';

/** Total asks per second, low enough at first that a slow build still shows where it stands. */
export const DEFAULT_RATES = [250, 500, 750, 1000, 1500, 2000, 3000];
export const MAX_P99_MS = 100;
/**
 * A step counts only when the load client really offered its rate: with the load on the same cores it
 * can fall behind, and a shopper still waiting for an answer skips its turn, which lowers the rate offered.
 */
export const MIN_OFFERED_SHARE = 0.9;

export interface StepFigures {
  ratePerSecond: number;
  achievedPerSecond: number;
  answered: number;
  answerP99Ms: number;
  timeouts: number;
  errors: number;
}

export interface RateStep extends StepFigures {
  intervalMs: number;
  sent: number;
  skipped: number;
  answerP50Ms: number;
  loopLagP99Ms: number;
  gc: GcStats;
  serverCpuCores: number;
  serverCpuMsPerMessage: number;
  /** Main-thread event-loop busy share of the step (0-1). */
  loopBusy: number;
  /** SQLite statements and COMMITs per message sent (a busier loop shares more of its commits). */
  sqlPerMessage: { statements: number; commits: number } | null;
  passed: boolean;
  /** Why the step failed (null when it passed). */
  reason: string | null;
}

export interface MaxRateResult {
  shoppers: number;
  connected: number;
  connectFailed: number;
  rssPerConnectionKb: number;
  stepSeconds: number;
  /** Every shopper's first ask, before the climb. */
  warmup: RateStep;
  steps: RateStep[];
  /** The highest rate that passed, null when the first step already failed. */
  highestPassingPerSecond: number | null;
  /** True when every step passed: the ceiling lies above the last step. */
  isAboveLastStep: boolean;
  line: string;
}

export interface MaxRateOptions extends Omit<HeldLoadOptions, 'cpuProfDir'> {
  rates: number[];
  stepSeconds: number;
  cpuProf: boolean;
  onLine: (line: string) => void;
}

/** Each shopper's ask interval for a total rate: the shoppers are held, so the rate comes from their pace. */
export function intervalMsFor(shoppers: number, ratePerSecond: number): number {
  return (shoppers / ratePerSecond) * 1000;
}

/**
 * Whether a step sustained its rate: answers within the p99 bound, none timed out or refused (a refused
 * ask is not a sustained one), and the rate was really offered.
 */
export function stepVerdict(step: StepFigures): { passed: boolean; reason: string | null } {
  // Every miss is named: a p99 over the bound usually comes with the others, and the reader wants all of them.
  const misses = [
    step.answered === 0 ? 'no answers' : !(step.answerP99Ms <= MAX_P99_MS) ? `p99 ${step.answerP99Ms} ms > ${MAX_P99_MS} ms` : null,
    step.timeouts > 0 ? `${step.timeouts} timeouts` : null,
    step.errors > 0 ? `${step.errors} asks refused` : null,
    step.achievedPerSecond < MIN_OFFERED_SHARE * step.ratePerSecond ? `only ${step.achievedPerSecond} msg/s offered` : null,
  ].filter((miss): miss is string => miss !== null);
  return misses.length ? { passed: false, reason: misses.join(', ') } : { passed: true, reason: null };
}

/** The figure to report: the highest rate among the passing steps before the first failure. */
export function highestPassing(steps: Array<{ ratePerSecond: number; passed: boolean }>): number | null {
  let highest: number | null = null;
  for (const step of steps) {
    if (!step.passed) break;
    highest = Math.max(highest ?? 0, step.ratePerSecond);
  }
  return highest;
}

function verdictLine(steps: RateStep[], highest: number | null): string {
  const failed = steps.find((s) => !s.passed);
  const why = failed ? ` (${failed.ratePerSecond} msg/s failed: ${failed.reason})` : ' (every step passed: the ceiling is higher)';
  return `max-rate verdict: highest rate sustained with p99 ≤ ${MAX_P99_MS} ms: ${highest === null ? 'none' : `${highest} msg/s`}${why}`;
}

const HEADER = [
  '| offered msg/s | interval s | sent/s | answer p50 / p99 ms | errors / timeouts / skipped | loop lag p99 | GC max / share | loop busy | CPU cores | CPU ms/msg | SQL / commits per msg | step |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];
const formatStep = (s: RateStep, verdict = s.passed ? 'pass' : `FAIL: ${s.reason}`) =>
  `| ${s.ratePerSecond} | ${(s.intervalMs / 1000).toFixed(2)} | ${s.achievedPerSecond} | ${s.answerP50Ms} / ${s.answerP99Ms} | ` +
  `${s.errors} / ${s.timeouts} / ${s.skipped} | ${s.loopLagP99Ms} ms | ${formatGc(s.gc)} | ${Math.round(s.loopBusy * 100)} % | ${s.serverCpuCores} | ${s.serverCpuMsPerMessage} | ${s.sqlPerMessage ? `${s.sqlPerMessage.statements} / ${s.sqlPerMessage.commits}` : '–'} | ${verdict} |`;

/** One phase at `rate` total on the held shoppers, with the server's CPU and event-loop figures for it. */
async function runStep(held: HeldLoad, intervalMs: number, stepSeconds: number, rate: number): Promise<RateStep> {
  // Opens this step's CPU and event-loop window; no GC, whose pause would land in the step.
  await held.stats(false);
  const result = await held.phase(intervalMs, stepSeconds * 1000);
  const server = await held.stats(false);
  const answers = summarise(result.botAnswerMs);
  const figures: StepFigures = {
    ratePerSecond: Math.round(rate),
    achievedPerSecond: Math.round(result.sent / stepSeconds),
    answered: answers.n,
    answerP99Ms: answers.p99,
    timeouts: result.timeouts,
    errors: result.errors,
  };
  return {
    ...figures,
    intervalMs: Math.round(intervalMs),
    sent: result.sent,
    skipped: result.skipped,
    answerP50Ms: answers.p50,
    loopLagP99Ms: server.loopLagP99Ms,
    gc: server.gc,
    serverCpuCores: server.cpuCores,
    serverCpuMsPerMessage: Math.round(((server.cpuCores * server.windowMs) / Math.max(1, result.sent)) * 1000) / 1000,
    loopBusy: server.loopBusy,
    sqlPerMessage: server.sql?.statements ? sqlPerMessage(server.sql, result.sent) : null,
    ...stepVerdict(figures),
  };
}

/** Runs the steps in order on one server and one set of held shoppers, stopping after the first failure. */
export async function measureMaxRate(options: MaxRateOptions): Promise<MaxRateResult> {
  const held = await holdShoppers({ ...options, cpuProfDir: options.cpuProf ? profileDir(options.root, 'max-rate') : null });
  try {
    options.onLine(`Parley max rate · ${held.connected} shoppers held (${held.connectFailed} failed) · ${options.stepSeconds} s per step`);
    HEADER.forEach(options.onLine);
    // Every shopper asks once, unjudged, before the climb: a first message opens a conversation (the
    // heavier path) and the first minutes warm the JIT, so without this the first step measures a cold start.
    const warmup = await runStep(held, options.stepSeconds * 1000, options.stepSeconds, held.connected / options.stepSeconds);
    options.onLine(formatStep(warmup, 'warm-up, not judged'));
    const steps: RateStep[] = [];
    // At most one pass over a fixed list: the climb is bounded in count, each step in time.
    for (const rate of options.rates) {
      const step = await runStep(held, intervalMsFor(Math.max(1, held.connected), rate), options.stepSeconds, rate);
      steps.push(step);
      options.onLine(formatStep(step));
      if (!step.passed) break;
    }
    const highest = highestPassing(steps);
    const line = verdictLine(steps, highest);
    options.onLine(line);
    return {
      shoppers: options.shoppers,
      connected: held.connected,
      connectFailed: held.connectFailed,
      rssPerConnectionKb: rssPerConnectionKb(held.idle, held.held, held.connected),
      stepSeconds: options.stepSeconds,
      warmup,
      steps,
      highestPassingPerSecond: highest,
      isAboveLastStep: steps.length === options.rates.length && steps.every((s) => s.passed),
      line,
    };
  } finally {
    await held.stop();
  }
}
