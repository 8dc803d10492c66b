/** Percentiles over a list of samples (ms). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(samples: number[]): Summary {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(samples.reduce((m, x) => Math.max(m, x), -Infinity)),
  };
}

/**
 * The least-squares slope of y over x (units of y per unit of x), or null with fewer than two distinct x:
 * a fitted line, so one noisy sample at either end does not decide a trend the way first-to-last would.
 */
export function slope(points: Array<{ x: number; y: number }>): number | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    variance += (p.x - meanX) ** 2;
  }
  return variance === 0 ? null : covariance / variance;
}

/** Sends per 10 ms slot over a window of `elapsedMs` (slot index → count), the empty slots included. */
export function bunching(slots: Map<number, number>, elapsedMs: number): { mean: number; p99: number; max: number } {
  const n = Math.max(1, Math.ceil(elapsedMs / 10));
  const counts = [...slots.values()].sort((a, b) => a - b);
  const total = counts.reduce((a, b) => a + b, 0);
  // The empty slots are the lowest counts: rank p99 among all n slots.
  const rank = Math.ceil(0.99 * n) - (n - counts.length);
  return { mean: Math.round((total / n) * 100) / 100, p99: rank <= 0 ? 0 : counts[rank - 1]!, max: counts.at(-1) ?? 0 };
}
