/**
 * Per-site targets: what an admin saved for the site, else what was saved for every site ('*'), else the
 * service standard's defaults.
 */
import { DEFAULT_METRICS_TARGETS, type MetricsTargets, type MetricsTargetsResponse } from '../../shared/metrics';
import type { Store } from '../store/store';

/** The key of the targets every site without its own uses. */
export const ALL_SITES = '*';

export interface Targets {
  get(siteId: string | null): Promise<MetricsTargetsResponse>;
  /** Saves the change on top of the site's current targets; returns the result. */
  update(siteId: string | null, change: Partial<MetricsTargets>, by: string): Promise<MetricsTargetsResponse>;
}

export function createTargets(deps: { store: Store; now: () => number }): Targets {
  const { store, now } = deps;
  const get = async (siteId: string | null): Promise<MetricsTargetsResponse> => {
    const key = siteId ?? ALL_SITES;
    const own = await store.metrics.getTargets(key);
    const inherited = own ?? (key === ALL_SITES ? null : await store.metrics.getTargets(ALL_SITES));
    return { siteId: key, targets: inherited ?? { ...DEFAULT_METRICS_TARGETS }, defaults: { ...DEFAULT_METRICS_TARGETS }, isDefault: own === null };
  };
  return {
    get,
    async update(siteId, change, by) {
      const current = await get(siteId);
      await store.metrics.saveTargets(current.siteId, { ...current.targets, ...change }, by, now());
      return get(siteId);
    },
  };
}
