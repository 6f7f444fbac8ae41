import type { Diary, FinalMark, Mark } from '../model/types';
import { averageOf } from './average';
import { marksInPeriod } from './diary';
import { compare, decimalFraction, fraction, toNumber, type Fraction } from './fraction';
import { DEFAULT_POLICY, thresholdFractionFor, type RoundingPolicy } from './policy';
import { marksNeeded } from './targets';
import type { CountOptions } from './tally';

/**
 * The certificate average (средний балл аттестата): the plain mean of the final marks a pupil
 * leaves grade 9 or 11 with, one per subject. A subject's final mark is its year mark of the last
 * year it was taught, so subjects finished in earlier grades count with their last year mark.
 * Colleges rank applicants by it, which is why it is worth planning. Only five-point numeric
 * marks count ("зачёт" and ten-point subjects do not). See docs/grade-engine.md.
 */

export interface CertificateSubject {
  /** The subject's name (subjects are matched by name across years). */
  name: string;
  /** The last year mark on record (a finished year's, or this year's once the teacher set it). */
  recorded: number | null;
  /** The school year of `recorded`. */
  recordedYear: string | null;
  /** Taught this school year. */
  current: boolean;
  /** This year's year mark is already set by the teacher (nothing left to raise). */
  fixed: boolean;
  /** This year's weighted average (five-point marks of the year), when taught this year. */
  average: number | null;
  /** This year's likely year mark: the teacher's when set, else the year average rounded under the policy. */
  likely: number | null;
  /** The mark the certificate would carry with the likely year marks. */
  final: number | null;
  /** This year's marks, for working out what raising the year mark takes. */
  marks: Mark[];
}

export interface CertificateFigure {
  /** Exact mean, for comparisons. */
  exact: Fraction;
  /** The mean as a number. */
  value: number;
  /** Subjects counted. */
  count: number;
}

export interface Certificate {
  subjects: CertificateSubject[];
  /** From the year marks already on record only. */
  now: CertificateFigure | null;
  /** With each subject taught this year at its likely year mark (recorded marks for the others). */
  likely: CertificateFigure | null;
}

export interface CertificateOptions extends CountOptions {
  policy?: RoundingPolicy;
  /** The current school year's name as the finals write it ("2025-2026"), to tell this year's teacher-set marks from older ones. */
  currentYear?: string;
}

const key = (name: string) => name.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

/** A five-point mark 2–5 as an integer, else null ("зачёт", 10-point, nonsense). */
function fivePoint(v: FinalMark['value'] | undefined): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[2-5]\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 2 && n <= 5 ? n : null;
}

function mean(marks: readonly number[]): CertificateFigure | null {
  if (!marks.length) return null;
  const exact = fraction(BigInt(marks.reduce((a, b) => a + b, 0)), BigInt(marks.length));
  return { exact, value: toNumber(exact), count: marks.length };
}

/** The school year's period: the diary's `year` period (the latest, if several). */
function yearPeriodOf(diary: Pick<Diary, 'periods'>): string | undefined {
  return diary.periods.filter((p) => p.kind === 'year').sort((a, b) => (a.start < b.start ? 1 : -1))[0]?.id;
}

/** The certificate average now and with this year's likely year marks, per subject. */
export function certificateOf(diary: Diary, options: CertificateOptions = {}): Certificate {
  const policy = options.policy ?? DEFAULT_POLICY;
  const bySubject = new Map<string, CertificateSubject>();
  const entry = (name: string) => {
    let s = bySubject.get(key(name));
    if (!s)
      bySubject.set(
        key(name),
        (s = {
          name,
          recorded: null,
          recordedYear: null,
          current: false,
          fixed: false,
          average: null,
          likely: null,
          final: null,
          marks: [],
        }),
      );
    return s;
  };
  // The latest year's mark per subject; years written "2024-2025" sort as text.
  for (const f of diary.finals ?? []) {
    const mark = fivePoint(f.value);
    if (mark === null) continue;
    const s = entry(f.subject);
    if (s.recordedYear === null || f.year > s.recordedYear) {
      s.recorded = mark;
      s.recordedYear = f.year;
    }
  }
  const year = yearPeriodOf(diary);
  const marks = year !== undefined ? marksInPeriod(diary, year) : diary.marks;
  for (const subject of diary.subjects) {
    const own = marks.filter((m) => m.subject === subject.id && m.scale === 'five');
    const teacher = fivePoint(
      diary.reported?.find((r) => r.subject === subject.id && (r.period === year || r.period === undefined) && r.yearMark !== undefined)
        ?.yearMark,
    );
    if (!own.length && teacher === null) continue;
    const s = entry(subject.name);
    s.current = true;
    s.marks = own;
    const avg = averageOf(own, policy, options);
    s.average = avg.average;
    s.likely = teacher ?? avg.periodMark;
    s.fixed = teacher !== null;
    if (teacher !== null && options.currentYear !== undefined && (s.recordedYear === null || options.currentYear >= s.recordedYear)) {
      s.recorded = teacher;
      s.recordedYear = options.currentYear;
    }
  }
  const subjects = [...bySubject.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  for (const s of subjects) s.final = s.current ? (s.likely ?? s.recorded) : s.recorded;
  return {
    subjects,
    now: mean(subjects.flatMap((s) => (s.recorded !== null ? [s.recorded] : []))),
    likely: mean(subjects.flatMap((s) => (s.final !== null ? [s.final] : []))),
  };
}

export interface CertificateRaise {
  subject: string;
  from: number;
  to: number;
  /** Fives (weight 1) it takes to lift this year's average to the threshold of `to`; null when the average has no room to. */
  fives: number | null;
}

export interface CertificatePlan {
  /** Already at or above the target with the likely year marks. */
  reached: boolean;
  /** Not reachable even with a 5 in every subject taught this year. */
  unreachable: boolean;
  /** The cheapest set of year-mark raises (one step each) that reaches the target, cheapest first. */
  raises: CertificateRaise[];
}

/**
 * What it takes to bring the certificate average (with likely year marks) to `target`: the fewest
 * one-step year-mark raises among subjects taught this year, the cheapest (fewest fives) first.
 * Compared exactly: the mean must be ≥ the target as written.
 */
export function certificatePlan(cert: Certificate, target: number | string, options: CertificateOptions = {}): CertificatePlan {
  const policy = options.policy ?? DEFAULT_POLICY;
  const t = decimalFraction(target);
  const finals = cert.subjects.filter((s) => s.final !== null);
  if (!t || !finals.length) return { reached: false, unreachable: true, raises: [] };
  const sum = finals.reduce((a, s) => a + s.final!, 0);
  // sum + k ≥ t·n  ⇔  k ≥ ⌈t·n⌉ − sum
  const tn = fraction(t.n * BigInt(finals.length), t.d);
  const needed = Number((tn.n + tn.d - 1n) / tn.d) - sum;
  if (compare(fraction(BigInt(sum), BigInt(finals.length)), t) >= 0) return { reached: true, unreachable: false, raises: [] };
  // Every possible one-step raise; a subject's second step costs what it takes beyond the first.
  const steps: CertificateRaise[] = [];
  for (const s of cert.subjects) {
    if (!s.current || s.fixed || s.final === null) continue;
    let before = 0;
    for (let to = s.final + 1; to <= 5; to++) {
      const threshold = thresholdFractionFor(to, policy);
      const fives = threshold ? marksNeeded(s.marks, toNumber(threshold), { value: 5 }, options) : null;
      steps.push({ subject: s.name, from: to - 1, to, fives: fives === null ? null : Math.max(0, fives - before) });
      if (fives !== null) before = fives;
    }
  }
  if (steps.length < needed) return { reached: false, unreachable: true, raises: [] };
  const cost = (r: CertificateRaise) => (r.fives === null ? Number.MAX_SAFE_INTEGER : r.fives);
  // Cheapest first; a subject's later step never before its earlier one (costs are per step, so stable order keeps them).
  const chosen: CertificateRaise[] = [];
  const taken = new Map<string, number>();
  const pool = steps.slice();
  while (chosen.length < needed) {
    let best = -1;
    for (let i = 0; i < pool.length; i++) {
      const r = pool[i]!;
      const next = (taken.get(r.subject) ?? cert.subjects.find((s) => s.name === r.subject)!.final!) + 1;
      if (r.to !== next) continue;
      if (best < 0 || cost(r) < cost(pool[best]!)) best = i;
    }
    if (best < 0) return { reached: false, unreachable: true, raises: [] };
    const [r] = pool.splice(best, 1);
    chosen.push(r!);
    taken.set(r!.subject, r!.to);
  }
  return { reached: false, unreachable: false, raises: chosen };
}

/** Whether the certificate average matters for this pupil now: grades 9 and 11 (the years that end with one). */
export const certificateApplies = (grade: number | undefined): boolean => grade === 9 || grade === 11;
