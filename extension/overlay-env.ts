import { policyNamed, type RoundingPolicy } from '../lib/grades/policy';
import type { Diary, Period } from '../lib/model/types';

/**
 * The overlay's model: what every overlay feature works from. The per-subject lines it shows are
 * computed by the background (extension/overlay-lines.ts), whose code is warm, while a content
 * script's runs cold on every page load: the page only draws them. Nothing here computes averages.
 */

/** One subject's results as the overlay writes them. */
export interface SubjectLine {
  subjectId: string;
  subject: string;
  /** Two decimals with a dot (`data-tabel-average`), null without marks. */
  average2: string | null;
  /** "4,57 → 5" */
  figure: string;
  periodMark: number | null;
  /** "до 4,5: ещё 2×5", MESH's differing figure with the reason. */
  notes: string[];
  counted: number;
}

/**
 * Everything a diary page needs to draw the overlay for one child and period, made by the
 * background: the page gets no settings, no storage and no full diary at load, only this.
 */
export interface OverlayView {
  student: { id: string; name: string };
  lang: 'ru' | 'en';
  /** The period the lines are for: the one the page shows (by title), else today's, else the latest. */
  period: Period | null;
  /** The user's rounding rule (a preset or the school's own thresholds). */
  policy: RoundingPolicy;
  lines: SubjectLine[];
  /** The rounding rule in words: "5 от 4,5 · 4 от 3,5 · 3 от 2,5". */
  rule: string;
  /** Date of the last visit (YYYY-MM-DD) when the view was made: marks after it are new. */
  since: string | null;
}

export interface OverlayEnv {
  studentId: string;
  studentName: string;
  period: Period | null;
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
  /** Set by a feature whose anchors are missing, so the panel shows what it could not. */
  fallback: { active: boolean; reason: string };
  /** Set when the diary is Tabel's last known copy (the site is down or empty): the note to show. */
  offlineNote: string | null;
  onFallback: Set<() => void>;
}

export function buildEnv(view: OverlayView, since: string | null, loadDiary: () => Promise<Diary>, offlineNote: string | null = null): OverlayEnv {
  let diary: Promise<Diary> | undefined;
  return {
    studentId: view.student.id,
    studentName: view.student.name,
    period: view.period,
    policy: view.policy,
    policyName: policyNamed(view.policy.id) ? view.policy.id : 'standard',
    lang: view.lang,
    lines: view.lines,
    rule: view.rule,
    since,
    diary: () => (diary ??= loadDiary()),
    fallback: { active: false, reason: '' },
    offlineNote,
    onFallback: new Set(),
  };
}
