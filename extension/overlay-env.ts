import { periodOn } from '../lib/grades/diary';
import { policyNamed, type RoundingPolicy } from '../lib/grades/policy';
import type { Diary, Period } from '../lib/model/types';
import { policyOf, type Settings } from '../lib/settings';

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

/** Lines for one student, period and set of settings; `key` names exactly which. */
export interface PrecomputedLines {
  key: string;
  lines: SubjectLine[];
  /** The rounding rule in words: "5 от 4,5 · 4 от 3,5 · 3 от 2,5". */
  rule: string;
}

export interface OverlayEnv {
  diary: Diary;
  studentId: string;
  period: Period | null;
  policy: RoundingPolicy;
  /** The preset name the widgets' `policy` attribute takes (custom rules travel as an object). */
  policyName: string;
  settings: Settings;
  lang: 'ru' | 'en';
  lines: SubjectLine[];
  rule: string;
  /** Date of the last visit (YYYY-MM-DD): marks after it are new. Null on the first visit. */
  since: string | null;
  /** Set by a feature whose anchors are missing, so the panel shows what it could not. */
  fallback: { active: boolean; reason: string };
  /** Set when the diary is Tabel's last known copy (the site is down or empty): the note to show. */
  offlineNote: string | null;
  onFallback: Set<() => void>;
}

/** The period the page shows (by title), else the one containing today, else the latest. */
export function choosePeriod(diary: Pick<Diary, 'periods'>, shownName: string | null, today: string): Period | null {
  const terms = diary.periods.filter((p) => p.kind !== 'year');
  return (shownName && terms.find((p) => p.name === shownName)) || periodOn(terms, today) || terms[terms.length - 1] || null;
}

/** What the lines depend on: the same key means the same lines. */
export function linesKey(diary: Diary, studentId: string, settings: Settings, periodId: string | undefined): string {
  const { language, policy, countPoints, targets } = settings;
  return JSON.stringify([diary.source?.fetchedAt ?? '', diary.marks.length, studentId, periodId ?? '', language, policy, countPoints, targets[studentId] ?? {}]);
}

export function buildEnv(
  diary: Diary,
  studentId: string,
  settings: Settings,
  period: Period | null,
  lines: PrecomputedLines,
  since: string | null,
  offlineNote: string | null = null,
): OverlayEnv {
  const policy = policyOf(settings);
  return {
    diary,
    studentId,
    period,
    policy,
    policyName: policyNamed(policy.id) ? policy.id : 'standard',
    settings,
    lang: settings.language,
    lines: lines.lines,
    rule: lines.rule,
    since,
    fallback: { active: false, reason: '' },
    offlineNote,
    onFallback: new Set(),
  };
}
