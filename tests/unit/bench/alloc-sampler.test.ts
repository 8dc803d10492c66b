/**
 * The bench's bytes-per-message figure (scripts/bench/alloc-sampler.ts): garbage a window allocated counts
 * even after the young-generation GC has collected it, which is the whole point of the figure (Node's own
 * `--heap-prof` would report almost nothing for the same loop).
 */
import { startAllocSampler, totalBytes } from '../../../scripts/bench/alloc-sampler';

/** Short-lived arrays of known size: each 4,096-element array of small integers is at least 32 KB. */
function churn(arrays: number): number {
  let sum = 0;
  for (let i = 0; i < arrays; i++) {
    const a = new Array<number>(4096).fill(i);
    sum += a[i % 4096]!;
  }
  return sum;
}

test('allocations the GC already collected are counted, scaled to bytes', async () => {
  const sampler = await startAllocSampler(16 * 1024);
  // 2,000 × ≥ 32 KB = ≥ 62.5 MB, far beyond the young generation: most of it is collected before stop.
  churn(2000);
  const profile = await sampler.stop();
  const mb = totalBytes(profile) / 2 ** 20;
  expect(mb).toBeGreaterThan(55);
  // An upper bound too: the sampler does not count one allocation many times over.
  expect(mb).toBeLessThan(200);
});

test('a window with no work to speak of reports little', async () => {
  const sampler = await startAllocSampler(16 * 1024);
  const profile = await sampler.stop();
  expect(totalBytes(profile)).toBeLessThan(4 * 2 ** 20);
});
