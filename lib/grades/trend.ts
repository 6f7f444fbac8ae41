import { add, decimalFraction, div, fraction, mul, toNumber } from './fraction';
import { exclusionOf, numericValueOf, tally, type CountOptions, type MarkLike } from './tally';

// Its own module so that only the progress chart carries it (the widget library splits by module).
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
