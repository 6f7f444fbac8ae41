import { marksNeeded, periodOn, policyNamed, subjectSummaries, thresholdFor, toFixedExact, weightedAverage, type RoundingPolicy, type SubjectSummary } from '../lib/grades';
import type { Diary, Period } from '../lib/model/types';
import { policyOf, targetFor, type Settings } from '../lib/settings';
import { formatAverage, stringsFor } from './i18n';

/**
 * The overlay's model: what every overlay feature works from, and the per-subject lines it shows.
 * Shared by the content script and the background: the background computes the lines for the
 * period a page opens on while the page is still loading (its code is warm; a content script's
 * runs cold on every page load), and the content script uses them when nothing differs.
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

/** Lines computed elsewhere (the background), valid only for the exact inputs `key` names. */
export interface PrecomputedLines {
  key: string;
  lines: SubjectLine[];
}

/** Everything an overlay feature needs, computed once per page state. */
export interface OverlayEnv {
  diary: Diary;
  studentId: string;
  period: Period | null;
  policy: RoundingPolicy;
  /** The preset name the widgets' `policy` attribute takes (custom rules fall back to the numbers computed here). */
  policyName: string;
  settings: Settings;
  lang: 'ru' | 'en';
  /** Computed on first use. */
  readonly summaries: SubjectSummary[];
  /** Computed on first use, or taken from the background's when they were computed for the same inputs. */
  readonly lines: SubjectLine[];
  /** Date of the last visit (YYYY-MM-DD): marks after it are new. Null on the first visit. */
  since: string | null;
  /** Set by a feature whose anchors are missing, so the panel shows what it could not. */
  fallback: { active: boolean; reason: string };
  /** Set when the diary is Tabel's last known copy (the site is down or empty): the note to show. */
  offlineNote: string | null;
  onFallback: Set<() => void>;
}

/** The period the page shows (by title), else the one containing today, else the latest. */
export function choosePeriod(diary: Diary, shownName: string | null, today: string): Period | null {
  const terms = diary.periods.filter((p) => p.kind !== 'year');
  return (shownName && terms.find((p) => p.name === shownName)) || periodOn(terms, today) || terms[terms.length - 1] || null;
}

/** What the lines depend on: the same key means the same lines. */
export function linesKey(diary: Diary, studentId: string, settings: Settings, periodId: string | undefined): string {
  const { language, policy, countPoints, targets } = settings;
  return JSON.stringify([diary.source?.fetchedAt ?? '', diary.marks.length, studentId, periodId ?? '', language, policy, countPoints, targets[studentId] ?? {}]);
}

export function buildEnv(diary: Diary, studentId: string, settings: Settings, shownPeriod: string | null, since: string | null, today: string, offlineNote: string | null = null, pre?: PrecomputedLines): OverlayEnv {
  const policy = policyOf(settings);
  const period = choosePeriod(diary, shownPeriod, today);
  let summaries: SubjectSummary[] | undefined;
  let lines: SubjectLine[] | undefined = pre && pre.key === linesKey(diary, studentId, settings, period?.id) ? pre.lines : undefined;
  const env: OverlayEnv = {
    diary,
    studentId,
    period,
    policy,
    policyName: policyNamed(policy.id) ? policy.id : 'standard',
    settings,
    lang: settings.language,
    get summaries() {
      return (summaries ??= subjectSummaries(diary, { period: period?.id, policy, countPoints: settings.countPoints }));
    },
    get lines() {
      return (lines ??= subjectLinesOf(env));
    },
    since,
    fallback: { active: false, reason: '' },
    offlineNote,
    onFallback: new Set(),
  };
  return env;
}

/** The overlay's line for every subject of the period, in the diary's order. */
export function subjectLinesOf(env: OverlayEnv): SubjectLine[] {
  const t = stringsFor(env.lang);
  return env.summaries.map((s) => {
    const f = subjectFigures(env, s);
    const notes: string[] = [];
    if (f.goal !== null && s.count > 0) notes.push(f.needed === null ? t.unreachable(formatAverage(f.goal, env.lang)) : t.needed(f.needed, 5, formatAverage(f.goal, env.lang)));
    if (f.mesh) notes.push(`${t.meshAverage}: ${formatAverage(f.mesh.average, env.lang)} (${f.mesh.reason === 'points' ? t.reasonPoints : t.reasonUnknown})`);
    return {
      subjectId: s.subject.id,
      subject: s.subject.name,
      average2: f.average2,
      figure: s.average === null ? '—' : `${formatAverage(s.average, env.lang)} → ${s.periodMark ?? '—'}`,
      periodMark: s.periodMark,
      notes,
      counted: s.count,
    };
  });
}

/** The lines the background hands a loading page: for the period a page opens on (today's). */
export function precomputedLines(diary: Diary, studentId: string, settings: Settings, today: string): PrecomputedLines {
  const env = buildEnv(diary, studentId, settings, null, null, today);
  return { key: linesKey(diary, studentId, settings, env.period?.id), lines: env.lines };
}

/** The per-subject figures every surface shows, with the two-decimal dot form automated checks read. */
export function subjectFigures(env: OverlayEnv, s: SubjectSummary) {
  const own = targetFor(env.settings, env.studentId, s.subject.id);
  // Without a target of their own, aim at the next period mark up, as MESH's own hint does.
  const nextMark = s.periodMark !== null && s.periodMark < 5 ? s.periodMark + 1 : null;
  const goal = own ?? (nextMark !== null ? thresholdFor(nextMark, env.policy) : null);
  const needed = goal !== null && s.count > 0 ? marksNeeded(s.marks, goal, { value: 5 }, { countPoints: env.settings.countPoints }) : null;
  const reported = s.reported?.average;
  const ours2 = s.exact ? toFixedExact(s.exact) : null;
  let mesh: { average: number; reason: 'points' | 'unknown' } | null = null;
  if (reported !== undefined && ours2 !== null && Math.abs(Number(ours2) - reported) >= 0.005) {
    const withoutPoints = weightedAverage(s.marks, { countPoints: false });
    mesh = { average: reported, reason: withoutPoints !== null && Math.abs(withoutPoints - reported) < 0.005 ? 'points' : 'unknown' };
  }
  return { average2: ours2, goal, needed, mesh };
}
