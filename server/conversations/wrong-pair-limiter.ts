/**
 * Counts order/e-mail pairs that matched no order, per visitor and per conversation, so a shopper cannot walk
 * through order numbers. The counts live in rate-limiter-flexible (security/create-limiter.ts): in memory on
 * one instance, in Redis when scaled out, so a prober spread over instances shares one budget.
 */
import type { LimiterFactory } from '../security/create-limiter';

export interface WrongPairLimiter {
  /** Any of `keys` reached the limit in the window. */
  isLimited(keys: readonly string[]): Promise<boolean>;
  /** One wrong pair for each of `keys`; true when that brought any of them to the limit. */
  record(keys: readonly string[]): Promise<boolean>;
}

export function createWrongPairLimiter(limiters: LimiterFactory, opts: { max?: number; windowSeconds?: number } = {}): WrongPairLimiter {
  const max = opts.max ?? 5;
  const limiter = limiters({ keyPrefix: 'wrong-pair', points: max, duration: opts.windowSeconds ?? 15 * 60 });
  return {
    async isLimited(keys) {
      const counts = await Promise.all(keys.map((key) => limiter.get(key)));
      return counts.some((res) => res !== null && res.consumedPoints >= max);
    },
    async record(keys) {
      // penalty() counts without refusing: the refusal is ours to word, in the shopper's language.
      const counts = await Promise.all(keys.map((key) => limiter.penalty(key, 1)));
      return counts.some((res) => res.consumedPoints >= max);
    },
  };
}
