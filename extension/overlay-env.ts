import { policyNamed, type RoundingPolicy } from '../lib/grades/policy';
import type { PageFacts } from '../lib/anchor/reading';
import type { SubjectIndex } from '../lib/anchor/text';
import type { Diary, PeriodKind } from '../lib/model/types';
import type { PageRules } from '../lib/sources/types';

/**
 * The overlay's model: what every overlay feature works from. The per-subject lines it shows are
 * computed by the background (extension/overlay-lines.ts), whose code is warm, while a content
 * script's runs cold on every page load: the page only reads itself and draws them.
 */

/** One subject's results as the overlay writes them. */
export interface SubjectLine {
  subjectId: string;
  subject: string;
  /** The printed average with a dot (`data-tabel-average`), null without marks. */
  average2: string | null;
  /** "4,57 → 5"; "≈ 4,57 → 5" when approximate; «Дневник.ру: 4,57 → 5» when the figure is the site's own. */
  figure: string;
  /**
   * What the figure is, said once in its tooltip: why it is approximate (a mark's weight the site does
   * not say), or that it is the site's own weighted figure; absent for Tabel's exact figure.
   */
  about?: string;
  periodMark: number | null;
  /** "до 4,5: ещё 2×5", MESH's differing figure with the reason. */
  notes: string[];
  counted: number;
  /**
   * The period's marks as the diary page writes them, lower case, separated by spaces («5 4 см»): how
   * the page tells which period it shows. One string, not a list: the view crosses to every page
   * load, and a few dozen strings clone faster than a few thousand.
   */
  marks: string;
  /** The diary system's own average, two decimals with a dot, where it reports one (pages show it too). */
  reported?: string;
}

/** One period's lines. */
export interface PeriodLines {
  id: string;
  name: string;
  kind: PeriodKind;
  /** Inclusive ISO dates: a week diary's page tells its period by the dates it shows. */
  start: string;
  end: string;
  lines: SubjectLine[];
}

/**
 * Everything a diary page needs to draw the overlay for one child, made by the background: the
 * page gets no settings, no storage and no full diary at load, only this.
 */
export interface OverlayView {
  student: { id: string; name: string };
  /** Every child of the account: the page shows one of them, told by name. */
  students: Array<{ id: string; name: string }>;
  /** The child's subjects, as the page names its rows. */
  subjects: Array<{ id: string; name: string }>;
  lang: 'ru' | 'en';
  /** The user's rounding rule (a preset or the school's own thresholds). */
  policy: RoundingPolicy;
  /** The rounding rule in words: "5 от 4,5 · 4 от 3,5 · 3 от 2,5". */
  rule: string;
  /** Date of the last visit (YYYY-MM-DD) when the view was made: marks after it are new. */
  since: string | null;
  /** Every period of the year with its lines: terms, then the year. */
  periods: PeriodLines[];
  /** The current period by the one rule (lib/grades/diary.ts `currentPeriod`). */
  current: string | null;
  /** The subjects' names in every form a page may write them (lib/anchor `subjectIndex`), built in the background where code is warm. */
  index: SubjectIndex;
  /** The diary system's page rules: which pages of its host are the diary and the marks page. */
  pages: PageRules;
}

const facts = new WeakMap<OverlayView, PageFacts>();

/** The facts a page is read against (lib/anchor): what each period's rows should show. One object per view, so its matchers are built once. */
export function factsOf(view: OverlayView): PageFacts {
  let f = facts.get(view);
  if (f) return f;
  f = {
    students: view.students,
    subjects: view.subjects,
    periods: view.periods.map((p) => ({
      id: p.id,
      name: p.name,
      start: p.start,
      end: p.end,
      rows: p.lines.map((l) => ({ subject: l.subjectId, marks: l.marks ? l.marks.split(' ') : [], reported: l.reported })),
    })),
    current: view.current,
    index: view.index,
  };
  facts.set(view, f);
  return f;
}

/** Why the results are in the panel rather than in the page's rows. */
export type FallbackReason = 'no-rows' | 'period' | 'student';

export interface OverlayEnv {
  studentId: string;
  /** Which pages of the host are the diary and the marks page (the system's rules). */
  pages: PageRules;
  studentName: string;
  /** The period drawn: the one the page shows, or the current one when the page's cannot be told. */
  period: PeriodLines | null;
  policy: RoundingPolicy;
  /** The preset name the widgets' `policy` attribute takes (custom rules travel as an object). */
  policyName: string;
  lang: 'ru' | 'en';
  lines: SubjectLine[];
  rule: string;
  /** Date of the last visit (YYYY-MM-DD): marks after it are new. Null on the first visit. */
  since: string | null;
  /** The child's whole diary, asked for only when something needs it (the panel's widgets). */
  diary: () => Promise<Diary>;
  /** Set when the results cannot go into the page's rows, with why: the panel then shows them and says so. */
  fallback: FallbackReason | null;
  /** Set when the diary is Tabel's last known copy (the site is down or empty): the note to show. */
  offlineNote: string | null;
}

export function buildEnv(
  view: OverlayView,
  periodId: string | null,
  fallback: FallbackReason | null,
  since: string | null,
  loadDiary: () => Promise<Diary>,
  offlineNote: string | null = null,
): OverlayEnv {
  let diary: Promise<Diary> | undefined;
  const period = view.periods.find((p) => p.id === periodId) ?? view.periods.find((p) => p.id === view.current) ?? view.periods[0] ?? null;
  return {
    studentId: view.student.id,
    pages: view.pages,
    studentName: view.student.name,
    period,
    policy: view.policy,
    policyName: policyNamed(view.policy.id) ? view.policy.id : 'standard',
    lang: view.lang,
    lines: period?.lines ?? [],
    rule: view.rule,
    since,
    diary: () => (diary ??= loadDiary()),
    fallback,
    offlineNote,
  };
}
