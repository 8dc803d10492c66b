/** What a bench server child reports about itself for one measuring window. */
import { constants, performance, PerformanceObserver, type EventLoopUtilization, type monitorEventLoopDelay } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;

export interface ServerStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay over the window, ms (the histogram's own percentiles). */
  loopLagP50Ms: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** CPU time over wall time of the window, every thread of the process: 1 = one core busy. */
  cpuCores: number;
  /**
   * Event-loop utilisation over the window (main thread only, 0-1): what shoppers queue behind. Differs
   * from cpuCores once work runs on worker threads (the SQLite store).
   */
  loopBusy: number;
  /**
   * Garbage-collection pauses in the window (the main thread's, as perf_hooks reports them): a pause stops the
   * event loop, so a long one lands in the loop-lag and answer tails.
   */
  gc: GcStats;
  /** SQLite statements the server ran in the window (a server without SQLite, the echo floor: absent). */
  sql?: SqlCounts;
  windowMs: number;
}

export interface SqlCounts {
  /** Statements that read or write rows: transaction control (BEGIN, COMMIT, savepoints) is not counted. */
  statements: number;
  /** COMMITs: under load each is a write of every page it changed into the WAL, so fewer is cheaper. */
  commits: number;
}

/** Per message sent, to two decimals. */
export const sqlPerMessage = (sql: SqlCounts, sent: number): SqlCounts => ({
  statements: Math.round((sql.statements / Math.max(1, sent)) * 100) / 100,
  commits: Math.round((sql.commits / Math.max(1, sent)) * 100) / 100,
});

/** Transaction control, as better-sqlite3 runs it for `exec` and `db.transaction` (a savepoint when nested). */
const CONTROL = /^\s*(?:BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const COMMIT = /^\s*(?:COMMIT|END)\b/i;

/**
 * Counts the statements a SQLite connection runs, from the store's `onStatement` hook (better-sqlite3's
 * `verbose`), per window: a figure per message that, unlike latency, the machine's other load hardly moves.
 */
export function countStatements(): { onStatement(sql: string): void; take(): SqlCounts } {
  let counts: SqlCounts = { statements: 0, commits: 0 };
  return {
    // `test`, not `exec`: no match array per statement, which the bench's allocation figure would count.
    onStatement(sql) {
      if (!CONTROL.test(sql)) counts.statements++;
      else if (COMMIT.test(sql)) counts.commits++;
    },
    take() {
      const taken = counts;
      counts = { statements: 0, commits: 0 };
      return taken;
    },
  };
}

export interface GcStats {
  /** Share of the window's wall time spent in GC pauses, 0-1. */
  share: number;
  /** The longest pause, ms. */
  maxMs: number;
  /** Pauses of 10 ms or more. */
  over10Ms: number;
  /** Full (mark-compact) collections. */
  major: number;
}

/**
 * Counts GC pauses per window. A collection the bench forces before reading memory is left out (`forced`):
 * it is the bench's, not the server's.
 */
export function monitorGc(): { take(windowMs: number): GcStats; forced(fn: () => void): void; stop(): void } {
  let pauses: number[] = [];
  let majors = 0;
  const ignored: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (ignored.some(([from, to]) => entry.startTime >= from && entry.startTime <= to)) continue;
      pauses.push(entry.duration);
      const kind = ((entry as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    take(windowMs) {
      const total = pauses.reduce((a, b) => a + b, 0);
      const stats: GcStats = {
        share: Math.round((total / Math.max(1, windowMs)) * 1000) / 1000,
        maxMs: ms(Math.max(0, ...pauses) * 1e6),
        over10Ms: pauses.filter((d) => d >= 10).length,
        major: majors,
      };
      pauses = [];
      majors = 0;
      return stats;
    },
    forced(fn) {
      const from = performance.now();
      fn();
      ignored.push([from, performance.now()]);
      if (ignored.length > 16) ignored.shift();
    },
    stop: () => observer.disconnect(),
  };
}

/** "max ms / share %" for a table cell. */
export const formatGc = (g: GcStats) => `${g.maxMs} ms / ${(g.share * 100).toFixed(1)} %`;

const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;

/** What the bench sends to ask for a window's figures. */
export interface StatsRequest {
  type: 'stats';
  /**
   * Collect garbage before reading memory (the child runs with --expose-gc): heap used is then what is
   * still reachable, the figure a leak shows in. Off where the pause would land in a measured step.
   */
  gc?: boolean;
}

/** The window's figures; CPU is read before the requested collection so its pause is not counted here. */
export function serverStats(
  lag: IntervalHistogram,
  cpuStart: NodeJS.CpuUsage,
  since: number,
  { gc = false, eluStart, gcMonitor, sql }: { gc?: boolean; eluStart?: EventLoopUtilization; gcMonitor?: ReturnType<typeof monitorGc>; sql?: ReturnType<typeof countStatements> } = {},
): ServerStats {
  const used = process.cpuUsage(cpuStart);
  const loopBusy = eluStart ? performance.eventLoopUtilization(eluStart).utilization : 0;
  const wallMs = Math.max(1, performance.now() - since);
  // Taken before the forced collection: the window's pauses are the server's own.
  const gcStats = gcMonitor?.take(wallMs) ?? { share: 0, maxMs: 0, over10Ms: 0, major: 0 };
  const collect = () => (globalThis as { gc?: () => void }).gc?.();
  if (gc) (gcMonitor ? gcMonitor.forced(collect) : collect());
  const mem = process.memoryUsage();
  return {
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    loopLagP50Ms: lag.count ? ms(lag.percentile(50)) : 0,
    loopLagP99Ms: lag.count ? ms(lag.percentile(99)) : 0,
    loopLagMaxMs: lag.count ? ms(lag.max) : 0,
    cpuCores: Math.round(((used.user + used.system) / 1000 / wallMs) * 1000) / 1000,
    loopBusy: Math.round(loopBusy * 1000) / 1000,
    gc: gcStats,
    ...(sql ? { sql: sql.take() } : {}),
    windowMs: Math.round(wallMs),
  };
}
