import { ceil, compare, decimalFraction, div, floor, mul, sub, type Fraction } from './fraction';
import type { Mark, MarkValue } from '../model/types';
import { averageOf, type AverageResult } from './average';
import { DEFAULT_POLICY, type RoundingPolicy } from './policy';
import { tally, type CountOptions, type MarkLike } from './tally';

/** The mark the calculator counts in: "how many of these". */
export interface NextMark {
  value: number;
  weight?: number;
}

const FIVE: NextMark = { value: 5, weight: 1 };

/**
 * The weight a next mark of a subject most likely has: the commonest among its marks (1 on MESH,
 * where most marks weigh 1; 10 on a «Сетевой город» school whose marks weigh 10, 20 and 40), ties
 * to the smaller; 1 without marks. "How many 5s" counts in marks of that weight.
 */
export function typicalWeight(marks: readonly MarkLike[]): number {
  const count = new Map<number, number>();
  for (const m of marks) if (typeof m.weight === 'number' && m.weight > 0) count.set(m.weight, (count.get(m.weight) ?? 0) + 1);
  let best = 1;
  let most = 0;
  for (const [w, n] of count) if (n > most || (n === most && w < best)) [best, most] = [w, n];
  return best;
}

interface Inputs {
  s: Fraction;
  w: Fraction;
  t: Fraction;
  v: Fraction;
  nw: Fraction;
}

function inputs(marks: readonly MarkLike[], target: number | string, next: NextMark, options: CountOptions): Inputs | null {
  const t = decimalFraction(target);
  const v = decimalFraction(next.value);
  const nw = decimalFraction(next.weight ?? 1);
  if (!t || !v || !nw || nw.n <= 0n) return null;
  const tl = tally(marks, options);
  return { s: tl.sum, w: tl.weight, t, v, nw };
}

const toCount = (n: bigint): number => (n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n));

/**
 * The least number n ≥ 0 of further `next` marks after which the weighted average is ≥ `target`;
 * null when no number of them reaches it. Closed form (see docs/grade-engine.md):
 * n = ⌈(t·W − S) / (w·(v − t))⌉. A target is read as the decimal it is written as.
 */
export function marksNeeded(
  marks: readonly MarkLike[],
  target: number | string,
  next: NextMark = FIVE,
  options: CountOptions = {},
): number | null {
  const x = inputs(marks, target, next, options);
  if (!x) return null;
  const { s, w, t, v, nw } = x;
  const vt = compare(v, t);
  if (w.n === 0n) return vt >= 0 ? 1 : null;
  const gap = sub(mul(t, w), s); // t·W − S
  if (gap.n <= 0n) return 0;
  if (vt <= 0) return null;
  return toCount(ceil(div(gap, mul(nw, sub(v, t)))));
}

/**
 * The greatest number of further `next` marks that keep the average ≥ `target`: 0 when even one
 * breaks it, Infinity when `next` is at or above the target, null when the average is already
 * below it (or there is none). n = ⌊(S − t·W) / (w·(t − v))⌋.
 */
export function marksTolerated(
  marks: readonly MarkLike[],
  target: number | string,
  next: NextMark,
  options: CountOptions = {},
): number | null {
  const x = inputs(marks, target, next, options);
  if (!x) return null;
  const { s, w, t, v, nw } = x;
  if (w.n === 0n) return null;
  const room = sub(s, mul(t, w)); // S − t·W
  if (room.n < 0n) return null;
  if (compare(v, t) >= 0) return Infinity;
  return toCount(floor(div(room, mul(nw, sub(t, v)))));
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
