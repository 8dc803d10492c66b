/** coalesce(): at most one run per interval, the first at once, nothing lost, nothing after stop. */
import { coalesce } from '../../../server/realtime/coalesce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('requests in one turn share one run on the next turn', async () => {
  let runs = 0;
  const c = coalesce(100, () => runs++);
  c.schedule();
  c.schedule();
  c.schedule();
  expect(runs).toBe(0);
  await new Promise((r) => setImmediate(r));
  expect(runs).toBe(1);
  c.stop();
});

test('requests within the interval after a run share one run at its end', async () => {
  const at: number[] = [];
  const start = performance.now();
  const c = coalesce(100, () => at.push(performance.now() - start));
  c.schedule();
  await sleep(10);
  c.schedule();
  await sleep(20);
  c.schedule();
  await sleep(150);
  expect(at).toHaveLength(2);
  expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(95);
  // Quiet for longer than the interval since the last run: the next one goes out at once again.
  await sleep(120);
  c.schedule();
  await new Promise((r) => setImmediate(r));
  expect(at).toHaveLength(3);
  c.stop();
});

test('stop cancels the pending run and ignores later requests', async () => {
  let runs = 0;
  const c = coalesce(50, () => runs++);
  c.schedule();
  c.stop();
  c.schedule();
  await sleep(80);
  expect(runs).toBe(0);
});
