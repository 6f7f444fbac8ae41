import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { averageOf } from '../../lib/grades/average';
import { trend, type TrendPoint } from '../../lib/grades/trend';
import type { Diary, Period } from '../../lib/model/types';
import type { Scope } from '../internal/base';
import { TabelTargetedElement, type Target } from '../internal/targeted';
import strings from './progress-chart.strings';
import { formatAverage, formatDate, formatNumber } from '../internal/i18n';
import type { ChartInput } from './chart-config';
import { approxNote } from '../internal/templates';
import styles from './progress-chart.styles';

interface Line {
  label: string;
  points: TrendPoint[];
}

interface ChartModel {
  series: Line[];
  target: Target | null;
  period: Period | null;
  boundaries: Array<{ date: string; label: string }>;
  scaleMax: number;
  /** A counted mark's weight is unknown on one of the lines. */
  approximate: boolean;
}

const TOP = { five: 5, ten: 10, hundred: 100 } as const;

/** Periods with no period inside them (quarters rather than their year): their starts are the boundaries. */
function innermost(diary: Diary): Period[] {
  const parents = new Set(diary.periods.map((p) => p.parent));
  return diary.periods.filter((p) => !parents.has(p.id));
}

/**
 * @tag tabel-progress-chart
 * @summary A line chart (chart.js) of a subject's weighted average over time, after each day with
 * marks; the target as a dashed line; period boundaries marked. Several subjects compare on one chart
 * (`subject="alg,rus"`). An accessible table of the same values sits beside the canvas.
 *
 * chart.js is loaded in a separate chunk, only when a chart is on the page.
 *
 * @csspart base - The `<figure>`.
 * @csspart plot - The box holding the canvas (its height is `--tabel-chart-height`).
 * @csspart details - The expandable data table.
 * @cssproperty [--tabel-chart-height=260px] - Height of the plot.
 * @cssproperty --tabel-chart-1 - Colour of the first subject's line.
 * @cssproperty --tabel-chart-2 - Colour of the second subject's line.
 * @cssproperty --tabel-chart-3 - Colour of the third subject's line.
 * @cssproperty --tabel-chart-4 - Colour of the fourth subject's line.
 * @cssproperty --tabel-chart-5 - Colour of the fifth subject's line.
 * @cssproperty --tabel-chart-6 - Colour of the sixth subject's line (then the colours repeat).
 */
export class TabelProgressChart extends TabelTargetedElement<ChartModel, (typeof strings)['ru']> {
  static override styles = styles;
  protected static override strings = strings;

  private _chart?: { destroy(): void };
  private _drawing = 0;

  /** The chart.js `Chart` drawn, once chart.js has loaded (undefined before, and without a canvas). */
  get chart(): unknown {
    return this._chart;
  }

  protected compute({ diary, policy, period, marks }: Scope): ChartModel | string {
    const keys = this.subject
      ? this.subject
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : diary.subjects.map((x) => x.id);
    const series: Line[] = [];
    let approximate = false;
    let scale: keyof typeof TOP = 'five';
    for (const key of keys) {
      const subject = this.subjectIn(diary, key);
      if (!subject) return this.s.noSubject(key);
      const own = marks.filter((m) => m.subject === subject.id);
      const points = trend(own);
      if (!points.length && !this.subject) continue;
      scale = (own.find((m) => typeof m.value === 'number' && m.scale !== 'pass-fail')?.scale as keyof typeof TOP) ?? scale;
      series.push({ label: subject.name, points });
      approximate ||= averageOf(own, policy).approximate;
    }
    const boundaries = innermost(diary).map((p) => ({ date: p.start, label: p.name }));
    return { series, target: this.targetUnder(policy), period, boundaries, scaleMax: TOP[scale] ?? 5, approximate };
  }

  private input(m: ChartModel): ChartInput {
    const loc = this.loc;
    const style = getComputedStyle(this);
    const v = (name: string): string => style.getPropertyValue(name).trim();
    return {
      series: m.series,
      target: m.target?.value ?? null,
      targetLabel: this.targetLabel(m),
      boundaries: m.boundaries,
      ...(m.period ? { from: m.period.start, to: m.period.end } : {}),
      scaleMax: m.scaleMax,
      locale: loc,
      formatAverage: (y) => formatAverage(y, loc),
      // The theme's colours as the canvas needs them (empty where the browser cannot tell: defaults apply).
      colors: {
        series: ['--_c1', '--_c2', '--_c3', '--_c4', '--_c5', '--_c6'].map(v).filter(Boolean),
        text: v('--_muted'),
        grid: v('--_line'),
        target: v('--_bad'),
        boundary: v('--_muted'),
      },
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._drawing++;
    this._chart?.destroy();
    this._chart = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    void this.draw();
  }

  private async draw(): Promise<void> {
    const run = ++this._drawing;
    const canvas = this.renderRoot.querySelector('canvas');
    const m = this.ok;
    if (!canvas || !m) {
      this._chart?.destroy();
      this._chart = undefined;
      return;
    }
    try {
      const { drawChart } = await import('./chart-render');
      if (run !== this._drawing || !this.isConnected) return;
      this._chart?.destroy();
      this._chart = drawChart(canvas, this.input(m));
    } catch {
      // No canvas support (or the chunk failed to load): the data table below still says it all.
      const details = this.renderRoot.querySelector('details');
      if (details) details.open = true;
    }
  }

  /** "Цель 5 (от 4,5)" / "Цель 4,7"; empty without a target. */
  private targetLabel(m: ChartModel): string {
    const { s, loc } = this;
    const t = m.target;
    if (!t || t.value === null) return '';
    return t.mark === null
      ? `${s.target} ${formatNumber(t.value, loc)}`
      : `${s.target} ${t.mark} (${s.from} ${formatNumber(t.value, loc)})`;
  }

  private summary(m: ChartModel): string {
    const loc = this.loc;
    return m.series
      .map(
        (x) =>
          `${x.label}: ${x.points.length ? `${formatAverage(x.points[0]!.average, loc)} → ${formatAverage(x.points.at(-1)!.average, loc)}` : this.s.noMarks}`,
      )
      .join('; ');
  }

  protected body(m: ChartModel): TemplateResult {
    const { s, loc } = this;
    const days = [...new Set(m.series.flatMap((x) => x.points.map((p) => p.date)))].sort();
    const title = `${m.series.map((x) => x.label).join(', ')}: ${s.overTime} · ${m.period?.name ?? s.allTime}`;
    const target = this.targetLabel(m);
    return html`<figure part="base">
      <figcaption>${title}</figcaption>
      <div class="plot" part="plot"><canvas role="img" aria-label=${`${title}. ${this.summary(m)}${target ? `. ${target}` : ''}`}></canvas></div>
      ${approxNote(s, m.approximate)}
      <details part="details">
        <summary>${s.table}</summary>
        ${target ? html`<p class="muted">${target}</p>` : nothing}
        <table>
          <thead>
            <tr>
              <th scope="col">${s.date}</th>
              ${m.series.map((x) => html`<th scope="col">${x.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${days.map(
              (day) => html`<tr>
                <th scope="row">${formatDate(day, loc)}</th>
                ${m.series.map((x) => {
                  // The average in force on that day: the last point on or before it.
                  const p = x.points.filter((q) => q.date <= day).at(-1);
                  return html`<td>${formatAverage(p?.average, loc)}</td>`;
                })}
              </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tabel-progress-chart': TabelProgressChart;
  }
}
