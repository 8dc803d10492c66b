/**
 * The metrics report: the period's figures from the store, the previous period of the same length for the
 * cards' change, the site's targets and how each is met. An agent sees only their own figures.
 */
import { checkTargets, type MetricsQuery, type MetricsReport } from '../../shared/metrics';
import type { Agent } from '../../shared/model';
import type { MetricsComputed } from '../../shared/metrics';
import type { Store } from '../store/store';
import type { Targets } from './targets';

const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_MS = 7 * DAY_MS;

export interface MetricsRequest {
  from?: number;
  to?: number;
  siteId?: string;
  department?: string;
  agent?: string;
  channel?: MetricsQuery['channel'];
  utcOffsetMinutes: number;
}

export interface MetricsService {
  report(request: MetricsRequest, viewer: Agent): Promise<MetricsReport>;
  /** The headline figures of [from, to) for every site (drift checks, reports). */
  figures(query: Omit<MetricsQuery, 'utcOffsetMinutes'> & { utcOffsetMinutes?: number }): Promise<MetricsComputed>;
}

/** The query a request resolves to: the period defaulted, an agent narrowed to themselves. */
export function resolveQuery(request: MetricsRequest, viewer: Agent, now: number): MetricsQuery {
  const to = request.to ?? (request.from !== undefined ? request.from + DEFAULT_PERIOD_MS : now);
  const from = request.from ?? to - DEFAULT_PERIOD_MS;
  return {
    from,
    to,
    siteId: request.siteId ?? null,
    department: request.department ?? null,
    agentId: viewer.role === 'agent' ? viewer.id : (request.agent ?? null),
    channel: request.channel ?? null,
    utcOffsetMinutes: request.utcOffsetMinutes,
  };
}

export function createMetricsService(deps: { store: Store; targets: Targets; now: () => number }): MetricsService {
  const { store, targets, now } = deps;
  const compute = async (query: MetricsQuery) => {
    const { targets: t } = await targets.get(query.siteId);
    return { figures: await store.metrics.compute({ ...query, chatFirstResponseTargetSeconds: t.chatFirstResponseSeconds }), targets: t };
  };
  return {
    async report(request, viewer) {
      const query = resolveQuery(request, viewer, now());
      const length = query.to - query.from;
      const [current, previous] = await Promise.all([compute(query), compute({ ...query, from: query.from - length, to: query.from })]);
      const { from: _from, to: _to, ...filters } = query;
      const { agents: _a, volumeByHour: _v, firstResponseHistogram: _h, trend: _t, ...previousFigures } = previous.figures;
      return {
        ...current.figures,
        filters,
        previous: previousFigures,
        targets: current.targets,
        attainment: checkTargets(current.figures, current.targets),
      };
    },
    async figures(query) {
      return (await compute({ utcOffsetMinutes: 0, ...query })).figures;
    },
  };
}
