/**
 * Runs a broadcast at most once per interval however often it is asked for. The first request after a quiet
 * spell goes out on the next turn (requests made in the same turn share it); requests within the interval
 * after a run share one run at its end. The task reads the current state when it runs, so changes are
 * merged, never lost.
 */
export interface Coalesced {
  schedule(): void;
  /** Cancels a pending run; later requests are ignored. */
  stop(): void;
}

export function coalesce(intervalMs: number, task: () => void, now: () => number = () => performance.now()): Coalesced {
  let isPending = false;
  let isStopped = false;
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let lastRunAt = -Infinity;

  const run = () => {
    isPending = false;
    timer = null;
    immediate = null;
    if (isStopped) return;
    lastRunAt = now();
    task();
  };

  return {
    schedule() {
      if (isPending || isStopped) return;
      isPending = true;
      const wait = lastRunAt + intervalMs - now();
      if (wait <= 0) immediate = setImmediate(run);
      else timer = setTimeout(run, wait);
    },
    stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
