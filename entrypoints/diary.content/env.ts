import { marksNeeded, periodOn, policyNamed, subjectSummaries, thresholdFor, toFixedExact, weightedAverage, type RoundingPolicy, type SubjectSummary } from '../../lib/grades';
import type { Diary, Period } from '../../lib/model/types';
import { policyOf, targetFor, type Settings } from '../../lib/settings';

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
  summaries: SubjectSummary[];
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

export function buildEnv(diary: Diary, studentId: string, settings: Settings, shownPeriod: string | null, since: string | null, today: string, offlineNote: string | null = null): OverlayEnv {
  const policy = policyOf(settings);
  const period = choosePeriod(diary, shownPeriod, today);
  return {
    diary,
    studentId,
    period,
    policy,
    policyName: policyNamed(policy.id) ? policy.id : 'standard',
    settings,
    lang: settings.language,
    summaries: subjectSummaries(diary, { period: period?.id, policy, countPoints: settings.countPoints }),
    since,
    fallback: { active: false, reason: '' },
    offlineNote,
    onFallback: new Set(),
  };
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
