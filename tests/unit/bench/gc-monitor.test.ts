/**
 * The bench's GC figures (scripts/bench/server-stats.ts): the server's own pauses are counted, the collection
 * the bench forces before reading memory is not (it would show as a full collection in every soak minute).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { monitorGc } from '../../../scripts/bench/server-stats';

v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc') as () => void;
// Observer entries are delivered after the pause, on a later turn.
const delivered = () => new Promise((resolve) => setTimeout(resolve, 50));

test('a full collection of the server is counted; one the bench forces is left out', async () => {
  const monitor = monitorGc();
  try {
    fullGc();
    await delivered();
    const own = monitor.take(1000);
    expect(own.major).toBeGreaterThanOrEqual(1);
    expect(own.maxMs).toBeGreaterThan(0);
    expect(own.share).toBeGreaterThan(0);

    monitor.take(1000);
    monitor.forced(fullGc);
    await delivered();
    expect(monitor.take(1000).major).toBe(0);
  } finally {
    monitor.stop();
  }
});
