/**
 * A set that remembers only its newest `capacity` entries: for "seen recently" checks in a long-running
 * process, which must not grow with every message ever handled.
 */
export interface RecentSet {
  add(value: string): void;
  has(value: string): boolean;
  readonly size: number;
}

export function createRecentSet(capacity: number): RecentSet {
  // A Set iterates in insertion order: its first entries are the oldest.
  const values = new Set<string>();
  return {
    add(value) {
      values.delete(value);
      values.add(value);
      if (values.size <= capacity) return;
      for (const oldest of values) {
        values.delete(oldest);
        if (values.size <= capacity) break;
      }
    },
    has: (value) => values.has(value),
    get size() {
      return values.size;
    },
  };
}
