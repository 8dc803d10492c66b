/**
 * Bytes the process allocates over a window, from V8's sampling heap profiler driven through the in-process
 * inspector. Not Node's `--heap-prof`: on Node 20 that profile keeps only the sampled objects still alive when
 * the process exits, so a scavenged message's garbage (what GC time is made of) never shows in it. Here the
 * sampler is told to keep objects the minor and major GCs collected too, and it covers just the window asked
 * for (the message phase), not the server's start-up.
 *
 * The total is an estimate: V8 samples about one allocation per `intervalBytes` and scales each sample up
 * to the bytes it stands for, so a window of N intervals is within roughly 1/sqrt(N) of the truth.
 */
import { Session } from 'node:inspector';

export interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  /** Bytes allocated by this frame itself (the sampler's scaled estimate). */
  selfSize: number;
  id: number;
  children: HeapProfileNode[];
}

/** The `.heapprofile` format (Chrome DevTools' "allocation sampling"). */
export interface HeapProfile {
  head: HeapProfileNode;
  samples: { size: number; nodeId: number; ordinal: number }[];
}

/** Sum of every node's self bytes: all the window allocated, as the sampler estimates it. */
export function totalBytes(profile: HeapProfile): number {
  let total = 0;
  const stack = [profile.head];
  while (stack.length) {
    const node = stack.pop()!;
    total += node.selfSize;
    stack.push(...node.children);
  }
  return total;
}

export interface AllocSampler {
  /** Stops sampling and hands back the window's profile. */
  stop(): Promise<HeapProfile>;
}

/** Starts sampling now; one sampler at a time per process (V8 has one sampling heap profiler). */
export async function startAllocSampler(intervalBytes: number): Promise<AllocSampler> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: intervalBytes, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
  return {
    async stop() {
      try {
        return (await post<{ profile: HeapProfile }>('HeapProfiler.stopSampling')).profile;
      } finally {
        session.disconnect();
      }
    },
  };
}

/** What the bench sends a server child: start sampling, or stop and answer `alloc` (writing `file` if set). */
export type AllocRequest = { type: 'alloc-start'; intervalBytes: number } | { type: 'alloc-stop'; file: string | null };
