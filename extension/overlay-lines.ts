import {
  averageDigits,
  currentPeriod,
  formatAverage,
  marksNeeded,
  typicalWeight,
  subjectSummaries,
  thresholdFor,
  toFixedExact,
  averageOf,
  decimalFraction,
  reportedPeriodMark,
  type RoundingPolicy,
  type SubjectSummary,
} from '../lib/grades';
import { todayOf } from '../lib/dates';
import { subjectIndex } from '../lib/anchor/names';
import type { Diary, Mark, Student } from '../lib/model/types';
import type { Localized, PageRules } from '../lib/sources/types';
import { policyOf, targetFor, type Settings } from '../lib/settings';
import { lineStrings } from './line-strings';
import type { OverlayView, PeriodLines, SubjectLine } from './overlay-env';

/**
 * The overlay's per-subject lines, computed in the background for a diary page: for every period
 * of the child's year, so that the page can show whichever period it finds itself showing without
 * another round trip. Pure: the same inputs, the same lines.
 */

interface Inputs {
  settings: Settings;
  studentId: string;
  policy: RoundingPolicy;
}

/** Why the diary system's own figure differs from ours, where the marks tell. */
export type Difference = 'counts-points' | 'leaves-out-points' | 'lags' | 'unknown';

/** A system prints its figure with two decimals (MESH does); ours is compared the same way, on the exact value. */
const twoDecimals = (marks: readonly Mark[], countPoints: boolean): string | null => {
  const r = averageOf(marks, undefined, { countPoints });
  return r.exact ? toFixedExact(r.exact) : null;
};

/**
 * Why the system's figure (`reported`, two decimals) is not ours: it counts «точки» where the user
 * does not, it leaves them out, or it has not taken in the latest marks yet (a lagging server);
 * `unknown` otherwise.
 */
export function differenceOf(marks: readonly Mark[], reported: number, countPoints: boolean): Difference {
  const theirs = reported.toFixed(2);
  if (!countPoints && twoDecimals(marks, true) === theirs) return 'counts-points';
  if (countPoints && twoDecimals(marks, false) === theirs) return 'leaves-out-points';
  // Without the marks of the latest day(s): what a server that updates its figures later shows.
  const days = [...new Set(marks.map((m) => m.date.slice(0, 10)))].sort();
  for (let cut = 1; cut <= 2 && cut < days.length; cut++) {
    const before = days[days.length - cut]!;
    if (
      twoDecimals(
        marks.filter((m) => m.date.slice(0, 10) < before),
        countPoints,
      ) === theirs
    )
      return 'lags';
  }
  return 'unknown';
}

/** The per-subject figures every surface shows, with the two-decimal dot form automated checks read. */
export function subjectFigures(x: Inputs, s: SubjectSummary) {
  const target = targetFor(x.settings, x.studentId, s.subject.id);
  // Without a target of their own, aim at the next period mark up, as MESH's own hint does.
  const nextMark = s.periodMark !== null && s.periodMark < 5 ? s.periodMark + 1 : null;
  const goal = target ?? (nextMark !== null ? thresholdFor(nextMark, x.policy) : null);
  // In marks of the subject's usual weight: a 5 of weight 1 means little where marks weigh 10–40.
  const weight = typicalWeight(s.marks);
  const needed =
    goal !== null && s.count > 0 ? marksNeeded(s.marks, goal, { value: 5, weight }, { countPoints: x.settings.countPoints }) : null;
  const reported = s.reported?.average;
  const ours = s.exact ? toFixedExact(s.exact) : null;
  /** The system's own figure, where it differs from ours, and why. */
  let own: { average: number; reason: Difference } | null = null;
  // Where the site weighs marks by what it does not show (Дневник.ру), its figure is not a difference to explain but the authority (linesOf).
  if (reported !== undefined && ours !== null && ours !== reported.toFixed(2) && !s.approximate) {
    own = { average: reported, reason: differenceOf(s.marks, reported, x.settings.countPoints) };
  }
  return { average2: s.exact ? averageDigits(s.exact, x.policy) : null, goal, needed, weight, own };
}

/** "5 от 4,5 · 4 от 3,5 · 3 от 2,5" */
export function ruleOf(policy: RoundingPolicy, lang: 'ru' | 'en'): string {
  const from = lang === 'en' ? 'from' : 'от';
  return policy.thresholds.map((t) => `${t.mark} ${from} ${String(t.from).replace('.', lang === 'en' ? '.' : ',')}`).join(' · ');
}

/** A mark as the diary page writes it: the teacher's own value for a converted mark («8» on the ten scale); lower case, no spaces, as the page's are read. */
const shownValue = (m: Mark): string =>
  String(m.original?.value ?? m.value)
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s+/g, '');

function linesOf(diary: Diary, periodId: string, x: Inputs, systemName: string): SubjectLine[] {
  const lang = x.settings.language;
  const t = lineStrings(lang);
  return subjectSummaries(diary, { period: periodId, policy: x.policy, countPoints: x.settings.countPoints }).map((s): SubjectLine => {
    const f = subjectFigures(x, s);
    const notes: string[] = [];
    const ours = s.exact === null ? '—' : `${s.approximate ? '≈ ' : ''}${formatAverage(s.exact, lang, x.policy)} → ${s.periodMark ?? '—'}`;
    // A site that weighs marks by what it does not show (Дневник.ру): its own figure is the authority, ours the plain one beside it.
    const site = s.approximate && s.reported?.average !== undefined ? decimalFraction(s.reported.average) : null;
    const siteMark = site ? reportedPeriodMark(s.reported!, x.policy) : null;
    if (site && s.exact) notes.push(t.plain(ours));
    // On the site's figure, the fives needed are reckoned as if its average came from as many marks as there are, of equal weight: approximate.
    const aim =
      site && siteMark !== null
        ? (targetFor(x.settings, x.studentId, s.subject.id) ?? (siteMark < 5 ? thresholdFor(siteMark + 1, x.policy) : null))
        : f.goal;
    const needed =
      site && aim !== null
        ? marksNeeded(
            Array.from({ length: s.count }, () => ({ value: s.reported!.average! })),
            aim,
          )
        : f.needed;
    if (aim !== null && s.count > 0)
      notes.push(
        needed === null
          ? t.unreachable(formatAverage(aim, lang))
          : t.needed(needed, 5, formatAverage(aim, lang), site ? 1 : f.weight, !!s.approximate),
      );
    if (f.own) notes.push(`${systemName}: ${formatAverage(f.own.average, lang)} (${t.reasons[f.own.reason](systemName)})`);
    const line: SubjectLine = {
      subjectId: s.subject.id,
      subject: s.subject.name,
      average2: site ? averageDigits(site, x.policy) : f.average2,
      figure: site ? `${systemName}: ${formatAverage(site, lang, x.policy)} → ${siteMark ?? '—'}` : ours,
      periodMark: site ? siteMark : s.periodMark,
      notes,
      counted: s.count,
      marks: s.marks.map(shownValue).join(' '),
    };
    if (site) line.about = t.siteOwn(systemName);
    else if (s.exact && s.approximate) line.about = t.approximate(systemName);
    if (s.reported?.average !== undefined) line.reported = s.reported.average.toFixed(2);
    return line;
  });
}

/** What the overlay needs of the diary system: its name (for its own figures) and its page rules. */
export interface SiteFacts {
  name: Localized;
  pages: PageRules;
}

/**
 * What a diary page draws for one child: the lines of every period of the year (terms first, the
 * year last), the period that is current today (in the school's time zone), the account's
 * children (the page tells which one it shows by their names), and what the page needs of the
 * settings and of its diary system.
 */
export function overlayView(
  diary: Diary,
  studentId: string,
  settings: Settings,
  since: string | null,
  students: readonly Student[],
  site: SiteFacts,
  now: Date = new Date(),
): OverlayView {
  const policy = policyOf(settings);
  const lang = settings.language;
  const inputs: Inputs = { settings, studentId, policy };
  const terms = diary.periods.filter((p) => p.kind !== 'year');
  const years = diary.periods.filter((p) => p.kind === 'year');
  const periods: PeriodLines[] = [...terms, ...years].map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    start: p.start,
    end: p.end,
    lines: linesOf(diary, p.id, inputs, site.name[lang]),
  }));
  const current = currentPeriod(diary.periods, todayOf(diary, now));
  return {
    student: { id: studentId, name: diary.student.name },
    students: students.map((s) => ({ id: s.id, name: s.name })),
    subjects: diary.subjects.map((s) => ({ id: s.id, name: s.name })),
    lang,
    policy,
    rule: ruleOf(policy, lang),
    since,
    periods,
    current: current?.id ?? null,
    index: subjectIndex(diary.subjects),
    pages: site.pages,
  };
}
