import { html, nothing, type TemplateResult } from 'lit';
import { explainAverage, type AverageExplanation } from '../../lib/grades/average';
import { overallAverage, subjectSummaries, type SubjectSummary } from '../../lib/grades/diary';
import { periodMark, type RoundingPolicy } from '../../lib/grades/policy';
import type { Mark, Period, Subject } from '../../lib/model/types';
import { TabelElement, type Scope } from '../internal/base';
import { approx, approxNote, badge, chip } from '../internal/templates';
import strings from './average.strings';
import { formatAverage, formatNumber, plural, ruleText } from '../internal/i18n';
import styles from './average.styles';

interface AverageModel {
  average: number | null;
  periodMark: number | null;
  count: number;
  /** A counted mark's weight is unknown. */
  approximate: boolean;
  policy: RoundingPolicy;
  period: Period | null;
  /** Set for one subject: how its average was built. */
  subject?: Subject;
  explanation?: AverageExplanation<Mark>;
  /** Set for the whole diary: the subjects averaged. */
  subjects?: SubjectSummary[];
  meanOfPeriodMarks?: number | null;
}

/**
 * @tag tabel-average
 * @summary A subject's (or the whole diary's) weighted average, the period mark it rounds to under
 * the rounding rule, the number of marks counted, and an expandable explanation of how it was built.
 *
 * Without `subject`, the average is the mean of the subjects' weighted averages (and the mean of
 * their period marks is shown beside it).
 *
 * @csspart base - The widget's content.
 * @csspart value - The average.
 * @csspart period-mark - The period mark badge.
 * @csspart rule - The rounding rule in use.
 * @csspart details - The expandable explanation.
 * @csspart mark - A mark chip in the explanation.
 */
export class TabelAverage extends TabelElement<AverageModel, (typeof strings)['ru']> {
  static override styles = styles;
  protected static override strings = strings;

  /** The weighted average (a number, not rounded), or null when no mark counts. */
  get average(): number | null {
    return this.ok?.average ?? null;
  }

  /** The period mark the average rounds to under `policy`, or null. */
  get periodMark(): number | null {
    return this.ok?.periodMark ?? null;
  }

  /** The number of marks counted. */
  get count(): number {
    return this.ok?.count ?? 0;
  }

  protected compute({ diary, policy, period, marks }: Scope): AverageModel | string {
    if (this.subject) {
      const subject = this.subjectIn(diary, this.subject);
      if (!subject) return this.s.noSubject(this.subject);
      const explanation = explainAverage(
        marks.filter((m) => m.subject === subject.id),
        policy,
      );
      return {
        average: explanation.average,
        periodMark: explanation.periodMark,
        count: explanation.count,
        approximate: explanation.approximate,
        policy,
        period,
        subject,
        explanation,
      };
    }
    const subjects = subjectSummaries(diary, period ? { period: period.id, policy } : { policy });
    const all = overallAverage(subjects);
    return {
      average: all.meanOfAverages,
      periodMark: periodMark(all.meanOfAverages, policy),
      count: subjects.reduce((n, x) => n + x.count, 0),
      approximate: all.approximate,
      policy,
      period,
      subjects,
      meanOfPeriodMarks: all.meanOfPeriodMarks,
    };
  }

  protected body(m: AverageModel): TemplateResult {
    const { s, loc } = this;
    const x = m.explanation;
    return html`<div part="base">
      <div class="head">${m.subject?.name ?? s.allSubjects} <span class="muted">· ${m.period?.name ?? s.allTime}</span></div>
      <div class="main">
        <span class="value" part="value"><span class="sr">${s.average} </span>${approx(m.approximate)}${formatAverage(x ? x.exact : m.average, loc)}</span>
        <span aria-hidden="true" class="muted">→</span>
        ${badge(m.periodMark, s.periodMark)}
        <span class="muted">${m.count} ${plural(loc, m.count, s.marks)}</span>
      </div>
      ${approxNote(s, m.approximate)}
      <p class="muted rule" part="rule">${ruleText(m.policy.thresholds, s, loc)}</p>
      <details part="details">
        <summary>${s.how}</summary>
        ${
          x
            ? html`<p>${s.formula} = ${formatNumber(x.sum, loc)} / ${formatNumber(x.weight, loc)} = ${formatAverage(x.exact, loc)}</p>
              <p>${s.counted}: ${x.counted.length ? x.counted.map((c) => chip({ s, loc }, c)) : s.none}</p>
              ${
                x.excluded.length
                  ? html`<p>${s.excluded}: ${x.excluded.map((e) => html`${chip({ s, loc }, e.mark, false)} <span class="muted">(${s.reasons[e.reason]})</span> `)}</p>`
                  : nothing
              }`
            : html`<p>${s.subjectsMean}:</p>
              <ul>
                ${m.subjects!.map(
                  (r) =>
                    html`<li>${r.subject.name}: <b>${formatAverage(r.exact, loc)}</b> <span class="muted">(${r.count} ${plural(loc, r.count, s.marks)})</span></li>`,
                )}
              </ul>
              <p class="muted">${s.marksOfPeriod}: ${formatAverage(m.meanOfPeriodMarks, loc)}</p>`
        }
      </details>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tabel-average': TabelAverage;
  }
}
