/**
 * Drift alerts: compares the recent window with the one before it and tells supervisors when a figure
 * that met its target (or was better) no longer does ("first response p90 up from 40 s to 3 min since
 * 10:00"). A figure alerts once per drift: it must meet its target again before it can alert again.
 */
import { checkTargets, type MetricsDriftAlert, type TargetKey } from '../../shared/metrics';
import type { Bus } from '../domain/bus';
import type { MetricsService } from './metrics-service';
import type { Targets } from './targets';

export interface DriftMonitor {
  /** Runs one check at `at`; returns the alerts it emitted. */
  check(at: number): Promise<MetricsDriftAlert[]>;
}

export function createDriftMonitor(deps: {
  bus: Bus;
  metrics: MetricsService;
  targets: Targets;
  windowMs: number;
  /** Contacts (chats started and cases opened) the recent window needs before a figure may alert. */
  minContacts: number;
}): DriftMonitor {
  const { bus, metrics, targets, windowMs, minContacts } = deps;
  const drifting = new Set<TargetKey>();
  return {
    async check(at) {
      const since = at - windowMs;
      const { targets: t } = await targets.get(null);
      const scope = { siteId: null, department: null, agentId: null, channel: null } as const;
      const [recent, before] = await Promise.all([
        metrics.figures({ ...scope, from: since, to: at }),
        metrics.figures({ ...scope, from: since - windowMs, to: since }),
      ]);
      // Too few contacts to tell a drift from chance: wait for more (the figures stay as they were).
      if (recent.conversations + recent.cases.opened < minContacts) return [];
      const previous = new Map(checkTargets(before, t).map((c) => [c.key, c]));
      const alerts: MetricsDriftAlert[] = [];
      for (const now of checkTargets(recent, t)) {
        if (now.isMet !== false) {
          if (now.isMet) drifting.delete(now.key);
          continue;
        }
        const was = previous.get(now.key);
        // Already missed in the window before: not a drift, a standing miss (the dashboard shows it).
        if (drifting.has(now.key) || was?.isMet === false || now.value === null) continue;
        drifting.add(now.key);
        const alert: MetricsDriftAlert = {
          key: now.key,
          previous: was?.value ?? null,
          current: now.value,
          target: now.target,
          direction: now.direction,
          since,
          at,
          siteId: null,
        };
        alerts.push(alert);
        bus.emit('metrics.drifted', alert);
      }
      return alerts;
    },
  };
}
