/** What a bench server child reports about itself for one measuring window. */
import { performance, type EventLoopUtilization, type monitorEventLoopDelay } from 'node:perf_hooks';

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
  windowMs: number;
}

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
  { gc = false, eluStart }: { gc?: boolean; eluStart?: EventLoopUtilization } = {},
): ServerStats {
  const used = process.cpuUsage(cpuStart);
  const loopBusy = eluStart ? performance.eventLoopUtilization(eluStart).utilization : 0;
  const wallMs = Math.max(1, performance.now() - since);
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  return {
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    loopLagP50Ms: lag.count ? ms(lag.percentile(50)) : 0,
    loopLagP99Ms: lag.count ? ms(lag.percentile(99)) : 0,
    loopLagMaxMs: lag.count ? ms(lag.max) : 0,
    cpuCores: Math.round(((used.user + used.system) / 1000 / wallMs) * 1000) / 1000,
    loopBusy: Math.round(loopBusy * 1000) / 1000,
    windowMs: Math.round(wallMs),
  };
}
