/**
 * `npm run bench -- --soak [MINUTES]`: the held shoppers ask at the default pace for that many minutes
 * against one Parley server, sampled every minute (RSS, heap after a forced GC, the minute's bot answer
 * p50/p99), then a verdict on growth: issue 17's "no growth over a 10-minute soak at 2,000 shoppers".
 */
import { performance } from 'node:perf_hooks';
import { holdShoppers, profileDir, rssPerConnectionKb, type HeldLoadOptions } from './held-load';
import type { LoadResult } from './load-client';
import { formatGc, type GcStats, type ServerStats } from './server-stats';
import { slope, summarise } from './stats';

/** The first minutes fill caches, the KB's lazy parts and the allocator's pools: not part of the trend. */
export const WARMUP_MINUTES = 2;
/**
 * Memory counts as flat when its fitted line rises by at most this share of its mean per minute (about 12%
 * an hour): a forced GC leaves some noise either way, while a leak of even a few bytes per message at 500
 * messages a second passes it. Per minute rather than over the span, so a short soak is held to the same rate.
 */
export const MEMORY_GROWTH_PER_MINUTE = 0.002;
/** A line through two points is a difference, not a trend. */
export const MIN_FITTED_MINUTES = 3;
/** p99 drifted when the fitted line rises by more than this share of its mean and by more than ... */
export const P99_DRIFT_TOLERANCE = 0.25;
/** ... this many ms: one slow minute on a shared machine moves a small p99 by more than a quarter. */
export const P99_DRIFT_FLOOR_MS = 5;

export interface SoakMinute {
  minute: number;
  rssMb: number;
  heapUsedMb: number;
  answered: number;
  answerP50Ms: number;
  answerP99Ms: number;
  sent: number;
  timeouts: number;
  errors: number;
  loopLagP99Ms: number;
  gc: GcStats;
  cpuCores: number;
  /** The load client's questions per 10 ms slot, p99 and max: arrivals bunching up would show here. */
  sendsPer10msP99: number;
  sendsPer10msMax: number;
}

export interface SoakVerdict {
  /** The minutes the trend is fitted over: those after the warm-up. */
  fittedMinutes: number[];
  rssKbPerMinute: number | null;
  heapKbPerMinute: number | null;
  p99MsPerMinute: number | null;
  /** null when fewer than MIN_FITTED_MINUTES were left after the warm-up to fit a line. */
  isMemoryFlat: boolean | null;
  hasP99Drifted: boolean | null;
  line: string;
}

export interface SoakResult {
  minutes: number;
  shoppers: number;
  connected: number;
  connectFailed: number;
  offeredPerSecond: number;
  rssIdleMb: number;
  rssHeldMb: number;
  rssPerConnectionKb: number;
  rows: SoakMinute[];
  /** Every ask of the soak, including the last answers that came in during the closing drain. */
  totals: { sent: number; timeouts: number; errors: number };
  verdict: SoakVerdict;
}

export interface SoakOptions extends Omit<HeldLoadOptions, 'cpuProfDir'> {
  minutes: number;
  /** Asks per shopper per second. */
  rate: number;
  cpuProf: boolean;
  /** Called with each printed line as it comes, so a long soak shows progress. */
  onLine: (line: string) => void;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (x: number | null, places: number) => (x === null ? null : Math.round(x * 10 ** places) / 10 ** places);

const mean = (points: Array<{ y: number }>) => points.reduce((s, p) => s + p.y, 0) / points.length;

/** Whether a line of slope `perX` rises across the points' span by more than `share` of their mean, and more than `floor`. */
function risesOverSpan(points: Array<{ x: number; y: number }>, perX: number, share: number, floor: number): boolean {
  const rise = perX * (points[points.length - 1]!.x - points[0]!.x);
  return rise > share * mean(points) && rise > floor;
}

/** The trend of the minutes after the warm-up: memory growth per minute and p99 drift, with a one-line verdict. */
export function soakVerdict(rows: SoakMinute[], warmupMinutes = WARMUP_MINUTES): SoakVerdict {
  const fitted = rows.filter((r) => r.minute > warmupMinutes);
  const points = (y: (r: SoakMinute) => number) => fitted.filter((r) => Number.isFinite(y(r))).map((r) => ({ x: r.minute, y: y(r) }));
  const rss = points((r) => r.rssMb * 1024);
  const heap = points((r) => r.heapUsedMb * 1024);
  const p99 = points((r) => r.answerP99Ms);
  const trend = (points: Array<{ x: number; y: number }>) => (points.length >= MIN_FITTED_MINUTES ? slope(points) : null);
  const rssSlope = trend(rss);
  const heapSlope = trend(heap);
  const p99Slope = trend(p99);
  const isMemoryFlat =
    rssSlope === null || heapSlope === null ? null : rssSlope <= MEMORY_GROWTH_PER_MINUTE * mean(rss) && heapSlope <= MEMORY_GROWTH_PER_MINUTE * mean(heap);
  const hasP99Drifted = p99Slope === null ? null : risesOverSpan(p99, p99Slope, P99_DRIFT_TOLERANCE, P99_DRIFT_FLOOR_MS);
  const signed = (x: number | null, unit: string) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${Math.round(x * 10) / 10} ${unit}`);
  const line =
    isMemoryFlat === null
      ? `soak verdict: too short for a trend (needs at least ${MIN_FITTED_MINUTES} minutes after the ${warmupMinutes}-minute warm-up)`
      : `soak verdict (minutes ${fitted[0]!.minute}-${fitted[fitted.length - 1]!.minute}): ` +
        `RSS ${signed(rssSlope, 'KB/min')}, heap after GC ${signed(heapSlope, 'KB/min')}: ` +
        `${isMemoryFlat ? 'no growth' : 'GROWS'} (tolerance ${MEMORY_GROWTH_PER_MINUTE * 100}% of the mean per minute); ` +
        `answer p99 ${signed(p99Slope, 'ms/min')}: ${hasP99Drifted ? 'DRIFTED' : 'no drift'}`;
  return {
    fittedMinutes: fitted.map((r) => r.minute),
    rssKbPerMinute: round(rssSlope, 1),
    heapKbPerMinute: round(heapSlope, 1),
    p99MsPerMinute: round(p99Slope, 2),
    isMemoryFlat,
    hasP99Drifted,
    line,
  };
}

function minuteRow(minute: number, window: LoadResult, server: ServerStats): SoakMinute {
  const answers = summarise(window.botAnswerMs);
  return {
    minute,
    rssMb: mb(server.rssBytes),
    heapUsedMb: mb(server.heapUsedBytes),
    answered: answers.n,
    answerP50Ms: answers.p50,
    answerP99Ms: answers.p99,
    sent: window.sent,
    timeouts: window.timeouts,
    errors: window.errors,
    loopLagP99Ms: server.loopLagP99Ms,
    gc: server.gc,
    cpuCores: server.cpuCores,
    sendsPer10msP99: window.sendsPer10ms.p99,
    sendsPer10msMax: window.sendsPer10ms.max,
  };
}

const HEADER = ['| minute | RSS MB | heap after GC MB | answered | answer p50 / p99 ms | errors / timeouts | loop lag p99 | GC max / share | CPU cores | asks per 10 ms p99 / max |', '|---|---|---|---|---|---|---|---|---|---|'];
const formatRow = (r: SoakMinute) =>
  `| ${r.minute} | ${r.rssMb} | ${r.heapUsedMb} | ${r.answered} | ${r.answerP50Ms} / ${r.answerP99Ms} | ${r.errors} / ${r.timeouts} | ${r.loopLagP99Ms} ms | ${formatGc(r.gc)} | ${r.cpuCores} | ${r.sendsPer10msP99} / ${r.sendsPer10msMax} |`;

/** Runs the soak: one phase of `minutes` on the held shoppers, sampled at the end of every minute. */
export async function measureSoak(options: SoakOptions): Promise<SoakResult> {
  const held = await holdShoppers({ ...options, cpuProfDir: options.cpuProf ? profileDir(options.root, 'soak') : null });
  try {
    const perConnection = rssPerConnectionKb(held.idle, held.held, held.connected);
    options.onLine(
      `Parley soak · ${held.connected} shoppers held (${held.connectFailed} failed), ${perConnection} KB RSS each · ` +
        `1 ask per ${(1 / options.rate).toFixed(0)} s each for ${options.minutes} min`,
    );
    HEADER.forEach(options.onLine);
    // Opens the first minute's CPU and event-loop window.
    await held.stats(false);
    const start = performance.now();
    const done = held.phase(1000 / options.rate, options.minutes * 60_000);
    // Awaited after the last minute; until then a failure must not count as unhandled.
    done.catch(() => undefined);
    const rows: SoakMinute[] = [];
    for (let minute = 1; minute <= options.minutes; minute++) {
      await new Promise((r) => setTimeout(r, Math.max(0, start + minute * 60_000 - performance.now())));
      // The forced GC pauses the server once a minute; that pause is in the next minute's p99, as small as a GC of the live heap.
      const [window, server] = await Promise.all([held.sample(), held.stats(true)]);
      const row = minuteRow(minute, window, server);
      rows.push(row);
      options.onLine(formatRow(row));
    }
    const tail = await done;
    const verdict = soakVerdict(rows);
    options.onLine(verdict.line);
    const total = (k: 'sent' | 'timeouts' | 'errors') => rows.reduce((n, r) => n + r[k], tail[k]);
    return {
      minutes: options.minutes,
      shoppers: options.shoppers,
      connected: held.connected,
      connectFailed: held.connectFailed,
      offeredPerSecond: Math.round(held.connected * options.rate),
      rssIdleMb: mb(held.idle.rssBytes),
      rssHeldMb: mb(held.held.rssBytes),
      rssPerConnectionKb: perConnection,
      rows,
      totals: { sent: total('sent'), timeouts: total('timeouts'), errors: total('errors') },
      verdict,
    };
  } finally {
    await held.stop();
  }
}
