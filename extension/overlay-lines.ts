import { marksNeeded, subjectSummaries, thresholdFor, toFixedExact, weightedAverage, type RoundingPolicy, type SubjectSummary } from '../lib/grades';
import { periodOn } from '../lib/grades/diary';
import type { Diary, Period } from '../lib/model/types';
import { policyOf, targetFor, type Settings } from '../lib/settings';
import { formatAverage, stringsFor } from './i18n';
import type { OverlayView, SubjectLine } from './overlay-env';

/**
 * The overlay's per-subject lines, computed in the background for a diary page (which asks at
 * load for today's period, and again for another period when the page shows one). Pure: the same
 * inputs, the same lines.
 */

interface Inputs {
  settings: Settings;
  studentId: string;
  policy: RoundingPolicy;
}

/** The per-subject figures every surface shows, with the two-decimal dot form automated checks read. */
export function subjectFigures(x: Inputs, s: SubjectSummary) {
  const own = targetFor(x.settings, x.studentId, s.subject.id);
  // Without a target of their own, aim at the next period mark up, as MESH's own hint does.
  const nextMark = s.periodMark !== null && s.periodMark < 5 ? s.periodMark + 1 : null;
  const goal = own ?? (nextMark !== null ? thresholdFor(nextMark, x.policy) : null);
  const needed = goal !== null && s.count > 0 ? marksNeeded(s.marks, goal, { value: 5 }, { countPoints: x.settings.countPoints }) : null;
  const reported = s.reported?.average;
  const ours2 = s.exact ? toFixedExact(s.exact) : null;
  let mesh: { average: number; reason: 'points' | 'unknown' } | null = null;
  if (reported !== undefined && ours2 !== null && Math.abs(Number(ours2) - reported) >= 0.005) {
    const withoutPoints = weightedAverage(s.marks, { countPoints: false });
    mesh = { average: reported, reason: withoutPoints !== null && Math.abs(withoutPoints - reported) < 0.005 ? 'points' : 'unknown' };
  }
  return { average2: ours2, goal, needed, mesh };
}

/** "5 от 4,5 · 4 от 3,5 · 3 от 2,5" */
export function ruleOf(policy: RoundingPolicy, lang: 'ru' | 'en'): string {
  const from = lang === 'en' ? 'from' : 'от';
  return policy.thresholds.map((t) => `${t.mark} ${from} ${formatAverage(Number(t.from), lang)}`).join(' · ');
}

/** The period the page shows (by title), else the one containing today, else the latest. */
export function choosePeriod(diary: Pick<Diary, 'periods'>, shownName: string | null, today: string): Period | null {
  const terms = diary.periods.filter((p) => p.kind !== 'year');
  return (shownName && terms.find((p) => p.name === shownName)) || periodOn(terms, today) || terms[terms.length - 1] || null;
}

/**
 * What a diary page draws for one child: the lines for the period the page shows (by its title),
 * else today's (`today` is YYYY-MM-DD), with everything from the settings the page needs.
 */
export function overlayView(diary: Diary, studentId: string, settings: Settings, shownPeriod: string | null, today: string, since: string | null): OverlayView {
  const policy = policyOf(settings);
  const lang = settings.language;
  const t = stringsFor(lang);
  const period = choosePeriod(diary, shownPeriod, today);
  const inputs: Inputs = { settings, studentId, policy };
  const lines = subjectSummaries(diary, { period: period?.id, policy, countPoints: settings.countPoints }).map((s): SubjectLine => {
    const f = subjectFigures(inputs, s);
    const notes: string[] = [];
    if (f.goal !== null && s.count > 0) notes.push(f.needed === null ? t.unreachable(formatAverage(f.goal, lang)) : t.needed(f.needed, 5, formatAverage(f.goal, lang)));
    if (f.mesh) notes.push(`${t.meshAverage}: ${formatAverage(f.mesh.average, lang)} (${f.mesh.reason === 'points' ? t.reasonPoints : t.reasonUnknown})`);
    return {
      subjectId: s.subject.id,
      subject: s.subject.name,
      average2: f.average2,
      figure: s.average === null ? '—' : `${formatAverage(s.average, lang)} → ${s.periodMark ?? '—'}`,
      periodMark: s.periodMark,
      notes,
      counted: s.count,
    };
  });
  return { student: { id: studentId, name: diary.student.name }, lang, period, policy, lines, rule: ruleOf(policy, lang), since };
}
