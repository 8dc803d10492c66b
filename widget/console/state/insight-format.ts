import type { MetricsDriftAlert, MetricsFigures, TargetCheck, TargetKey } from '../../../shared/metrics';
import type { Locale } from '../../../shared/model';
import { formatClock } from '../i18n/format-time';
import type { Translate } from '../i18n/translate';
import { formatDuration } from './format';

/** A duration without a zero tail: 45s, 3m 05s, 2m, 1h, 2h 30m. */
export function formatSeconds(seconds: number): string {
  return formatDuration(seconds * 1000).replace(/ 00[sm]$/, '');
}

/** How a figure is written: a count, a 0..1 rate, seconds, a CSAT of 5, or an NPS of −100..100. */
export type FigureUnit = 'count' | 'rate' | 'seconds' | 'csat' | 'nps';

/** The figure's value in its unit, or an em dash when there was nothing to measure. */
export function formatFigure(unit: FigureUnit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'count':
      return String(Math.round(value));
    case 'rate':
      return `${Math.round(value * 1000) / 10}%`;
    case 'seconds':
      return formatSeconds(value);
    case 'csat':
      return value.toFixed(2);
    case 'nps':
      return String(Math.round(value));
  }
}

export interface FigureChange {
  /** Signed, in the figure's unit: "+12%", "−3 pts", "+45s". */
  text: string;
  /** Better or worse given which way the figure should move; null when unchanged or not comparable. */
  isBetter: boolean | null;
}

/**
 * The change against the previous period. Rates change in percentage points; counts by how many and what
 * share; durations, CSAT and NPS in their own unit. Null when either period has no value.
 */
export function figureChange(unit: FigureUnit, current: number | null, previous: number | null, higherIsBetter: boolean, t: Translate): FigureChange | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const abs = Math.abs(delta);
  let text: string;
  if (unit === 'rate') text = sign + t('insight.points', { n: Math.round(abs * 1000) / 10 });
  else if (unit === 'count') text = previous === 0 ? `${sign}${Math.round(abs)}` : `${sign}${Math.round(abs)} (${sign}${Math.round((abs / previous) * 100)}%)`;
  else if (unit === 'seconds') text = sign + formatSeconds(abs);
  else if (unit === 'csat') text = sign + abs.toFixed(2);
  else text = sign + Math.round(abs);
  const isSame = unit === 'rate' ? Math.round(abs * 1000) === 0 : unit === 'csat' ? abs < 0.005 : Math.round(abs) === 0;
  return { text, isBetter: isSame ? null : delta > 0 === higherIsBetter };
}

/** The unit each target's figure is measured in. */
export const TARGET_UNITS: Record<TargetKey, FigureUnit> = {
  chatFirstResponseSeconds: 'seconds',
  averageFirstResponseSeconds: 'seconds',
  fcrRate: 'rate',
  csatAverage: 'csat',
  slaAttainmentRate: 'rate',
  botAnswerRate: 'rate',
  complaintAckOnTimeRate: 'rate',
};

/** "≤ 30s", "≥ 85%": a target with its direction. */
export function formatTarget(check: Pick<TargetCheck, 'key' | 'target' | 'direction'>): string {
  return `${check.direction === 'atMost' ? '≤' : '≥'} ${formatFigure(TARGET_UNITS[check.key], check.target)}`;
}

/**
 * The drift alert's sentence from the catalogue: "First response (p90) up from 40s to 3m since 10:00
 * (target ≤ 30s)".
 */
export function describeDrift(alert: MetricsDriftAlert, t: Translate, locale: Locale): string {
  const unit = TARGET_UNITS[alert.key];
  const vars = {
    figure: t(`target.${alert.key}`),
    from: formatFigure(unit, alert.previous),
    to: formatFigure(unit, alert.current),
    since: formatClock(alert.since, locale),
    target: formatTarget(alert),
  };
  if (alert.previous === null || alert.previous === alert.current) return t('drift.now', vars);
  return t(alert.current > alert.previous ? 'drift.up' : 'drift.down', vars);
}

/** One headline card: what it shows, how, and which target it answers to. */
export interface CardSpec {
  id: string;
  /** A target's key (its label and its attainment) or a card label of its own. */
  label: `target.${TargetKey}` | `insight.card.${'conversations' | 'botResolution' | 'handoff' | 'resolutionP50' | 'nps'}`;
  unit: FigureUnit;
  higherIsBetter: boolean;
  target: TargetKey | null;
  value: (f: MetricsFigures) => number | null;
}

/** The dashboard's cards, in reading order: volume, the bot, speed, quality, commitments. */
export const CARDS: readonly CardSpec[] = [
  { id: 'conversations', label: 'insight.card.conversations', unit: 'count', higherIsBetter: true, target: null, value: (f) => f.conversations },
  { id: 'botResolution', label: 'insight.card.botResolution', unit: 'rate', higherIsBetter: true, target: null, value: (f) => f.botResolutionRate },
  { id: 'botAnswer', label: 'target.botAnswerRate', unit: 'rate', higherIsBetter: true, target: 'botAnswerRate', value: (f) => f.botAnswerRate },
  { id: 'handoff', label: 'insight.card.handoff', unit: 'rate', higherIsBetter: false, target: null, value: (f) => f.handoffRate },
  { id: 'firstResponseP90', label: 'target.chatFirstResponseSeconds', unit: 'seconds', higherIsBetter: false, target: 'chatFirstResponseSeconds', value: (f) => f.firstResponseSeconds.p90 },
  { id: 'firstResponseAvg', label: 'target.averageFirstResponseSeconds', unit: 'seconds', higherIsBetter: false, target: 'averageFirstResponseSeconds', value: (f) => f.firstResponseSeconds.average },
  { id: 'resolutionP50', label: 'insight.card.resolutionP50', unit: 'seconds', higherIsBetter: false, target: null, value: (f) => f.resolutionSeconds.p50 },
  { id: 'fcr', label: 'target.fcrRate', unit: 'rate', higherIsBetter: true, target: 'fcrRate', value: (f) => f.fcrRate },
  { id: 'csat', label: 'target.csatAverage', unit: 'csat', higherIsBetter: true, target: 'csatAverage', value: (f) => f.csat.average },
  { id: 'nps', label: 'insight.card.nps', unit: 'nps', higherIsBetter: true, target: null, value: (f) => f.nps.score },
  { id: 'sla', label: 'target.slaAttainmentRate', unit: 'rate', higherIsBetter: true, target: 'slaAttainmentRate', value: (f) => f.slaAttainment.overall },
  { id: 'complaintAck', label: 'target.complaintAckOnTimeRate', unit: 'rate', higherIsBetter: true, target: 'complaintAckOnTimeRate', value: (f) => f.complaints.ackOnTimeRate },
];
