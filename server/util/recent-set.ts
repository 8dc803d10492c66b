/**
 * A set that remembers only the values of its newest `capacity` adds: for "seen recently" checks in a long-running
 * process, which must not grow with every message ever handled.
 *
 * Why a ring rather than a Set evicted from its front: a Set keeps deleted entries as holes until it is
 * rehashed, and iterating to its oldest live entry skips them all, so at capacity every add walked thousands
 * of holes (the bot's 20,000 taken messages cost 0.5 s of event loop a minute in the 2,000-shopper soak).
 */
export interface RecentSet {
  add(value: string): void;
  has(value: string): boolean;
  readonly size: number;
}

export function createRecentSet(capacity: number): RecentSet {
  // value → the number of the add that last put it in; the ring holds the last `capacity` adds in order.
  const latest = new Map<string, number>();
  const ring: (string | undefined)[] = new Array<string | undefined>(capacity);
  let adds = 0;
  return {
    add(value) {
      const slot = adds % capacity;
      const evicted = ring[slot];
      // Added again since that add: it is newer than the slot being reused, so it stays.
      if (evicted !== undefined && latest.get(evicted) === adds - capacity) latest.delete(evicted);
      ring[slot] = value;
      latest.set(value, adds);
      adds++;
    },
    has: (value) => latest.has(value),
    get size() {
      return latest.size;
    },
  };
}
