/**
 * Counts order/e-mail pairs that matched no order, per visitor and per conversation, in a sliding window,
 * so a shopper cannot walk through order numbers. In memory, per instance: a determined prober spread over
 * instances gets at most max × instances tries per window, which still rules out enumeration.
 */
export interface WrongPairLimiter {
  /** Any of `keys` reached the limit in the window. */
  isLimited(keys: readonly string[]): boolean;
  /** One wrong pair for each of `keys`. */
  record(keys: readonly string[]): void;
}

export function createWrongPairLimiter(opts: { max?: number; windowMs?: number; now?: () => number } = {}): WrongPairLimiter {
  const max = opts.max ?? 5;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const now = opts.now ?? Date.now;
  const hits = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const since = now() - windowMs;
    const kept = (hits.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) hits.delete(key);
    else hits.set(key, kept);
    return kept;
  };

  return {
    isLimited: (keys) => keys.some((key) => recent(key).length >= max),
    record(keys) {
      for (const key of keys) hits.set(key, [...recent(key), now()]);
      // Keep memory bounded: forget keys whose window has passed.
      if (hits.size > 10_000) for (const key of [...hits.keys()]) recent(key);
    },
  };
}
