import { bunching, slope } from '../../../scripts/bench/stats';
import { soakVerdict, type SoakMinute } from '../../../scripts/bench/soak';
import { highestPassing, intervalMsFor, stepVerdict, type StepFigures } from '../../../scripts/bench/max-rate';

const minute = (m: number, rssMb: number, heapUsedMb: number, answerP99Ms = 40): SoakMinute => ({
  minute: m, rssMb, heapUsedMb, answered: 30_000, answerP50Ms: 8, answerP99Ms, sent: 30_000, timeouts: 0, errors: 0, loopLagP99Ms: 20, gc: { share: 0.01, maxMs: 3, over10Ms: 0, major: 0 }, cpuCores: 0.8, sendsPer10msP99: 3, sendsPer10msMax: 6,
});

describe('slope', () => {
  it('is the least-squares slope, so one outlier at the end does not decide it', () => {
    expect(slope([{ x: 1, y: 2 }, { x: 2, y: 4 }, { x: 3, y: 6 }])).toBeCloseTo(2);
    // First to last would say +5 per step; the fitted line says much less.
    expect(slope([{ x: 1, y: 100 }, { x: 2, y: 100 }, { x: 3, y: 100 }, { x: 4, y: 100 }, { x: 5, y: 120 }])).toBeCloseTo(4);
  });

  it('has no answer without two distinct x', () => {
    expect(slope([])).toBeNull();
    expect(slope([{ x: 3, y: 1 }])).toBeNull();
    expect(slope([{ x: 3, y: 1 }, { x: 3, y: 5 }])).toBeNull();
  });
});

describe('soakVerdict', () => {
  it('fits only the minutes after the warm-up, so the warm-up climb is not growth', () => {
    const rows = [minute(1, 100, 40), minute(2, 140, 55), ...[3, 4, 5, 6, 7, 8, 9, 10].map((m) => minute(m, 150 + (m % 2) * 0.5, 60))];
    const verdict = soakVerdict(rows);
    expect(verdict.fittedMinutes).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(verdict.isMemoryFlat).toBe(true);
    expect(Math.abs(verdict.heapKbPerMinute!)).toBeLessThan(1);
    expect(verdict.hasP99Drifted).toBe(false);
    expect(verdict.line).toContain('no growth');
  });

  it('calls a steady rise of the heap after GC growth, even when RSS holds', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => minute(m, 150, 60 + m));
    const verdict = soakVerdict(rows);
    expect(verdict.heapKbPerMinute).toBeCloseTo(1024);
    expect(verdict.isMemoryFlat).toBe(false);
    expect(verdict.line).toContain('GROWS');
  });

  it('holds a short soak to the same growth per minute as a long one', () => {
    // 600 KB a minute on a 67 MB heap: under 3% over the three fitted minutes, but 0.8 GB a day.
    const rows = [1, 2, 3, 4, 5].map((m) => minute(m, 272, 66 + 0.6 * m));
    expect(soakVerdict(rows).isMemoryFlat).toBe(false);
  });

  it('says p99 drifted when it climbs well past its mean, not when it wobbles by a few ms', () => {
    const climbing = [1, 2, 3, 4, 5, 6].map((m) => minute(m, 150, 60, 40 + 15 * m));
    expect(soakVerdict(climbing).hasP99Drifted).toBe(true);
    const wobbling = [1, 2, 3, 4, 5, 6].map((m) => minute(m, 150, 60, 4 + (m % 3)));
    expect(soakVerdict(wobbling).hasP99Drifted).toBe(false);
  });

  it('gives no verdict when fewer than three minutes follow the warm-up: two points make a difference, not a trend', () => {
    const verdict = soakVerdict([minute(1, 100, 40), minute(2, 120, 50), minute(3, 121, 50), minute(4, 140, 70)]);
    expect(verdict.isMemoryFlat).toBeNull();
    expect(verdict.hasP99Drifted).toBeNull();
    expect(verdict.line).toContain('too short');
  });
});

describe('max-rate steps', () => {
  const step = (over: Partial<StepFigures> = {}): StepFigures => ({
    ratePerSecond: 1000, achievedPerSecond: 998, answered: 19_000, answerP99Ms: 60, timeouts: 0, errors: 0, ...over,
  });

  it('spreads a total rate over the held shoppers', () => {
    expect(intervalMsFor(2000, 500)).toBe(4000);
    expect(intervalMsFor(2000, 3000)).toBeCloseTo(666.67, 1);
  });

  it('passes a step within the p99 bound with no timeouts or refusals at the rate offered', () => {
    expect(stepVerdict(step())).toEqual({ passed: true, reason: null });
    expect(stepVerdict(step({ answerP99Ms: 100 })).passed).toBe(true);
  });

  it('fails a step over the bound, with timeouts, with refusals, without answers, or that was not really offered', () => {
    expect(stepVerdict(step({ answerP99Ms: 100.5 }))).toEqual({ passed: false, reason: 'p99 100.5 ms > 100 ms' });
    expect(stepVerdict(step({ timeouts: 1 })).reason).toBe('1 timeouts');
    expect(stepVerdict(step({ errors: 3 })).reason).toBe('3 asks refused');
    expect(stepVerdict(step({ answered: 0, answerP99Ms: NaN })).reason).toBe('no answers');
    expect(stepVerdict(step({ achievedPerSecond: 850 })).reason).toBe('only 850 msg/s offered');
  });

  it('names every miss of a failed step', () => {
    expect(stepVerdict(step({ answerP99Ms: 1470, timeouts: 3, achievedPerSecond: 872 })).reason).toBe('p99 1470 ms > 100 ms, 3 timeouts, only 872 msg/s offered');
  });

  it('reports the highest rate passed before the first failure, or none', () => {
    expect(highestPassing([{ ratePerSecond: 250, passed: true }, { ratePerSecond: 500, passed: true }, { ratePerSecond: 750, passed: false }])).toBe(500);
    expect(highestPassing([{ ratePerSecond: 250, passed: false }])).toBeNull();
    expect(highestPassing([])).toBeNull();
  });
});

describe('bunching', () => {
  it('counts the empty slots, so an even load has a small p99 and a bunched one a large one', () => {
    // 1,000 slots (10 s): one send in each of them, against all 1,000 sends in 20 slots (2% of them).
    const even = new Map(Array.from({ length: 1000 }, (_, i) => [i, 1] as [number, number]));
    const bunched = new Map(Array.from({ length: 20 }, (_, i) => [i * 50, 50] as [number, number]));
    expect(bunching(even, 10_000)).toEqual({ mean: 1, p99: 1, max: 1 });
    expect(bunching(bunched, 10_000)).toEqual({ mean: 1, p99: 50, max: 50 });
  });

  it('is zero for a window with no sends', () => {
    expect(bunching(new Map(), 5_000)).toEqual({ mean: 0, p99: 0, max: 0 });
  });
});
