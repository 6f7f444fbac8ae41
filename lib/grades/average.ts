import type { Mark } from '../model/types';
import { toNumber, type Fraction } from './fraction';
import { DEFAULT_POLICY, periodMarkOf, type RoundingPolicy } from './policy';
import { exclusionOf, tally, tallyAverage, type CountOptions, type ExclusionReason, type MarkLike, type NumericScale } from './tally';

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
  /** A counted mark's weight is not known (`Mark.weightUnknown`): the figure is approximate, and every screen says so. */
  approximate: boolean;
}

/** Whether a counted mark's weight is unknown (a cheap pass: most marks have no such flag). */
function anyWeightUnknown(marks: readonly MarkLike[], scale: NumericScale, countPoints: boolean): boolean {
  for (const m of marks) if (m.weightUnknown && exclusionOf(m, scale, countPoints) === null) return true;
  return false;
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
    approximate: t.count > 0 && anyWeightUnknown(marks, t.scale, options.countPoints ?? true),
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
