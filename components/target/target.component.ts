import { html, nothing, type TemplateResult } from 'lit';
import { averageOf, type AverageResult } from '../../lib/grades/average';
import type { RoundingPolicy } from '../../lib/grades/policy';
import type { NumericScale } from '../../lib/grades/tally';
import { marksNeeded, marksTolerated, whatIf, type HypotheticalMark } from '../../lib/grades/targets';
import type { Mark, Period, Subject } from '../../lib/model/types';
import type { Scope } from '../internal/base';
import { decimal, TabelTargetedElement, type Target } from '../internal/targeted';
import { approx, approxNote, badge, chip } from '../internal/templates';
import strings from './target.strings';
import { formatAverage, formatNumber, plural, ruleText } from '../internal/i18n';
import { countOfMarks } from './count-of-marks';
import styles from './target.styles';

/** A what-if mark: the value and (default 1) weight of a mark not given yet. */
export interface WhatIfMark {
  value: number;
  weight?: number;
}

/** `detail` of the `tabel-change` event. */
export interface TargetChangeDetail {
  subject: string;
  /** The target average in force (null: the rule gives no such mark). */
  target: number | null;
  /** The target period mark, when the target is one. */
  targetMark: number | null;
  /** Average and period mark with the what-if marks counted. */
  average: number | null;
  periodMark: number | null;
  needed: number | null;
  tolerated: number | null;
  whatIf: WhatIfMark[];
  next: { value: number; weight: number };
}

interface TargetModel {
  subjects: Subject[];
  subject: Subject;
  period: Period | null;
  policy: RoundingPolicy;
  scale: NumericScale;
  top: number;
  target: Target;
  now: AverageResult;
  result: AverageResult;
  needed: number | null;
  tolerated: number | null;
  next: { value: number; weight: number };
  risk: number;
}

const TOP: Record<NumericScale, number> = { five: 5, ten: 10, hundred: 100 };

/**
 * @tag tabel-target
 * @summary The target calculator: pick a target (an average or a period mark), see how many marks of
 * a value and weight are needed to reach it, how many low marks can still come without losing it,
 * and add what-if marks that update everything live. Says "unreachable" plainly when it is.
 *
 * Without `target` and `target-mark`, the target is the period mark one above the current one.
 *
 * @event {CustomEvent<TargetChangeDetail>} tabel-change - The target, the counted mark, the subject or the what-if marks were edited in the widget; `detail` holds the results after the edit.
 * @csspart base - The `<form>`.
 * @csspart result - The live results box.
 * @csspart what-if - The what-if fieldset.
 * @csspart mark - A what-if mark chip.
 * @csspart period-mark - The period mark badge.
 * @csspart rule - The period and the rounding rule in use, under the form.
 */
export class TabelTarget extends TabelTargetedElement<TargetModel, (typeof strings)['ru']> {
  static override styles = styles;
  protected static override strings = strings;
  static override properties = {
    nextValue: { attribute: 'next-value', converter: decimal },
    nextWeight: { attribute: 'next-weight', converter: decimal },
    riskValue: { attribute: 'risk-value', converter: decimal },
    whatIf: { attribute: false },
  };

  /** Value of the marks counted in "how many are needed" (default 5, the top of the scale). */
  declare nextValue: number | undefined;
  /** Weight of those marks (default 1); also the weight of the low marks in "how many can still come". */
  declare nextWeight: number | undefined;
  /** Value of the low marks in "how many can still come" (default 2, the policy's lowest mark). */
  declare riskValue: number | undefined;
  /** What-if marks, counted in every result. */
  declare whatIf: WhatIfMark[];

  constructor() {
    super();
    this.whatIf = [];
  }

  /** How many more `next-value` marks reach the target: 0 when reached, null when unreachable. */
  get needed(): number | null {
    return this.ok?.needed ?? null;
  }

  /** How many more `risk-value` marks keep the target: `Infinity` when they cannot lose it, null when it is not reached. */
  get tolerated(): number | null {
    return this.ok?.tolerated ?? null;
  }

  /** The average with the what-if marks. */
  get average(): number | null {
    return this.ok?.result.average ?? null;
  }

  /** The period mark with the what-if marks. */
  get periodMark(): number | null {
    return this.ok?.result.periodMark ?? null;
  }

  /** The target average in force. */
  get targetAverage(): number | null {
    return this.ok?.target.value ?? null;
  }

  protected compute({ diary, policy, period, marks }: Scope): TargetModel | string {
    const s = this.s;
    const subject = this.subject
      ? this.subjectIn(diary, this.subject)
      : (diary.subjects.find((x) => marks.some((m) => m.subject === x.id)) ?? diary.subjects[0]);
    if (!subject) return this.subject ? s.noSubject(this.subject) : s.noMarks;
    const own: Mark[] = marks.filter((m) => m.subject === subject.id);
    const now = averageOf(own, policy);
    const scale = now.scale;
    const top = TOP[scale];
    const extra = this.whatIf.map((h) => ({ value: h.value, weight: h.weight ?? 1, scale, isPoint: false }));
    const result = whatIf(own, extra as HypotheticalMark[], policy);
    const best = policy.thresholds[0]?.mark ?? top;
    const target = this.targetUnder(policy, now.periodMark === null ? best : Math.min(now.periodMark + 1, best))!;
    const next = { value: this.nextValue ?? top, weight: this.nextWeight ?? 1 };
    const risk = this.riskValue ?? policy.lowest;
    const all = [...own, ...extra];
    const t = target.value;
    return {
      subjects: diary.subjects,
      subject,
      period,
      policy,
      scale,
      top,
      target,
      now,
      result,
      needed: t === null ? null : marksNeeded(all, t, next, { scale }),
      tolerated: t === null ? null : marksTolerated(all, t, { value: risk, weight: next.weight }, { scale }),
      next,
      risk,
    };
  }

  /** Tells the page what changed, with the new results. */
  private changed(): void {
    const m = this.ok;
    if (!m) return;
    const detail: TargetChangeDetail = {
      subject: m.subject.id,
      target: m.target.value,
      targetMark: m.target.mark,
      average: m.result.average,
      periodMark: m.result.periodMark,
      needed: m.needed,
      tolerated: m.tolerated,
      whatIf: this.whatIf.map((h) => ({ ...h })),
      next: { ...m.next },
    };
    this.emit('tabel-change', detail);
  }

  private num(e: Event): number {
    return Number((e.target as HTMLInputElement).value.replace(',', '.'));
  }

  /** Another subject: its own marks, so the what-if marks of the previous one are dropped. */
  private onSubject(e: Event): void {
    this.subject = (e.target as HTMLSelectElement).value;
    this.whatIf = [];
    this.changed();
  }

  private onTarget(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    if (v === 'avg') this.target = this.ok?.target.value ?? undefined;
    else {
      this.target = undefined;
      this.targetMark = Number(v);
    }
    this.changed();
  }

  private onInput(key: 'target' | 'nextValue' | 'nextWeight', e: Event): void {
    const v = this.num(e);
    if (!Number.isFinite(v) || v <= 0) return;
    this[key] = v;
    this.changed();
  }

  private add(): void {
    const field = (name: string) =>
      Number((this.renderRoot.querySelector(`[name=${name}]`) as HTMLInputElement | null)?.value.replace(',', '.'));
    const value = field('wv');
    const weight = field('ww');
    if (!(value > 0) || !(weight > 0)) return;
    this.whatIf = [...this.whatIf, { value, weight }];
    this.changed();
  }

  private drop(i: number): void {
    this.whatIf = this.whatIf.filter((_, j) => j !== i);
    this.changed();
    // Keep the keyboard where it was: on the next chip's button, or the add button.
    void this.updateComplete.then(() =>
      (
        this.renderRoot.querySelectorAll<HTMLButtonElement>('li button')[i] ?? this.renderRoot.querySelector<HTMLButtonElement>('.add')
      )?.focus(),
    );
  }

  private verdicts(m: TargetModel): TemplateResult {
    const { s, loc } = this;
    const t = m.target.value;
    if (t === null) return html`<p class="key bad">${s.noThreshold}</p>`;
    const tl = formatNumber(t, loc);
    const n = m.needed;
    const tol = m.tolerated;
    const needed =
      n === null
        ? html`<p class="key bad">${s.unreachable(s.withMarks(formatNumber(m.next.value, loc)), tl)}</p>`
        : n === 0
          ? html`<p class="key ok">✓ ${s.reached(tl)}</p>`
          : html`<p class="key">${s.needed(n, countOfMarks(s, loc, n, m.next.value, m.next.weight), tl)}</p>`;
    const tolerated =
      tol === null || tol === Infinity
        ? nothing
        : tol === 0
          ? html`<p>${s.toleratedNone(s.one[m.risk] ?? s.oneOf(formatNumber(m.risk, loc)), tl)}</p>`
          : html`<p>${s.tolerated(tol, countOfMarks(s, loc, tol, m.risk, m.next.weight), tl)}</p>`;
    return html`${needed}${tolerated}`;
  }

  protected body(m: TargetModel): TemplateResult {
    const { s, loc } = this;
    const custom = m.target.mark === null;
    const step = m.scale === 'five' ? 0.01 : 0.1;
    return html`<form part="base" @submit=${(e: Event) => e.preventDefault()}>
      <div class="row">
        <label>${s.subject}
          <select @change=${this.onSubject}>
            ${m.subjects.map((x) => html`<option value=${x.id} ?selected=${x.id === m.subject.id}>${x.name}</option>`)}
          </select>
        </label>
        <label>${s.target}
          <select @change=${this.onTarget}>
            ${m.policy.thresholds.map(
              (x) =>
                html`<option value=${x.mark} ?selected=${!custom && m.target.mark === x.mark}>${x.mark} (${s.from} ${formatNumber(Number(x.from), loc)})</option>`,
            )}
            <option value="avg" ?selected=${custom}>${s.ownAverage}</option>
          </select>
        </label>
        ${
          custom
            ? html`<label>${s.average}
              <input type="number" inputmode="decimal" min="0" max=${m.top} step=${step} .value=${String(m.target.value)} @input=${(e: Event) => this.onInput('target', e)} />
            </label>`
            : nothing
        }
        <label>${s.counting}
          <input type="number" min="1" max=${m.top} step="1" .value=${String(m.next.value)} @input=${(e: Event) => this.onInput('nextValue', e)} />
        </label>
        <label>${s.weight}
          <input type="number" min="0.5" max="10" step="0.5" .value=${String(m.next.weight)} @input=${(e: Event) => this.onInput('nextWeight', e)} />
        </label>
      </div>
      <div class="result" part="result" role="status">
        <p class="now">
          ${s.now}: <span class="v">${approx(m.now.approximate)}${formatAverage(m.now.exact, loc)}</span> → ${badge(m.now.periodMark, s.periodMark)}
          <span class="muted">· ${m.now.count} ${plural(loc, m.now.count, s.marks)}</span>
        </p>
        ${
          this.whatIf.length
            ? html`<p class="now">${s.withWhatIf}: <span class="v">${approx(m.result.approximate)}${formatAverage(m.result.exact, loc)}</span> → ${badge(m.result.periodMark, s.periodMark)}</p>`
            : nothing
        }
        ${this.verdicts(m)} ${approxNote(s, m.now.approximate)}
      </div>
      <fieldset part="what-if">
        <legend>${s.whatIf}</legend>
        <ul>
          ${this.whatIf.map(
            (h, i) =>
              html`<li>${chip({ s, loc }, { value: h.value, weight: h.weight ?? 1 })}<button type="button" aria-label=${`${s.remove} ${formatNumber(h.value, loc)}, ${s.weight} ${formatNumber(h.weight ?? 1, loc)}`} @click=${() => this.drop(i)}>×</button></li>`,
          )}
        </ul>
        <label>${s.mark} <input name="wv" type="number" min="1" max=${m.top} step="1" value=${m.top} /></label>
        <label>${s.weight} <input name="ww" type="number" min="0.5" max="10" step="0.5" value="1" /></label>
        <button class="add" type="button" @click=${this.add}>${s.add}</button>
      </fieldset>
      <p class="muted rule" part="rule">${m.period?.name ?? s.allTime} · ${ruleText(m.policy.thresholds, s, loc)}</p>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tabel-target': TabelTarget;
  }
}
