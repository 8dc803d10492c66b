/**
 * Rate limiters (rate-limiter-flexible): in memory by default, in Redis when several instances must share
 * the counts (REDIS_URL). The library expires each key with its window, so nothing grows without bound.
 */
import { createClient } from 'redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Distinguishes this limiter's keys from other limiters' in a shared Redis. */
  keyPrefix: string;
  /** Attempts allowed per window. */
  points: number;
  /** Window length, seconds. */
  duration: number;
}

/** Builds one limiter per use; created once per app so every limiter shares the same backend. */
export type LimiterFactory = (opts: LimiterOptions) => RateLimiterAbstract;

/** In-process counters: right for one instance (and tests). */
export function memoryLimiters(): LimiterFactory {
  return (opts) => new RateLimiterMemory(opts);
}

/**
 * Counters in Redis (a node-redis v4+ client), shared by every instance. If Redis is unreachable the
 * in-memory insurance limiter keeps limiting on this instance rather than letting everything through.
 */
export function redisLimiters(client: unknown): LimiterFactory {
  return (opts) =>
    new RateLimiterRedis({
      ...opts,
      storeClient: client,
      useRedisPackage: true,
      keyPrefix: `parley:${opts.keyPrefix}`,
      insuranceLimiter: new RateLimiterMemory(opts),
    });
}

export interface Refusal {
  /** Seconds until the caller may try again (≥ 1). */
  retryAfterSeconds: number;
}

/**
 * Takes one point from `limiter` for `key`; null when allowed, the wait when refused. Errors other than a
 * refusal (Redis down without insurance) are rethrown: they are ours, not the caller's.
 */
export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<Refusal | null> {
  try {
    await limiter.consume(key, points);
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return { retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw err;
  }
}

/** Connects a Redis client for the limiters (REDIS_URL); returns the factory and a closer. */
export async function connectRedisLimiters(url: string): Promise<{ limiters: LimiterFactory; close: () => Promise<void> }> {
  const client = createClient({ url });
  await client.connect();
  return { limiters: redisLimiters(client), close: async () => void (await client.quit()) };
}
