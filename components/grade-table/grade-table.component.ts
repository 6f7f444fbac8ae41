import { html, nothing, type TemplateResult } from 'lit';
import { subjectSummaries, type SubjectSummary } from '../../lib/grades/diary';
import { compare, decimalFraction } from '../../lib/grades/fraction';
import type { RoundingPolicy } from '../../lib/grades/policy';
import { exclusionOf } from '../../lib/grades/tally';
import type { Period } from '../../lib/model/types';
import type { Scope } from '../internal/base';
import { TabelTargetedElement, type Target } from '../internal/targeted';
import { approx, approxNote, badge, chip } from '../internal/templates';
import strings from './grade-table.strings';
import { formatAverage, formatDate, formatNumber, nf, ruleText } from '../internal/i18n';
import { kindLabels } from './kind-labels';
import styles from './grade-table.styles';

/** How the rows are ordered: the diary's subject order, or by one of the columns. */
export type GradeTableSort = '' | 'subject' | 'average' | 'distance';

interface Row extends SubjectSummary {
  /** average − target (signed); null without an average or a target. */
  distance: number | null;
  /** Exact comparison of the average with the target: −1 below, 0 on, 1 above; null when not comparable. */
  vsTarget: number | null;
}

interface TableModel {
  rows: Row[];
  policy: RoundingPolicy;
  period: Period | null;
  student: string;
  target: Target | null;
}

/**
 * @tag tabel-grade-table
 * @summary Subjects × marks for a period: each mark with its weight and control form, the weighted
 * average and the period mark per subject, marks new since a date highlighted; sortable by subject,
 * average or distance to the target. A real `<table>` with a caption and scoped headers.
 *
 * @csspart table - The `<table>`.
 * @csspart mark - A mark chip.
 * @csspart new-mark - A mark chip dated on or after `since` (also has the `mark` part).
 * @csspart period-mark - A period mark badge.
 * @csspart legend - The line under the table explaining the weights and the control forms' short labels.
 */
export class TabelGradeTable extends TabelTargetedElement<TableModel, (typeof strings)['ru']> {
  static override styles = styles;
  protected static override strings = strings;
  static override properties = {
    since: {},
    sort: { reflect: true },
    descending: { type: Boolean, reflect: true },
  };

  /** ISO date: marks dated on or after it are highlighted as new. */
  declare since: string;
  /** Sort column: `subject`, `average`, `distance` (to the target); the diary's order when empty. */
  declare sort: GradeTableSort;
  /** Sort in descending order. */
  declare descending: boolean;

  /** The subjects in the order shown. */
  get subjects(): string[] {
    return this.ok?.rows.map((r) => r.subject.id) ?? [];
  }

  protected compute({ diary, policy, period }: Scope): TableModel {
    const target = this.targetUnder(policy);
    const t = target?.value ?? null;
    const tf = t === null ? null : decimalFraction(t);
    const rows: Row[] = subjectSummaries(diary, period ? { period: period.id, policy } : { policy }).map((r) => ({
      ...r,
      distance: r.average === null || t === null ? null : r.average - t,
      vsTarget: r.exact && tf ? compare(r.exact, tf) : null,
    }));
    const key = this.sort;
    if (key) {
      const collator = new Intl.Collator(this.loc);
      const value = (r: Row): number | null => (key === 'average' ? r.average : r.distance);
      rows.sort((a, b) => {
        if (key === 'subject') return collator.compare(a.subject.name, b.subject.name) * (this.descending ? -1 : 1);
        const x = value(a);
        const y = value(b);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // no average: always last
        return (x - y) * (this.descending ? -1 : 1);
      });
    }
    return { rows, policy, period, student: diary.student.name, target };
  }

  private sortBy(key: GradeTableSort): void {
    this.descending = this.sort === key ? !this.descending : key === 'average';
    this.sort = key;
  }

  private head(key: GradeTableSort, label: string): TemplateResult {
    const on = this.sort === key;
    return html`<th scope="col" aria-sort=${on ? (this.descending ? 'descending' : 'ascending') : nothing}>
      <button type="button" @click=${() => this.sortBy(key)}>${label} <span aria-hidden="true">${on ? (this.descending ? '▼' : '▲') : '↕'}</span></button>
    </th>`;
  }

  private gap(r: Row): TemplateResult {
    if (r.vsTarget === null || r.distance === null) return html`<span class="muted">—</span>`;
    const below = r.vsTarget < 0;
    // Below the target the gap is rounded up, so a miss never shows as 0,00.
    const hundredths = below ? Math.ceil(-r.distance * 100 - 1e-9) : Math.floor(r.distance * 100 + 1e-9);
    return html`<span class=${below ? 'below' : 'above'}>${below ? '−' : '+'}${nf(this.loc, 2).format(hundredths / 100)}</span>`;
  }

  protected body(m: TableModel): TemplateResult {
    const { s, loc } = this;
    const t = m.target;
    const since = this.since?.slice(0, 10);
    const targetLabel = t ? (t.mark !== null ? String(t.mark) : formatNumber(t.value!, loc)) : '';
    const kinds = kindLabels(m.rows.flatMap((r) => r.marks.flatMap((x) => (x.kind ? [x.kind] : []))));
    return html`<table part="table">
      <caption>
        ${s.marksCol} · ${m.period?.name ?? s.allTime}${m.student ? ` · ${m.student}` : ''}
        <span class="muted">${ruleText(m.policy.thresholds, s, loc)}${since ? html` · <span class="mk new" aria-hidden="true"></span> ${s.newMarks(formatDate(since, loc))}` : nothing}</span>
      </caption>
      <thead>
        <tr>
          ${this.head('subject', s.subject)}
          <th scope="col">${s.marksCol}</th>
          ${this.head('average', s.avgCol)}
          <th scope="col">${s.periodMark}</th>
          ${t ? this.head('distance', `${s.toTarget} ${targetLabel}`) : nothing}
        </tr>
      </thead>
      <tbody>
        ${m.rows.map(
          (r) => html`<tr>
            <th scope="row">${r.subject.name}</th>
            <td>${
              r.marks.length
                ? r.marks.map((mk) =>
                    chip({ s, loc, kinds }, mk, exclusionOf(mk, r.scale, true) === null, !!since && mk.date.slice(0, 10) >= since),
                  )
                : html`<span class="muted">${s.noMarks}</span>`
            }</td>
            <td class="num">${approx(r.approximate)}${formatAverage(r.exact, loc)}</td>
            <td>${badge(r.periodMark, s.periodMark)}</td>
            ${t ? html`<td class="num">${this.gap(r)}</td>` : nothing}
          </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted legend" part="legend">
      ${[s.weightLegend, ...[...kinds].map(([kind, label]) => `${label} — ${kind}`)].join(' · ')}
    </p>
    ${approxNote(
      s,
      m.rows.some((r) => r.exact && r.approximate),
    )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tabel-grade-table': TabelGradeTable;
  }
}
