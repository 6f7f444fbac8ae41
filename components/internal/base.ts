import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { currentPeriod, marksInPeriod, policyNamed, policyProblems, thresholdFor, type RoundingPolicy } from '../../lib/grades';
import { parseDiary, parseMarks, type ParseResult } from '../../lib/model';
import { todayOf } from '../../lib/dates';
import type { Diary, Mark, Period, Subject } from '../../lib/model/types';
import { formatDate, formatNumber, kindShort, langOf, loadStrings, localeFor, stringsFor, type Strings } from './i18n';

/** What every widget works on: the valid diary, the rounding policy and the period in force. */
export interface Scope {
  diary: Diary;
  policy: RoundingPolicy;
  /** The period chosen by the `period` attribute; null for all marks. */
  period: Period | null;
  /** The diary's marks in that period (all subjects). */
  marks: Mark[];
}

/** A bare `Mark[]` as a diary: subjects named by their ids, no periods. */
function diaryOf(r: ParseResult<Mark[]>): ParseResult<Diary> {
  if (!r.ok) return r;
  const subjects = [...new Set(r.value.map((m) => m.subject))].map((id) => ({ id, name: id }));
  return { ok: true, value: { version: 1, student: { id: '', name: '' }, subjects, periods: [], marks: r.value } };
}

/** Dispatches a bubbling, composed `CustomEvent` from the element (outside the class, so the manifest lists only the documented events). */
function fire(el: HTMLElement, type: string, detail: unknown): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

// Widgets that follow `<html lang>` re-render when it changes (a page's language switch).
const following = new Set<TabelElement<unknown>>();
let watcher: MutationObserver | undefined;

/**
 * The data side every `tabel-*` element shares: `data` (a Diary), `marks` (a Mark[]) or `src` (a
 * URL returning either), validated with the model's `parseDiary` / `parseMarks`; an invalid input
 * renders an inline error, never a blank. Also `lang`, `policy`, `subject` and `period`.
 *
 * @event tabel-load - `src` was fetched and its data accepted. `detail: { src }`.
 * @event tabel-error - The data given was rejected (invalid, or `src` failed). `detail: { error }`, a `TabelDataError` or `Error`.
 * @csspart error - The inline error message shown for invalid data.
 * @csspart empty - The placeholder shown before data arrives.
 * @cssproperty --tabel-color-text - Text colour.
 * @cssproperty --tabel-color-muted - Secondary text colour.
 * @cssproperty --tabel-color-surface - Background of the card.
 * @cssproperty --tabel-color-surface-alt - Background of mark chips and the results box.
 * @cssproperty --tabel-color-border - Borders and rules.
 * @cssproperty --tabel-color-accent - Links, focus ring, period mark 4.
 * @cssproperty --tabel-color-good - Period mark 5, a target reached.
 * @cssproperty --tabel-color-warn - Period mark 3.
 * @cssproperty --tabel-color-bad - Period mark 2, below target, errors.
 * @cssproperty --tabel-color-new - Marks new since `since`.
 * @cssproperty --tabel-font-family - Font family (system UI font).
 * @cssproperty --tabel-font-size - Base font size (14px).
 * @cssproperty --tabel-radius - Corner radius of the card (8px).
 * @cssproperty --tabel-padding - Padding of the card (12px 16px).
 */
export abstract class TabelElement<M> extends LitElement {
  static override properties: PropertyDeclarations = {
    data: { attribute: false, hasChanged: () => true },
    marks: { attribute: false, hasChanged: () => true },
    src: {},
    allowRedirect: { type: Boolean, attribute: 'allow-redirect' },
    lang: { reflect: true },
    policy: {},
    rules: { attribute: false },
    subject: {},
    period: {},
  };

  /**
   * URL of a JSON document holding a `Diary`, or an array of `Mark`s. It must be served as JSON, be
   * at most 16 MB and answer within 20 s; else the widget shows why.
   */
  declare src: string;
  /** Accept a `src` that redirects to another origin (refused by default). */
  declare allowRedirect: boolean;
  /** Language of the widget: `ru` (default) or `en`. Without it, the page's `lang` applies. */
  declare lang: string;
  /** Rounding rule preset: `standard` (5 from 4.5), `point6` or `point7`. */
  declare policy: string;
  /** A school's own rounding rule (a `RoundingPolicy` object); set from script, it wins over `policy`. */
  declare rules: RoundingPolicy | undefined;
  /** Subject id (or exact name). */
  declare subject: string;
  /** Period id, or `current` for the period of today (or of the latest mark); all marks when absent. */
  declare period: string;

  private _data?: unknown;
  private _marks?: unknown;
  private _diary: Diary | null = null;
  private _error = '';
  private _loading = false;
  private _abort?: AbortController;
  private _memo?: { v: M | string };

  /** The diary to show (validated on every set). */
  get data(): Diary | undefined {
    return this._data as Diary | undefined;
  }
  set data(value: Diary | undefined) {
    this._data = value;
    this._abort?.abort();
    this._take(value == null ? null : parseDiary(value));
  }

  /** A bare list of marks to show instead of a diary (subjects are then named by their ids). */
  get marks(): Mark[] | undefined {
    return this._marks as Mark[] | undefined;
  }
  set marks(value: Mark[] | undefined) {
    this._marks = value;
    this._abort?.abort();
    this._take(value == null ? null : diaryOf(parseMarks(value)));
  }

  /** The validated diary in use, or null while there is none. */
  get diary(): Diary | null {
    return this._diary;
  }

  private _take(r: ParseResult<Diary> | null): void {
    this._diary = r?.ok ? r.value : null;
    this._error = r && !r.ok ? r.error.message : '';
    if (r && !r.ok) this.emit('tabel-error', { error: r.error });
    this.requestUpdate();
  }

  /** An update in English waits for the English strings (a chunk of their own) the first time. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const wait = loadStrings(langOf(this));
    return wait ? wait.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  override requestUpdate(...args: Parameters<LitElement['requestUpdate']>): void {
    this._memo = undefined;
    super.requestUpdate(...args);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    following.add(this);
    if (!watcher && typeof MutationObserver === 'function') {
      watcher = new MutationObserver(() => following.forEach((el) => el.requestUpdate()));
      watcher.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    following.delete(this);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('src') && this.src) void this._load(this.src);
  }

  private async _load(src: string): Promise<void> {
    this._abort?.abort();
    const ac = (this._abort = new AbortController());
    this._loading = true;
    this._diary = null;
    this._error = '';
    try {
      const { jsonAt } = await import('./load');
      const json = await jsonAt(src, ac.signal, this.allowRedirect);
      if (ac.signal.aborted) return;
      this._loading = false;
      this._take(Array.isArray(json) ? diaryOf(parseMarks(json)) : parseDiary(json));
      if (this._diary) this.emit('tabel-load', { src });
    } catch (e) {
      if (ac.signal.aborted) return;
      this._loading = false;
      const error = e instanceof Error ? e : new Error(String(e));
      this._error = error.message.startsWith(src) ? error.message : `${src}: ${error.message}`;
      this.emit('tabel-error', { error });
      this.requestUpdate();
    }
  }

  /** Fires a composed, bubbling `CustomEvent` (see `fire`). */
  protected emit(type: string, detail: unknown): void {
    fire(this, type, detail);
  }

  protected get s(): Strings {
    return stringsFor(langOf(this));
  }

  protected get loc(): string {
    return localeFor(langOf(this));
  }

  /** The current results, computed once per change of input; a string says what is wrong; null before data. */
  protected get model(): M | string | null {
    if (!this._diary) return null;
    if (!this._memo) {
      const scope = this.scope(this._diary);
      this._memo = { v: typeof scope === 'string' ? scope : this.compute(scope) };
    }
    return this._memo.v;
  }

  /** The model when there is a valid one. */
  protected get ok(): M | null {
    const m = this.model;
    return m === null || typeof m === 'string' ? null : m;
  }

  private scope(diary: Diary): Scope | string {
    const s = this.s;
    const custom = this.rules && !policyProblems(this.rules).length ? this.rules : null;
    const policy = custom ?? policyNamed(this.policy || 'standard');
    if (!policy) return s.noPolicy(this.policy);
    let period: Period | null = null;
    if (this.period === 'current') {
      // The one rule every Tabel screen uses: the term holding today in the school's zone, else the one just ended.
      period = currentPeriod(diary.periods, todayOf(diary));
    } else if (this.period) {
      period = diary.periods.find((p) => p.id === this.period) ?? null;
      if (!period) return s.noPeriod(this.period);
    }
    return { diary, policy, period, marks: period ? marksInPeriod(diary, period.id) : diary.marks };
  }

  /** A subject by id or exact name. */
  protected subjectIn(diary: Diary, key: string): Subject | undefined {
    return diary.subjects.find((x) => x.id === key || x.name === key);
  }

  protected abstract compute(scope: Scope): M | string;
  protected abstract body(model: M): TemplateResult;

  protected override render(): TemplateResult {
    const s = this.s;
    const m = this.model;
    const error = this._error || (typeof m === 'string' ? m : '');
    if (error) return html`<p class="error" part="error" role="alert"><strong>${s.error}</strong> ${error}</p>`;
    if (m === null || typeof m === 'string') return html`<p class="muted" part="empty">${this._loading ? s.loading : s.empty}</p>`;
    return this.body(m);
  }

  /** Short labels of control forms, when a widget needs them unique (the grade table and its legend). */
  protected kinds?: Map<string, string>;

  /** A mark as a chip: value, weight, short control form; full details for screen readers and as a tooltip. */
  protected chip(m: Pick<Mark, 'value' | 'weight'> & Partial<Mark>, counted = true, isNew = false): TemplateResult {
    const s = this.s;
    const loc = this.loc;
    const value = typeof m.value === 'number' ? formatNumber(m.value, loc) : m.value;
    const info = [value, `${s.weight} ${formatNumber(m.weight, loc)}`, m.kind, m.date && formatDate(m.date, loc)]
      .filter(Boolean)
      .join(', ');
    return html`<span class="mk${counted ? '' : ' off'}${isNew ? ' new' : ''}" part=${isNew ? 'mark new-mark' : 'mark'} title=${info}
      ><b aria-hidden="true">${value}</b><sub aria-hidden="true">${formatNumber(m.weight, loc)}</sub>${
        m.kind ? html`<small aria-hidden="true">${this.kinds?.get(m.kind) ?? kindShort(m.kind)}</small>` : nothing
      }<span class="sr">${info}${isNew ? `, ${s.isNew}` : ''}</span></span
    >`;
  }

  /** A period mark as a badge (the number is always written: colour is never the only signal). */
  protected badge(mark: number | null, label: string): TemplateResult {
    return mark === null
      ? html`<span class="pm muted" part="period-mark" title=${label}>—</span>`
      : html`<span class="pm m${mark}" part="period-mark" title=${label}><span class="sr">${label} </span>${mark}</span>`;
  }
}

/** Attribute converter for numbers people type: "4.5" and "4,5" alike; empty or not a number → undefined (the default applies). */
export const decimal = {
  fromAttribute: (v: string | null): number | undefined => {
    const n = v === null || v.trim() === '' ? NaN : Number(v.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : undefined;
  },
  toAttribute: (v: number | undefined): string | null => (v === undefined || v === null ? null : String(v)),
};

/** A target in force: an average (`target`), or a period mark's threshold (`target-mark`). */
export interface Target {
  /** The least average that meets it; null when the policy gives no such mark (unreachable). */
  value: number | null;
  /** The period mark aimed at, when the target was given as one. */
  mark: number | null;
}

/** `target` wins over `target-mark`; null when neither is set (or `fallbackMark` is not given). */
export function targetOf(
  policy: RoundingPolicy,
  target: number | undefined,
  targetMark: number | undefined,
  fallbackMark?: number,
): Target | null {
  if (target !== undefined && Number.isFinite(target)) return { value: target, mark: null };
  const mark = targetMark !== undefined && Number.isFinite(targetMark) ? targetMark : fallbackMark;
  return mark === undefined ? null : { value: thresholdFor(mark, policy), mark };
}
