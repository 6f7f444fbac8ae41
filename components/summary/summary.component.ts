import { html, nothing, type TemplateResult } from 'lit';
import { addDays } from '../../lib/dates';
import { overallAverage, subjectSummaries, type OverallAverage, type SubjectSummary } from '../../lib/grades/diary';
import { compare, decimalFraction } from '../../lib/grades/fraction';
import type { Diary, Mark, Period } from '../../lib/model/types';
import type { Scope } from '../internal/base';
import { TabelTargetedElement, type Target } from '../internal/targeted';
import { approx, approxNote, badge, chip } from '../internal/templates';
import strings from './summary.strings';
import { formatAverage, formatDate, formatNumber } from '../internal/i18n';
import styles from './summary.styles';

interface SummaryModel {
  diary: Diary;
  period: Period | null;
  overall: OverallAverage;
  target: Target;
  below: SubjectSummary[];
  since: string;
  /** New marks, newest first, grouped by subject (the subject with the newest mark first). */
  fresh: Array<{ subject: string; marks: Mark[] }>;
  /** Absences by kind in the period; null when the diary has no attendance. */
  attendance: Record<string, number> | null;
}

/**
 * @tag tabel-summary
 * @summary One student at a glance: the overall average, the subjects below the target, the new
 * marks, and attendance where the diary has it. Put several on a page for several children.
 *
 * @csspart base - The `<section>`.
 * @csspart mark - A new mark chip.
 * @csspart period-mark - A period mark badge.
 */
export class TabelSummary extends TabelTargetedElement<SummaryModel, (typeof strings)['ru']> {
  static override styles = styles;
  protected static override strings = strings;
  static override properties = {
    since: {},
  };

  /** ISO date: marks dated on or after it are "new" (default: the last 7 days with marks). */
  declare since: string;

  /** The mean of the subjects' weighted averages. */
  get average(): number | null {
    return this.ok?.overall.meanOfAverages ?? null;
  }

  /** Ids of the subjects below the target. */
  get below(): string[] {
    return this.ok?.below.map((r) => r.subject.id) ?? [];
  }

  /** The marks counted as new. */
  get newMarks(): Mark[] {
    return this.ok?.fresh.flatMap((f) => f.marks) ?? [];
  }

  protected compute({ diary, policy, period, marks }: Scope): SummaryModel {
    const summaries = subjectSummaries(diary, period ? { period: period.id, policy } : { policy });
    const target = this.targetUnder(policy, 4)!;
    const t = target.value === null ? null : decimalFraction(target.value);
    const below = t ? summaries.filter((r) => r.exact && compare(r.exact, t) < 0) : [];
    const latest = marks.reduce((a, m) => (m.date > a ? m.date : a), '').slice(0, 10);
    const since = this.since?.slice(0, 10) || (latest ? addDays(latest, -6) : '');
    const groups = new Map<string, Mark[]>();
    for (const m of marks
      .filter((m) => since && m.date.slice(0, 10) >= since)
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))) {
      groups.set(m.subject, [...(groups.get(m.subject) ?? []), m]);
    }
    const fresh = [...groups].map(([id, list]) => ({ subject: diary.subjects.find((x) => x.id === id)?.name ?? id, marks: list }));
    let attendance: Record<string, number> | null = null;
    if (diary.attendance) {
      attendance = {};
      for (const a of diary.attendance) {
        const day = a.date.slice(0, 10);
        if (period && (day < period.start.slice(0, 10) || day > period.end.slice(0, 10))) continue;
        attendance[a.kind] = (attendance[a.kind] ?? 0) + 1;
      }
    }
    return { diary, period, overall: overallAverage(summaries), target, below, since, fresh, attendance };
  }

  protected body(m: SummaryModel): TemplateResult {
    const { s, loc } = this;
    const st = m.diary.student;
    const t = m.target;
    return html`<section part="base" aria-label=${st.name || s.average}>
      <header>
        ${st.name ? html`<span class="name">${st.name}</span>` : nothing}
        <span class="muted">${[st.className, st.school, m.period?.name ?? s.allTime].filter(Boolean).join(' · ')}</span>
      </header>
      <dl>
        <div>
          <dt>${s.average}</dt>
          <dd>
            <span class="big">${approx(m.overall.approximate)}${formatAverage(m.overall.meanOfAverages, loc)}</span>
            <span class="muted">(${s.marksOfPeriod} ${formatAverage(m.overall.meanOfPeriodMarks, loc)})</span>
            ${approxNote(s, m.overall.approximate)}
          </dd>
        </div>
        <div>
          <dt>${s.below(t.mark !== null ? String(t.mark) : formatNumber(t.value ?? 0, loc))}</dt>
          <dd>
            ${
              m.below.length
                ? html`<ul>
                  ${m.below.map((r) => html`<li>${r.subject.name} <b>${approx(r.approximate)}${formatAverage(r.exact, loc)}</b> ${badge(r.periodMark, s.periodMark)}</li>`)}
                </ul>`
                : s.none
            }
          </dd>
        </div>
        <div>
          <dt>${m.since ? s.newMarks(formatDate(m.since, loc)) : s.newMarks('—')}</dt>
          <dd>
            ${
              m.fresh.length
                ? html`<ul class="fresh">
                  ${m.fresh.map((f) => html`<li><span class="muted">${f.subject}</span> ${f.marks.map((x) => chip({ s, loc }, x, typeof x.value === 'number'))}</li>`)}
                </ul>`
                : s.none
            }
          </dd>
        </div>
        ${
          m.attendance
            ? html`<div>
              <dt>${s.absences}</dt>
              <dd>
                ${
                  Object.entries(m.attendance)
                    .map(([k, n]) => `${s.attendance[k] ?? k}: ${n}`)
                    .join(' · ') || s.none
                }
              </dd>
            </div>`
            : nothing
        }
      </dl>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tabel-summary': TabelSummary;
  }
}
