/**
 * Calibration report: a reliability table (confidence bins against how often the top intent was
 * right) and the expected calibration error, the bins' size-weighted mean |accuracy − confidence|.
 */

export interface Judged {
  confidence: number;
  isRight: boolean;
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

const BINS = 10;

/** Ten equal-width bins over [0, 1]; empty bins are left out. */
export function reliability(items: readonly Judged[]): { bins: ReliabilityBin[]; ece: number } {
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < BINS; b++) {
    const bin = items.filter((p) => Math.min(BINS - 1, Math.floor(p.confidence * BINS)) === b);
    if (bin.length === 0) continue;
    const accuracy = bin.filter((p) => p.isRight).length / bin.length;
    const meanConfidence = bin.reduce((sum, p) => sum + p.confidence, 0) / bin.length;
    ece += (bin.length / items.length) * Math.abs(accuracy - meanConfidence);
    bins.push({ from: b / BINS, to: (b + 1) / BINS, count: bin.length, meanConfidence, accuracy });
  }
  return { bins, ece };
}

/** The table as text lines. */
export function formatReliability(bins: readonly ReliabilityBin[]): string[] {
  return [
    '  confidence   items  mean conf  right',
    ...bins.map(
      (b) =>
        `  ${b.from.toFixed(1)}–${b.to.toFixed(1)}  ${String(b.count).padStart(7)}  ${b.meanConfidence.toFixed(3).padStart(9)}  ${b.accuracy.toFixed(3).padStart(5)}`,
    ),
  ];
}
