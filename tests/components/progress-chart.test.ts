import { afterEach, describe, expect, it, vi } from 'vitest';
import { marksInPeriod, thresholdFor, trend } from '../../lib/grades';
import { chartConfig, dateOfDay, dayOf, dayTicks, type ChartInput } from '../../components/progress-chart/chart-config';
import { sampleDiary } from '../unit/fixtures';
import { $, $$, cleanup, mount, until } from './helpers';

// happy-dom has no canvas: the chart.js chunk is replaced by a recorder; drawing is tested in Chromium.
const drawn: ChartInput[] = [];
vi.mock('../../components/progress-chart/chart-render', () => ({
  drawChart: (_canvas: HTMLCanvasElement, input: ChartInput) => {
    drawn.push(input);
    return { destroy: vi.fn() };
  },
}));

afterEach(() => {
  cleanup();
  drawn.length = 0;
});

const algMarks = () => sampleDiary().marks.filter((m) => m.subject === 'alg');

describe('chartConfig (trend → chart.js configuration)', () => {
  const points = trend(algMarks());
  const input: ChartInput = {
    series: [{ label: 'Алгебра', points }],
    target: 4.5,
    targetLabel: 'Цель 5',
    boundaries: [
      { date: '2025-09-01', label: '1 триместр' },
      { date: '2025-12-01', label: '2 триместр' },
      { date: '2026-03-01', label: '3 триместр' },
    ],
    locale: 'ru',
  };

  it('draws one line per subject from the trend, x in days, y the average', () => {
    const c = chartConfig(input);
    expect(c.type).toBe('line');
    const line = c.data.datasets[0]!;
    expect(line.label).toBe('Алгебра');
    expect(line.data).toEqual(points.map((p) => ({ x: dayOf(p.date), y: p.average })));
    expect(points.map((p) => p.average)).toEqual([5, 13 / 3, 4]);
  });

  it('draws the target as a dashed horizontal line across the range', () => {
    const c = chartConfig(input);
    const target = c.data.datasets[1]!;
    expect(target.label).toBe('Цель 5');
    expect(target.data.map((p) => p.y)).toEqual([4.5, 4.5]);
    expect(target.data.map((p) => p.x)).toEqual([dayOf('2025-09-10'), dayOf('2025-12-10')]);
    expect((target as { borderDash?: number[] }).borderDash).toEqual([6, 4]);
    expect(chartConfig({ ...input, target: null }).data.datasets).toHaveLength(1);
  });

  it('marks the period boundaries inside the range only', () => {
    const c = chartConfig(input);
    expect(c.options!.plugins!.tabelBounds!.lines).toEqual([{ x: dayOf('2025-12-01'), label: '2 триместр' }]);
    const year = chartConfig({ ...input, from: '2025-09-01', to: '2026-05-31' });
    expect((year.options?.plugins?.tabelBounds?.lines ?? []).map((l) => l.label)).toEqual(['2 триместр', '3 триместр']);
  });

  it('compares several subjects in distinct colours, and fits the y axis to the scale', () => {
    const rus = trend(sampleDiary().marks.filter((m) => m.subject === 'rus'));
    const c = chartConfig({
      ...input,
      series: [input.series[0]!, { label: 'Русский язык', points: rus }],
      colors: { series: ['#111111', '#222222'] },
    });
    expect(c.data.datasets.map((d) => d.borderColor)).toEqual(['#111111', '#222222', '#a40e26']);
    const y = c.options!.scales!['y'] as { max: number; suggestedMin: number };
    expect(y.max).toBe(5);
    expect(y.suggestedMin).toBe(4);
  });

  it('formats ticks and tooltips for the locale, averages with the one formatter the element hands it', async () => {
    const { formatAverage } = await import('../../lib/grades/format');
    const c = chartConfig({ ...input, formatAverage: (y) => formatAverage(y, 'ru') });
    const x = c.options!.scales!['x'] as unknown as { ticks: { callback: (v: number) => string } };
    expect(x.ticks.callback(dayOf('2025-10-14'))).toBe('14 окт.');
    const tooltip = c.options!.plugins!.tooltip!.callbacks as unknown as { label: (i: unknown) => string };
    expect(tooltip.label({ dataset: { label: 'Алгебра' }, parsed: { y: 13 / 3 } })).toBe('Алгебра: 4,33');
    const en = chartConfig({ ...input, locale: 'en', formatAverage: (y) => formatAverage(y, 'en') }).options!.plugins!.tooltip!
      .callbacks as unknown as { label: (i: unknown) => string };
    expect(en.label({ dataset: { label: 'Algebra' }, parsed: { y: 4.5714 } })).toBe('Algebra: 4.57');
    // Never a figure on a threshold the value does not reach.
    expect(tooltip.label({ dataset: { label: 'Алгебра' }, parsed: { y: 4.4975 } })).toBe('Алгебра: 4,49');
  });

  it('ticks on each month’s first day (weekly for a short range)', () => {
    expect(dayTicks(dayOf('2025-09-10'), dayOf('2025-12-10')).map(dateOfDay)).toEqual(['2025-10-01', '2025-11-01', '2025-12-01']);
    expect(dayTicks(dayOf('2025-09-01'), dayOf('2025-09-20')).map(dateOfDay)).toEqual(['2025-09-01', '2025-09-08', '2025-09-15']);
  });
});

describe('<tabel-progress-chart>', () => {
  it('draws the subject’s trend, the target and the period boundaries (chart.js loaded lazily)', async () => {
    const d = sampleDiary();
    const el = await mount('tabel-progress-chart', { subject: 'alg', 'target-mark': '5' }, { diary: d });
    await until(() => drawn.length > 0);
    const input = drawn.at(-1)!;
    expect(input.series).toEqual([{ label: 'Алгебра', points: trend(algMarks()) }]);
    expect(input.target).toBe(thresholdFor(5));
    expect(input.targetLabel).toBe('Цель 5 (от 4,5)');
    expect(input.boundaries!.map((b) => b.label)).toEqual(['1 триместр', '2 триместр', '3 триместр']);
    expect(el.chart).toBeDefined();
  });

  it('compares several subjects, limited to a period', async () => {
    const d = sampleDiary();
    await mount('tabel-progress-chart', { subject: 'alg, rus', period: 't1' }, { diary: d });
    await until(() => drawn.length > 0);
    const t1 = marksInPeriod(d, 't1');
    expect(drawn.at(-1)!.series.map((s) => s.points)).toEqual([
      trend(t1.filter((m) => m.subject === 'alg')),
      trend(t1.filter((m) => m.subject === 'rus')),
    ]);
    expect(drawn.at(-1)!.from).toBe('2025-09-01');
    expect(drawn.at(-1)!.to).toBe('2025-11-30');
  });

  it('has an accessible table of the same values beside the canvas, and a labelled canvas', async () => {
    const el = await mount('tabel-progress-chart', { subject: 'alg,rus' }, { diary: sampleDiary() });
    const canvas = $(el, 'canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toContain('Алгебра: 5,00 → 4,00');
    const headers = $$(el, 'details thead th').map((th) => th.textContent);
    expect(headers).toEqual(['Дата', 'Алгебра', 'Русский язык']);
    const rows = $$(el, 'details tbody tr').map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows[0]).toEqual(['10 сент.', '5,00', '—']);
    expect(rows.at(-1)).toEqual(['19 дек.', '4,00', '4,67']); // the average in force on each day
  });

  it('shows an inline error for an unknown subject, and nothing is drawn', async () => {
    const el = await mount('tabel-progress-chart', { subject: 'alg,chem' }, { diary: sampleDiary() });
    expect($(el, '[part=error]')!.textContent).toContain('Нет предмета «chem»');
    expect($(el, 'canvas')).toBeNull();
  });
});
