import type { Diary, Mark, Period, ReportedFigure, Subject } from '../model/types';
import { averageOf, type AverageResult } from './average';
import { add, fraction, toNumber, type Fraction } from './fraction';
import { DEFAULT_POLICY, type RoundingPolicy } from './policy';
import type { CountOptions } from './tally';

/** The period ids that lie inside `periodId` (itself included): a year holds its quarters. */
function periodFamily(periods: readonly Period[], periodId: string): Set<string> {
  const family = new Set([periodId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of periods) {
      if (p.parent !== undefined && family.has(p.parent) && !family.has(p.id)) {
        family.add(p.id);
        grew = true;
      }
    }
  }
  return family;
}

/**
 * The marks of a period: those the source filed under it (or under a period inside it), and,
 * for marks filed nowhere, those dated within it.
 */
export function marksInPeriod(diary: Pick<Diary, 'marks' | 'periods'>, periodId: string): Mark[] {
  const period = diary.periods.find((p) => p.id === periodId);
  if (!period) return [];
  const family = periodFamily(diary.periods, periodId);
  const start = period.start.slice(0, 10);
  const end = period.end.slice(0, 10);
  return diary.marks.filter((m) => {
    if (m.period !== undefined) return family.has(m.period);
    const day = m.date.slice(0, 10);
    return day >= start && day <= end;
  });
}

/**
 * Only what a view of one period and/or one subject shows of a diary: those marks, that subject,
 * the periods to tell them by, the student. What goes into a page's own world (the overlay's
 * widgets) is this, never the child's whole diary.
 */
export function diaryScopedTo(d: Diary, scope: { subject?: string; period?: string }): Diary {
  const marks = scope.period !== undefined ? marksInPeriod(d, scope.period) : d.marks;
  const keep = (subject: string) => scope.subject === undefined || subject === scope.subject;
  return {
    version: d.version,
    student: d.student,
    periods: d.periods,
    subjects: d.subjects.filter((x) => keep(x.id)),
    marks: marks.filter((m) => keep(m.subject)),
  };
}

/** The innermost period containing `day` (YYYY-MM-DD): a quarter rather than its year. */
export function periodOn(periods: readonly Period[], day: string): Period | null {
  let best: Period | null = null;
  for (const p of periods) {
    if (day < p.start.slice(0, 10) || day > p.end.slice(0, 10)) continue;
    if (!best || p.start > best.start || (p.start === best.start && p.end < best.end)) best = p;
  }
  return best;
}

/**
 * The period a diary is in on `today` (YYYY-MM-DD), the one rule every screen uses: the innermost
 * term (quarter, trimester, half-year…) that contains today; between terms (a school holiday, the
 * summer), the one that ended last; before the first term, the first. A diary without terms uses
 * its years the same way. Null only without periods.
 */
export function currentPeriod(periods: readonly Period[], today: string): Period | null {
  const terms = periods.filter((p) => p.kind !== 'year');
  const pool = terms.length ? terms : periods;
  const holding = periodOn(pool, today);
  if (holding) return holding;
  let ended: Period | null = null;
  let first: Period | null = null;
  for (const p of pool) {
    const end = p.end.slice(0, 10);
    if (end < today && (!ended || end > ended.end.slice(0, 10))) ended = p;
    if (!first || p.start < first.start) first = p;
  }
  return ended ?? first;
}

/**
 * The period a screen shows for a `period` key: `current` → the current period (`currentPeriod`);
 * a period's id → that period; empty → null (all marks); undefined for an id the diary lacks.
 */
export function periodChosen(periods: readonly Period[], key: string | undefined, today: string): Period | null | undefined {
  if (!key) return null;
  if (key === 'current') return currentPeriod(periods, today);
  return periods.find((p) => p.id === key);
}

export interface SubjectSummary extends AverageResult {
  subject: Subject;
  /** The subject's marks in the period, counted or not, in date order. */
  marks: Mark[];
  /** What the diary system itself reports for this subject and period, when it does. */
  reported?: ReportedFigure;
}

export interface SummaryOptions extends CountOptions {
  /** Limit to one period (by id); all marks when absent. */
  period?: string;
  policy?: RoundingPolicy;
}

/** Average and period mark per subject, in the diary's subject order. */
export function subjectSummaries(diary: Diary, options: SummaryOptions = {}): SubjectSummary[] {
  const policy = options.policy ?? DEFAULT_POLICY;
  const marks = options.period !== undefined ? marksInPeriod(diary, options.period) : diary.marks;
  const bySubject = new Map<string, Mark[]>(diary.subjects.map((s) => [s.id, []]));
  for (const m of marks) bySubject.get(m.subject)?.push(m);
  return diary.subjects.map((subject) => {
    const own = (bySubject.get(subject.id) ?? []).slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const reported = diary.reported?.find((r) => r.subject === subject.id && r.period === options.period);
    const summary: SubjectSummary = { subject, marks: own, ...averageOf(own, policy, options) };
    if (reported) summary.reported = reported;
    return summary;
  });
}

export interface OverallAverage {
  /** Mean of the subjects' weighted averages (subjects with no average left out). */
  meanOfAverages: number | null;
  /** Mean of the subjects' period marks (subjects with no period mark left out). */
  meanOfPeriodMarks: number | null;
  /** Subjects that had an average. */
  subjects: number;
  /** One of those averages is approximate (a mark's weight unknown). */
  approximate: boolean;
}

function meanOf(xs: readonly Fraction[]): number | null {
  if (!xs.length) return null;
  let s = fraction(0n);
  for (const x of xs) s = add(s, x);
  return toNumber(fraction(s.n, s.d * BigInt(xs.length)));
}

/** Both overall figures, labelled, since schools and families mean either by "the average". */
export function overallAverage(summaries: readonly AverageResult[]): OverallAverage {
  const avgs = summaries.flatMap((s) => (s.exact ? [s.exact] : []));
  const marks = summaries.flatMap((s) => (s.periodMark !== null ? [fraction(BigInt(s.periodMark))] : []));
  return {
    meanOfAverages: meanOf(avgs),
    meanOfPeriodMarks: meanOf(marks),
    subjects: avgs.length,
    approximate: summaries.some((s) => s.exact && s.approximate),
  };
}
