import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';

/** Chart height in CSS pixels; the width follows the card. */
export const CHART_HEIGHT = 220;

export interface ChartSpec {
  id: string;
  title: string;
  /** uPlot options for a width (the rest fixed by the spec). */
  options: (width: number) => uPlot.Options;
  data: uPlot.AlignedData;
}

/** Non-empty values across the chart's series: the page's tests read it, and an empty chart says so. */
export function countPoints(data: uPlot.AlignedData): number {
  let n = 0;
  for (const ys of data.slice(1)) for (const y of ys) if (y !== null && y !== undefined && y !== 0) n += 1;
  return n;
}

/**
 * One uPlot chart in a card, drawn on canvas. uPlot owns its DOM under the box; the effect rebuilds it
 * when the data changes (a new report) and resizes it with the card.
 */
export function Chart({ spec, emptyText }: { spec: ChartSpec; emptyText: string }) {
  const box = useRef<HTMLDivElement>(null);
  const points = countPoints(spec.data);
  useEffect(() => {
    const el = box.current;
    if (el === null || points === 0) return;
    const width = (): number => Math.max(240, el.clientWidth);
    const plot = new uPlot(spec.options(width()), spec.data, el);
    const resize = new ResizeObserver(() => {
      if (width() !== plot.width) plot.setSize({ width: width(), height: CHART_HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [spec, points]);

  return (
    <figure class="card chart" data-testid={`chart-${spec.id}`} data-points={points}>
      <figcaption>
        <h3>{spec.title}</h3>
      </figcaption>
      {points === 0 ? <p class="muted">{emptyText}</p> : <div ref={box} class="chart-box" role="img" aria-label={spec.title} />}
    </figure>
  );
}

/** Series colours: the console's accent, the bot's violet, ok green, danger red, a neutral grey. */
export const COLORS = { accent: '#2f5bea', bot: '#6b46c1', ok: '#1a7f4b', danger: '#c62828', warn: '#b25e00', grey: '#9ca3af' } as const;

const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

export interface BarSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

/**
 * A categorical bar chart: one bar per label (grouped side by side when there are two series), y from 0.
 * `every` labels only every n-th category (24 hours do not fit otherwise).
 */
export function barChart(id: string, title: string, labels: string[], series: BarSeries[], opts: { every?: number; yMax?: number; yFormat?: (v: number) => string } = {}): ChartSpec {
  const n = labels.length;
  const isGrouped = series.length > 1;
  const every = opts.every ?? 1;
  const bars = uPlot.paths.bars;
  return {
    id,
    title,
    data: [labels.map((_, i) => i), ...series.map((s) => s.values)],
    options: (width) => ({
      width,
      height: CHART_HEIGHT,
      legend: { show: isGrouped, live: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [-0.5, n - 0.5] },
        y: { range: (_u, _min, max) => [0, opts.yMax ?? (max > 0 ? Math.ceil(max * 1.1) : 1)] },
      },
      axes: [
        { splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => (i % every === 0 ? (labels[i] ?? '') : '')), grid: { show: false } },
        // Counts tick on whole numbers (a small day would otherwise show 2.5 chats).
        { values: (_u, splits) => splits.map((v) => (opts.yFormat ? opts.yFormat(v) : String(v))), size: 48, incrs: WHOLE_STEPS },
      ],
      series: [
        {},
        ...series.map((s, k) => ({
          label: s.label,
          fill: s.color,
          stroke: s.color,
          width: 0,
          points: { show: false },
          paths: bars?.({ size: [isGrouped ? 0.4 : 0.7, 64], align: isGrouped ? (k === 0 ? -1 : 1) : 0 }),
        })),
      ],
    }),
  };
}
