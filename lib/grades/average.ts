import type { Mark, MarkValue } from '../model/types';
import { add, decimalFraction, div, fraction, mul, toNumber, type Fraction } from './fraction';
import { DEFAULT_POLICY, periodMarkOf, type RoundingPolicy } from './policy';
import {
  exclusionOf,
  numericValueOf,
  tally,
  tallyAverage,
  type CountOptions,
  type ExclusionReason,
  type MarkLike,
  type NumericScale,
} from './tally';

/** Σ(value·weight)/Σweight over the numeric marks of one scale; null when none count. */
export function weightedAverage(marks: readonly MarkLike[], options: CountOptions = {}): number | null {
  const avg = tallyAverage(tally(marks, options));
  return avg === null ? null : toNumber(avg);
}

/** An average with everything needed to show and compare it exactly. */
export interface AverageResult {
  /** The average as a number (the double nearest to `exact`), or null when no mark counts. */
  average: number | null;
  /** The exact average, for threshold comparisons. */
  exact: Fraction | null;
  /** The period mark it rounds to under the policy (null: no average, or fewer marks than the policy wants). */
  periodMark: number | null;
  /** Marks counted. */
  count: number;
  scale: NumericScale;
}

export function averageOf(marks: readonly MarkLike[], policy: RoundingPolicy = DEFAULT_POLICY, options: CountOptions = {}): AverageResult {
  const t = tally(marks, options);
  const exact = tallyAverage(t);
  return {
    average: exact === null ? null : toNumber(exact),
    exact,
    periodMark: periodMarkOf(exact, policy, t.count),
    count: t.count,
    scale: t.scale,
  };
}

/** How an average was built: which marks counted, with what weight, what was left out and why. */
export interface AverageExplanation<M extends MarkLike = Mark> extends AverageResult {
  counted: M[];
  excluded: Array<{ mark: M; reason: ExclusionReason }>;
  /** Σ value·weight and Σ weight, as numbers for display. */
  sum: number;
  weight: number;
}

export function explainAverage<M extends MarkLike>(
  marks: readonly M[],
  policy: RoundingPolicy = DEFAULT_POLICY,
  options: CountOptions = {},
): AverageExplanation<M> {
  const result = averageOf(marks, policy, options);
  const counted: M[] = [];
  const excluded: Array<{ mark: M; reason: ExclusionReason }> = [];
  for (const m of marks) {
    const reason = exclusionOf(m, result.scale, options.countPoints ?? true);
    if (reason) excluded.push({ mark: m, reason });
    else counted.push(m);
  }
  const t = tally(counted, { ...options, scale: result.scale });
  return { ...result, counted, excluded, sum: toNumber(t.sum), weight: toNumber(t.weight) };
}

/** A mark the user imagines: only value and weight are needed. */
export type HypotheticalMark = { value: MarkValue; weight?: number } & Partial<Mark>;

/** Average and period mark with the hypothetical marks added (on the marks' own scale). */
export function whatIf(
  marks: readonly MarkLike[],
  hypothetical: readonly HypotheticalMark[],
  policy: RoundingPolicy = DEFAULT_POLICY,
  options: CountOptions = {},
): AverageResult {
  const scale = options.scale ?? tally(marks, options).scale;
  const extra = hypothetical.map((h) => ({ ...h, scale: h.scale ?? scale, isPoint: false }));
  return averageOf([...marks, ...extra], policy, { ...options, scale });
}

export interface TrendPoint {
  /** The date (YYYY-MM-DD) after whose marks the average is taken. */
  date: string;
  average: number;
  /** Marks counted up to and including this date. */
  count: number;
}

/**
 * The weighted average after each date that has counted marks, in date order: the line a
 * progress chart draws. Marks of one day enter together.
 */
export function trend(marks: readonly (MarkLike & { date?: string })[], options: CountOptions = {}): TrendPoint[] {
  const scale = options.scale ?? tally(marks, options).scale;
  const countPoints = options.countPoints ?? true;
  const counted = marks
    .filter((m) => m.date !== undefined && exclusionOf(m, scale, countPoints) === null)
    .map((m) => ({ day: m.date!.slice(0, 10), m }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const out: TrendPoint[] = [];
  let sum = fraction(0n);
  let weight = fraction(0n);
  for (let i = 0; i < counted.length; i++) {
    const { m, day } = counted[i]!;
    const w = decimalFraction(m.weight ?? 1)!;
    sum = add(sum, mul(decimalFraction(numericValueOf(m)!)!, w));
    weight = add(weight, w);
    if (i + 1 < counted.length && counted[i + 1]!.day === day) continue;
    out.push({ date: day, average: toNumber(div(sum, weight)), count: i + 1 });
  }
  return out;
}
