import { LitElement, html, type PropertyDeclarations, type TemplateResult } from 'lit';
import { marksInPeriod, periodChosen } from '../../lib/grades/diary';
import { policyInForce, type RoundingPolicy } from '../../lib/grades/policy';
import { todayOf } from '../../lib/dates';
import type { Diary, Mark, Period, Subject } from '../../lib/model/types';
import { DataController } from './data-controller';
import { VERSION } from './define';
import { fire, type TabelEventDetail, type TabelEventMap } from './events';
import { langOf, loadStrings, localeFor, stringsFor, type ElementStrings, type Strings } from './i18n';
import { LangController } from './lang-controller';

/** What every widget works on: the valid diary, the rounding policy and the period in force. */
export interface Scope {
  diary: Diary;
  policy: RoundingPolicy;
  /** The period chosen by the `period` attribute; null for all marks. */
  period: Period | null;
  /** The diary's marks in that period (all subjects). */
  marks: Mark[];
}

/**
 * What every `tabel-*` element has: its data (`data`, `marks` or `src`, held by a `DataController`),
 * the language it follows (`LangController`), the rounding rule and the period in force (pure
 * functions of lib/grades), and the frame every element renders in: an inline error for data it
 * cannot show, never a blank. An element adds `compute` (its results) and `body` (their template).
 *
 * @event {CustomEvent<{ src: string }>} tabel-load - `src` was fetched and its data accepted.
 * @event {CustomEvent<{ error: TabelDataError | Error }>} tabel-error - The data given was rejected (invalid, or `src` failed); `error` is a `TabelDataError` (with `issues`) or an `Error`.
 * @csspart error - The inline error message shown for invalid data.
 * @csspart empty - The placeholder shown before data arrives.
 * @csspart approximate - The note under a figure that is approximate: the site does not say a mark's weight (`Mark.weightUnknown`).
 * @cssproperty [--tabel-color-text=#1f2328] - Text colour; #e6edf3 in dark mode.
 * @cssproperty [--tabel-color-muted=#57606a] - Secondary text colour; #9da7b3 in dark mode.
 * @cssproperty [--tabel-color-surface=#fff] - Background of the card; #161b22 in dark mode.
 * @cssproperty [--tabel-color-surface-alt=#f4f6f8] - Background of mark chips and the results box; #21262d in dark mode.
 * @cssproperty [--tabel-color-border=#d0d7de] - Borders and rules; #3d444d in dark mode.
 * @cssproperty [--tabel-color-accent=#0550ae] - Links, focus ring, period mark 4; #6cb6ff in dark mode.
 * @cssproperty [--tabel-color-good=#116329] - Period mark 5, a target reached; #57c26a in dark mode.
 * @cssproperty [--tabel-color-warn=#7d4e00] - Period mark 3; #e3b341 in dark mode.
 * @cssproperty [--tabel-color-bad=#a40e26] - Period mark 2, below target, errors; #ff7b72 in dark mode.
 * @cssproperty [--tabel-color-new=#8250df] - Marks new since `since`; #c297ff in dark mode.
 * @cssproperty [--tabel-font-family=system-ui] - Font family (the system UI font).
 * @cssproperty [--tabel-font-size=14px] - Base font size.
 * @cssproperty [--tabel-radius=8px] - Corner radius of the card.
 * @cssproperty [--tabel-padding=12px 16px] - Padding of the card.
 */
export abstract class TabelElement<M, Own extends object = object> extends LitElement {
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

  /** The version of the library this class belongs to (registration compares it: see `define`). */
  static readonly tabelVersion: string = VERSION;

  /** The element's own strings (its folder's `<name>.strings.ts`). */
  protected static strings: ElementStrings<object> = { en: '', ru: {} };

  /**
   * URL of a JSON document holding a `Diary`, or an array of `Mark`s. It must be served as JSON, be
   * at most 16 MB and answer within 20 s; else the widget shows why.
   */
  declare src: string;
  /** Accept a `src` that redirects to another origin (refused by default). */
  declare allowRedirect: boolean;
  /** Language of the widget: `ru` (default) or `en`. Without it, the nearest `lang` up the page applies (a change of `<html lang>` re-renders the widgets). */
  declare lang: string;
  /** Rounding rule preset: `standard` (5 from 4.5, 4 from 3.5, 3 from 2.5; the default), `point6` or `point7`. The rule in use is always shown. */
  declare policy: string;
  /** A school's own rounding rule, a `RoundingPolicy` (`{ id, lowest, thresholds: [{ mark, from }], minMarks? }`), set from script; it wins over `policy`; an inconsistent one is ignored. */
  declare rules: RoundingPolicy | undefined;
  /** Subject id, or its exact name. */
  declare subject: string;
  /** Period id (`t3`); `current`: the period of today, or the one just ended; all marks when absent. */
  declare period: string;

  private readonly _data = new DataController(this);
  private _given?: { data?: unknown; marks?: unknown };
  private _memo?: { v: M | string };

  constructor() {
    super();
    new LangController(this);
  }

  /** The diary to show (validated on every set). */
  get data(): Diary | undefined {
    return this._given?.data as Diary | undefined;
  }
  set data(value: Diary | undefined) {
    this._given = { data: value };
    this._data.setDiary(value);
  }

  /** A bare list of marks to show instead of a diary (subjects are then named by their ids). */
  get marks(): Mark[] | undefined {
    return this._given?.marks as Mark[] | undefined;
  }
  set marks(value: Mark[] | undefined) {
    this._given = { marks: value };
    this._data.setMarks(value);
  }

  /** The validated diary in use, or null while there is none. */
  get diary(): Diary | null {
    return this._data.diary;
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

  /** Fires one of the library's typed events (bubbling, composed). */
  protected emit<K extends keyof TabelEventMap>(type: K, detail: TabelEventDetail<K>): void {
    fire(this, type, detail);
  }

  /** The strings in the element's language: the common ones and its own. */
  protected get s(): Strings<Own> {
    return stringsFor(langOf(this), (this.constructor as typeof TabelElement).strings as ElementStrings<Own>);
  }

  protected get loc(): string {
    return localeFor(langOf(this));
  }

  /** The current results, computed once per change of input; a string says what is wrong; null before data. */
  protected get model(): M | string | null {
    const diary = this._data.diary;
    if (!diary) return null;
    if (!this._memo) {
      const scope = this.scope(diary);
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
    const policy = policyInForce(this.rules, this.policy || undefined);
    if (!policy) return this.s.noPolicy(this.policy);
    // `current`: the one rule every Tabel screen uses (lib/grades currentPeriod), in the school's time zone.
    const period = periodChosen(diary.periods, this.period, todayOf(diary));
    if (period === undefined) return this.s.noPeriod(this.period);
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
    const error = this._data.error || (typeof m === 'string' ? m : '');
    if (error) return html`<p class="error" part="error" role="alert"><strong>${s.error}</strong> ${error}</p>`;
    if (m === null || typeof m === 'string')
      return html`<p class="muted" part="empty">${this._data.status === 'pending' ? s.loading : s.empty}</p>`;
    return this.body(m);
  }
}
