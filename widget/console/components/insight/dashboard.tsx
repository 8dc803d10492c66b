import uPlot from 'uplot';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MetricsReport } from '../../../../shared/metrics';
import { fetchMetrics, type MetricsFilter } from '../../api/insight-api';
import { errorText } from '../../i18n/error-text';
import { formatDay } from '../../i18n/format-time';
import { useI18n } from '../../i18n/i18n-context';
import type { Translate } from '../../i18n/translate';
import { HANDOFF_REASONS, PRIORITIES } from '../../state/insight-keys';
import { CARDS, figureChange, formatFigure, formatSeconds, formatTarget, TARGET_UNITS } from '../../state/insight-format';
import { barChart, Chart, CHART_HEIGHT, COLORS, type ChartSpec } from './chart';
import { DataTable } from './data-table';

const DAY_MS = 86_400_000;
const PERIODS = [1, 7, 14, 30, 90] as const;
type PeriodDays = (typeof PERIODS)[number];

interface Props {
  token: string;
  /** Supervisors and admins filter by department and agent; an agent sees their own figures only. */
  isLead: boolean;
  departments: string[];
  agents: { id: string; name: string }[];
}

/**
 * The insight dashboard: headline cards against their targets and the previous period, uPlot charts,
 * and tables with CSV export, for a period and (for leads) a department and an agent.
 */
export function Dashboard({ token, isLead, departments, agents }: Props) {
  const { t, locale } = useI18n();
  const [days, setDays] = useState<PeriodDays>(7);
  const [department, setDepartment] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    const to = Date.now();
    const filter: MetricsFilter = { from: to - days * DAY_MS, to, department, agentId };
    setLoading(true);
    void fetchMetrics(token, filter).then((res) => {
      if (!isCurrent) return;
      setLoading(false);
      if (res.ok) {
        setReport(res.data);
        setError(null);
      } else setError(errorText(res.error, t));
    });
    return () => {
      isCurrent = false;
    };
  }, [token, days, department, agentId, nonce]);

  const charts = useMemo(() => (report === null ? [] : chartSpecs(report, t, locale)), [report, t, locale]);
  // Agents the filter offers: the team, plus anyone the report names (an agent since removed from presence).
  const agentOptions = useMemo(() => {
    const byId = new Map(agents.map((a) => [a.id, a.name]));
    for (const a of report?.agents ?? []) if (!byId.has(a.agentId)) byId.set(a.agentId, a.name);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [agents, report]);

  return (
    <section class="insight" data-testid="insight-dashboard" aria-busy={isLoading}>
      <div class="insight-bar">
        <h2>{t(isLead ? 'insight.title' : 'insight.titleOwn')}</h2>
        <label class="field-inline">
          <span>{t('insight.period')}</span>
          <select data-testid="insight-period" value={days} onChange={(e) => setDays(Number(e.currentTarget.value) as PeriodDays)}>
            {PERIODS.map((d) => (
              <option value={d}>{t(`insight.period.${d}`)}</option>
            ))}
          </select>
        </label>
        {isLead && (
          <>
            <label class="field-inline">
              <span>{t('insight.department')}</span>
              <select data-testid="insight-department" value={department ?? ''} onChange={(e) => setDepartment(e.currentTarget.value || null)}>
                <option value="">{t('insight.all')}</option>
                {departments.map((d) => (
                  <option value={d}>{d}</option>
                ))}
              </select>
            </label>
            <label class="field-inline">
              <span>{t('insight.agent')}</span>
              <select data-testid="insight-agent" value={agentId ?? ''} onChange={(e) => setAgentId(e.currentTarget.value || null)}>
                <option value="">{t('insight.all')}</option>
                {agentOptions.map((a) => (
                  <option value={a.id}>{a.name}</option>
                ))}
              </select>
            </label>
          </>
        )}
        {report !== null && (
          <span class="muted small" data-testid="insight-range">
            {t('insight.range', { from: formatDay(report.from, locale), to: formatDay(report.to - 1, locale) })}
          </span>
        )}
        {isLoading && <span class="muted small">{t('insight.loading')}</span>}
      </div>
      {error !== null && (
        <p class="insight-error" role="alert">
          {t('insight.failed', { message: error })}{' '}
          <button type="button" class="btn btn-small" onClick={() => setNonce((n) => n + 1)}>
            {t('insight.retry')}
          </button>
        </p>
      )}
      {report !== null && (
        <>
          <Cards report={report} />
          <div class="insight-charts">
            {charts.map((c) => (
              <Chart key={c.id} spec={c} emptyText={t('insight.empty')} />
            ))}
          </div>
          <Tables report={report} />
        </>
      )}
    </section>
  );
}

/** The headline figures: value, change against the previous period, target and whether it is met. */
function Cards({ report }: { report: MetricsReport }) {
  const { t } = useI18n();
  return (
    <div class="insight-cards" data-testid="insight-cards">
      {CARDS.map((c) => {
        const value = c.value(report);
        const change = figureChange(c.unit, value, c.value(report.previous), c.higherIsBetter, t);
        const check = c.target === null ? undefined : report.attainment.find((a) => a.key === c.target);
        const detail =
          c.id === 'csat'
            ? t('insight.csatDetail', { share: formatFigure('rate', report.csat.satisfiedShare), n: report.csat.responses })
            : c.id === 'nps'
              ? t('insight.npsDetail', { n: report.nps.responses })
              : null;
        return (
          <div class={`card metric ${check?.isMet === false ? 'is-off' : ''}`} data-testid={`metric-${c.id}`}>
            <div class="metric-label">{t(c.label)}</div>
            <div class="metric-value" data-testid="metric-value">
              {formatFigure(c.unit, value)}
            </div>
            {detail !== null && <div class="muted small">{detail}</div>}
            <div class={`small metric-change ${change?.isBetter === true ? 'is-better' : change?.isBetter === false ? 'is-worse' : ''}`}>
              {change === null ? '\u00a0' : change.isBetter === null ? t('insight.noChange') : t('insight.change', { change: change.text })}
            </div>
            {check !== undefined && (
              <div class="small metric-target">
                {t('insight.target', { target: formatTarget(check) })}
                {check.isMet !== null && <span class={`badge ${check.isMet ? 'badge-ok' : 'badge-off'}`}>{t(check.isMet ? 'insight.met' : 'insight.missed')}</span>}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** The report's tables: targets, handoff reasons, SLA by priority, agents; each exports as CSV. */
function Tables({ report }: { report: MetricsReport }) {
  const { t } = useI18n();
  const rate = (r: number | null): string => formatFigure('rate', r);
  const seconds = (s: number | null): string => formatFigure('seconds', s);
  const handoffs = HANDOFF_REASONS.reduce((n, k) => n + report.handoffReasons[k], 0);
  return (
    <div class="insight-tables">
      <DataTable
        id="targets"
        title={t('insight.table.targets')}
        period={report}
        columns={[{ label: t('insight.col.figure') }, { label: t('insight.col.value'), isNumeric: true }, { label: t('insight.col.target'), isNumeric: true }, { label: t('insight.col.status') }]}
        rows={report.attainment.map((a) => [
          t(`target.${a.key}`),
          formatFigure(TARGET_UNITS[a.key], a.value),
          formatTarget(a),
          a.isMet === null ? '—' : t(a.isMet ? 'insight.met' : 'insight.missed'),
        ])}
        rowClass={(i) => (report.attainment[i]?.isMet === false ? 'hot' : '')}
      />
      <DataTable
        id="handoffs"
        title={t('insight.table.handoffs')}
        period={report}
        columns={[{ label: t('insight.col.reason') }, { label: t('insight.col.count'), isNumeric: true }, { label: t('insight.col.share'), isNumeric: true }]}
        rows={handoffs === 0 ? [] : HANDOFF_REASONS.map((k) => [t(`insight.reason.${k}`), report.handoffReasons[k], rate(report.handoffReasons[k] / handoffs)])}
      />
      <DataTable
        id="sla"
        title={t('insight.table.sla')}
        period={report}
        columns={[
          { label: t('insight.col.priority') },
          { label: t('insight.col.cases'), isNumeric: true },
          { label: t('insight.col.firstResponseRate'), isNumeric: true },
          { label: t('insight.col.resolutionRate'), isNumeric: true },
        ]}
        rows={PRIORITIES.map((p) => {
          const row = report.slaAttainment.byPriority[p];
          return [t('insight.priority', { p }), row.cases, rate(row.firstResponseRate), rate(row.resolutionRate)];
        })}
      />
      <DataTable
        id="agents"
        title={t('insight.table.agents')}
        period={report}
        columns={[
          { label: t('insight.col.agent') },
          { label: t('insight.col.chats'), isNumeric: true },
          { label: t('insight.col.cases'), isNumeric: true },
          { label: t('insight.col.firstResponse'), isNumeric: true },
          { label: t('insight.col.resolution'), isNumeric: true },
          { label: t('insight.col.fcr'), isNumeric: true },
          { label: t('insight.col.onTime'), isNumeric: true },
          { label: t('insight.col.csat'), isNumeric: true },
          { label: t('insight.col.qa'), isNumeric: true },
        ]}
        rows={report.agents.map((a) => [
          a.name,
          a.chats,
          a.cases,
          seconds(a.firstResponseSeconds.p50),
          seconds(a.resolutionSeconds.p50),
          rate(a.fcrRate),
          rate(a.onTimeRate),
          formatFigure('csat', a.csat.average),
          formatFigure('csat', a.qa.score),
        ])}
      />
    </div>
  );
}

/** The five charts of a report, labelled in the console's language. */
function chartSpecs(r: MetricsReport, t: Translate, locale: 'en' | 'zh'): ChartSpec[] {
  const hours = r.volumeByHour.map((_, h) => String(h).padStart(2, '0'));
  const buckets = r.firstResponseHistogram.map((b, i, all) =>
    b.upToSeconds === null
      ? t('insight.bucket.more', { time: formatSeconds(all[i - 1]?.upToSeconds ?? 0) })
      : t('insight.bucket.upTo', { time: formatSeconds(b.upToSeconds) }),
  );
  const percent = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
  return [
    barChart('volume', t('insight.chart.volume'), hours, [{ label: t('insight.series.conversations'), color: COLORS.accent, values: r.volumeByHour }], { every: 3 }),
    barChart(
      'split',
      t('insight.chart.split'),
      [t('insight.split.bot'), t('insight.split.agent'), t('insight.split.unresolved')],
      [{ label: t('insight.series.conversations'), color: COLORS.bot, values: [r.resolutionSplit.bot, r.resolutionSplit.agent, r.resolutionSplit.unresolved] }],
    ),
    barChart('first-response', t('insight.chart.firstResponse'), buckets, [{ label: t('insight.series.chats'), color: COLORS.ok, values: r.firstResponseHistogram.map((b) => b.count) }]),
    barChart(
      'sla',
      t('insight.chart.sla'),
      PRIORITIES.map((p) => t('insight.priority', { p })),
      [
        { label: t('insight.series.firstResponse'), color: COLORS.accent, values: PRIORITIES.map((p) => percent(r.slaAttainment.byPriority[p].firstResponseRate)) },
        { label: t('insight.series.resolution'), color: COLORS.warn, values: PRIORITIES.map((p) => percent(r.slaAttainment.byPriority[p].resolutionRate)) },
      ],
      { yMax: 100, yFormat: (v) => `${v}%` },
    ),
    // Last and two columns wide: days need the width, and three columns then end without a gap.
    trendChart(r, t, locale),
  ];
}

/** CSAT (left axis, 1–5) and NPS (right axis, −100..100) per day; days without answers are gaps. */
function trendChart(r: MetricsReport, t: Translate, locale: 'en' | 'zh'): ChartSpec {
  const days = r.trend.map((p) => p.day / 1000);
  const dayLabel = (s: number): string => new Date(s * 1000).toLocaleDateString(locale === 'zh' ? 'zh-CN' : 'en', { month: 'short', day: 'numeric' });
  return {
    id: 'trend',
    title: t('insight.chart.trend'),
    data: [days, r.trend.map((p) => p.csatAverage), r.trend.map((p) => p.npsScore)],
    options: (width): uPlot.Options => ({
      width,
      height: CHART_HEIGHT,
      legend: { live: false },
      cursor: { show: false },
      scales: { x: { time: true }, csat: { range: [1, 5] }, nps: { range: [-100, 100] } },
      axes: [
        // One tick per day of the data (uPlot's own time ticks fall on half days too), at most about ten.
        { splits: () => days.filter((_, i) => i % Math.ceil(days.length / 10) === 0), values: (_u, splits) => splits.map(dayLabel), grid: { show: false } },
        { scale: 'csat', size: 40 },
        { scale: 'nps', side: 1, size: 48, grid: { show: false } },
      ],
      series: [
        {},
        { label: t('insight.series.csat'), scale: 'csat', stroke: COLORS.accent, width: 2, spanGaps: true, points: { show: true, size: 5, fill: COLORS.accent } },
        { label: t('insight.series.nps'), scale: 'nps', stroke: COLORS.ok, width: 2, spanGaps: true, points: { show: true, size: 5, fill: COLORS.ok } },
      ],
    }),
  };
}
