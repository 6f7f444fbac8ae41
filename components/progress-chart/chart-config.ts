/**
 * Trend → chart.js configuration, as a pure function (chart.js types only), so it can be tested
 * without a canvas. It ships in the chart chunk, with chart.js: the core bundle never needs it.
 */
import type { ChartConfiguration, ChartType } from 'chart.js';
import type { TrendPoint } from '../../lib/grades/trend';

// Numbers and dates as the widgets write them (see internal/i18n.ts).
const num = (locale: string, x: number, min: number, max: number): string =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max }).format(x);
const formatNumber = (x: number, locale: string): string => num(locale, x, 0, 2);
const formatDate = (day: string, locale: string): string =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Options of the tiny plugin (in chart-render.ts) that draws period boundaries. */
export interface BoundaryOptions {
  /** x = day number (see `dayOf`). */
  lines: Array<{ x: number; label: string }>;
  color: string;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    tabelBounds?: BoundaryOptions;
  }
}

export interface ChartSeries {
  label: string;
  points: readonly TrendPoint[];
}

export interface ChartInput {
  series: readonly ChartSeries[];
  /** The target average, drawn as a dashed horizontal line. */
  target?: number | null;
  targetLabel?: string;
  /** Where periods start (drawn as vertical lines), e.g. `[{ date: '2025-12-01', label: '2 триместр' }]`. */
  boundaries?: ReadonlyArray<{ date: string; label: string }>;
  /** Force the x range (ISO dates), e.g. the period's start and end. */
  from?: string;
  to?: string;
  /** The top of the scale: 5, 10 or 100. */
  scaleMax?: number;
  locale?: string;
  /**
   * How an average is printed (the element passes Tabel's one formatter, lib/grades/format.ts, so
   * the chart chunk shares no module with the core bundle); two decimals when absent.
   */
  formatAverage?: (y: number) => string;
  colors?: Partial<ChartColors>;
}

export interface ChartColors {
  series: string[];
  text: string;
  grid: string;
  target: string;
  boundary: string;
}

export const DEFAULT_COLORS: ChartColors = {
  series: ['#0550ae', '#bc4c00', '#116329', '#8250df', '#a40e26', '#1b7c83'],
  text: '#57606a',
  grid: '#d0d7de80',
  target: '#a40e26',
  boundary: '#57606a',
};

export type ChartPoint = { x: number; y: number };
export type LineConfig = ChartConfiguration<'line', ChartPoint[]>;

/** A date as a day number (days since 1970-01-01 UTC): the chart's x axis is linear in days. */
export const dayOf = (date: string): number => Math.round(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 864e5);
/** The ISO date of a day number. */
export const dateOfDay = (day: number): string => new Date(Math.round(day) * 864e5).toISOString().slice(0, 10);

/** Where the x axis gets its ticks: each month's first day, or each week for a short range. */
export function dayTicks(min: number, max: number): number[] {
  const out: number[] = [];
  if (max - min <= 62) {
    for (let d = min; d <= max; d += 7) out.push(d);
    return out;
  }
  const start = new Date(min * 864e5);
  for (let m = start.getUTCMonth() + (start.getUTCDate() > 1 ? 1 : 0), y = start.getUTCFullYear(); ; m++) {
    const d = Date.UTC(y, m, 1) / 864e5;
    if (d > max) break;
    out.push(d);
  }
  return out.length > 12 ? out.filter((_, i) => i % 2 === 0) : out;
}

/** The chart.js configuration for a progress chart: one line per subject, the target, period boundaries. */
export function chartConfig(input: ChartInput): LineConfig {
  const locale = input.locale ?? 'ru';
  const given = input.colors ?? {};
  const colors: ChartColors = {
    series: given.series?.length ? given.series : DEFAULT_COLORS.series,
    text: given.text || DEFAULT_COLORS.text,
    grid: given.grid || DEFAULT_COLORS.grid,
    target: given.target || DEFAULT_COLORS.target,
    boundary: given.boundary || DEFAULT_COLORS.boundary,
  };
  const target = input.target ?? null;
  const xs = input.series.flatMap((s) => s.points.map((p) => dayOf(p.date)));
  const ys = input.series.flatMap((s) => s.points.map((p) => p.average));
  const min = input.from ? dayOf(input.from) : xs.length ? Math.min(...xs) : 0;
  const max = input.to ? dayOf(input.to) : xs.length ? Math.max(...xs) : min + 1;
  const low = Math.min(...ys, ...(target === null ? [] : [target]));
  const datasets: LineConfig['data']['datasets'] = input.series.map((s, i) => {
    const color = colors.series[i % colors.series.length]!;
    return {
      label: s.label,
      data: s.points.map((p) => ({ x: dayOf(p.date), y: p.average })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 3,
      pointHoverRadius: 5,
      // Points on the first and last day are drawn whole, not cut by the plot's edge.
      clip: false,
    };
  });
  if (target !== null) {
    datasets.push({
      label: input.targetLabel ?? formatNumber(target, locale),
      data: [
        { x: min, y: target },
        { x: max, y: target },
      ],
      borderColor: colors.target,
      backgroundColor: colors.target,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0,
    });
  }
  const axis = (extra: object) => ({
    ticks: { color: colors.text },
    grid: { color: colors.grid },
    border: { color: colors.grid },
    ...extra,
  });
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: axis({
          type: 'linear',
          min,
          max,
          afterBuildTicks: (scale: { ticks: Array<{ value: number }> }) => {
            scale.ticks = dayTicks(min, max).map((value) => ({ value }));
          },
          ticks: { color: colors.text, callback: (v: number | string) => formatDate(dateOfDay(Number(v)), locale) },
        }),
        y: axis({
          type: 'linear',
          suggestedMin: Number.isFinite(low) ? Math.floor(low) : 1,
          max: input.scaleMax ?? 5,
          ticks: { color: colors.text, callback: (v: number | string) => formatNumber(Number(v), locale) },
        }),
      },
      plugins: {
        legend: { labels: { color: colors.text, boxWidth: 14, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? formatDate(dateOfDay(items[0].parsed.x ?? 0), locale) : ''),
            label: (item) =>
              `${item.dataset.label ?? ''}: ${item.parsed.y === null ? '—' : (input.formatAverage ?? ((y: number) => y.toFixed(2)))(item.parsed.y)}`,
          },
        },
        tabelBounds: {
          color: colors.boundary,
          lines: (input.boundaries ?? []).map((b) => ({ x: dayOf(b.date), label: b.label })).filter((b) => b.x > min && b.x <= max),
        },
      },
    },
  };
}
