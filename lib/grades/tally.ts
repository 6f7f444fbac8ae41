import type { Mark } from '../model/types';
import { SCALE_RANGE, type NumericScale } from '../model/scales';
import { add, decimalFraction, fraction, mul, type Fraction } from './fraction';

/** Which marks count. Defaults: the scale most marks are on; «точки» count. */
export interface CountOptions {
  /** Average only marks on this scale (default: the numeric scale with the most marks; ties: five, ten, hundred). */
  scale?: NumericScale;
  /** Whether MESH «точки» (`isPoint`) count (default true). */
  countPoints?: boolean;
}

export type { NumericScale };

/**
 * Σ value·weight and Σ weight over the counted marks, exactly: `sum / weight` is the average.
 * Both are fractions so decimal weights (1.5) and converted values (3.75) stay exact.
 */
export interface Tally {
  scale: NumericScale;
  count: number;
  sum: Fraction;
  weight: Fraction;
}

/** The input the engine reads of a mark; anything shaped like a `Mark` will do. */
export type MarkLike = Pick<Mark, 'value'> & Partial<Pick<Mark, 'weight' | 'scale' | 'isPoint' | 'weightUnknown'>>;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const SCALES: readonly NumericScale[] = ['five', 'ten', 'hundred'];

/**
 * How many decimal places `x` was written with (4.6 → 1), up to 9; −1 beyond that. No allocation:
 * `m / 10^k` is correctly rounded, so it equals `x` exactly when `x` is the double of that decimal.
 */
function decimalPlaces(x: number): number {
  if (Number.isInteger(x)) return 0;
  for (let k = 1; k < POW10.length; k++) {
    const p = POW10[k]!;
    if (Math.round(x * p) / p === x) return k;
  }
  return -1;
}

/** Why a mark is left out of an average. */
export type ExclusionReason = 'non-numeric' | 'other-scale' | 'point' | 'bad-weight';

const PLAIN_NUMBER = /^\s*\d+(?:[.,]\d+)?\s*$/;

/**
 * The number a mark counts as: a number as it is; a text that is a plain number on the mark's scale
 * ("4", "4,5": MESH sends its values as strings) as that number; null for everything else ("Н",
 * "зач", "5-", "7" on the five scale). One reading for every engine function.
 */
export function numericValueOf(m: MarkLike): number | null {
  const v = m.value;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || m.scale === 'pass-fail' || !PLAIN_NUMBER.test(v)) return null;
  const n = Number(v.trim().replace(',', '.'));
  const [lo, hi] = SCALE_RANGE[(m.scale ?? 'five') as NumericScale] ?? SCALE_RANGE.five;
  return n >= lo && n <= hi ? n : null;
}

/** The reason a mark does not count, or null when it counts towards `scale`. */
export function exclusionOf(m: MarkLike, scale: NumericScale | undefined, countPoints: boolean): ExclusionReason | null {
  if (m.scale === 'pass-fail' || numericValueOf(m) === null) return 'non-numeric';
  const w = m.weight ?? 1;
  if (!(w > 0) || !Number.isFinite(w)) return 'bad-weight';
  if (m.isPoint && !countPoints) return 'point';
  if (scale !== undefined && (m.scale ?? 'five') !== scale) return 'other-scale';
  return null;
}

/**
 * One scale's running sums, kept as safe integers: values scaled by 10^vp, weights by 10^wp, so
 * sum = S / 10^(vp+wp) and weight = W / 10^wp. A mark with more decimals rescales the sums first.
 */
class Accumulator {
  s = 0;
  w = 0;
  vp = 0;
  wp = 0;
  count = 0;
  exact = true;

  add(value: number, weight: number): void {
    let kv = decimalPlaces(value);
    let kw = decimalPlaces(weight);
    if (kv < 0 || kw < 0) {
      this.exact = false;
      kv = Math.max(kv, 0);
      kw = Math.max(kw, 0);
    }
    if (kv > this.vp) {
      this.s *= POW10[kv - this.vp]!;
      this.vp = kv;
    }
    if (kw > this.wp) {
      const f = POW10[kw - this.wp]!;
      this.s *= f;
      this.w *= f;
      this.wp = kw;
    }
    const wi = this.wp ? Math.round(weight * POW10[this.wp]!) : weight;
    this.s += (this.vp ? Math.round(value * POW10[this.vp]!) : value) * wi;
    this.w += wi;
    this.count++;
  }

  /** False when a sum left the safe-integer range or a value had too many decimals: recount on BigInt. */
  get safe(): boolean {
    return this.exact && Number.isSafeInteger(this.s) && Number.isSafeInteger(this.w);
  }
}

function chooseScale(accs: Record<NumericScale, Accumulator>): NumericScale {
  let best: NumericScale = 'five';
  for (const s of SCALES) if (accs[s].count > accs[best].count) best = s;
  return best;
}

/** Exact recount on BigInt for the rare inputs the fast path cannot hold (huge sums, long decimals). */
function bigTally(marks: readonly MarkLike[], scale: NumericScale, countPoints: boolean): Tally {
  let sum = fraction(0n);
  let weight = fraction(0n);
  let count = 0;
  for (const m of marks) {
    if (exclusionOf(m, scale, countPoints) !== null) continue;
    const v = decimalFraction(numericValueOf(m)!);
    const w = decimalFraction(m.weight ?? 1);
    if (!v || !w) continue;
    sum = add(sum, mul(v, w));
    weight = add(weight, w);
    count++;
  }
  return { scale, count, sum, weight };
}

/**
 * Sums the counted marks in a single pass with no per-mark allocation (the hot path behind every
 * average on a page and the 1,000,000-mark benchmark).
 */
export function tally(marks: readonly MarkLike[], options: CountOptions = {}): Tally {
  const countPoints = options.countPoints ?? true;
  const accs: Record<NumericScale, Accumulator> = { five: new Accumulator(), ten: new Accumulator(), hundred: new Accumulator() };
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    // Numbers take the fast path; a mark written as text is read once, the same way exclusionOf reads it.
    const value = typeof m.value === 'number' ? m.value : typeof m.value === 'string' ? numericValueOf(m) : null;
    if (value === null) continue;
    const scale = m.scale ?? 'five';
    if (scale === 'pass-fail' || (options.scale !== undefined && scale !== options.scale)) continue;
    const weight = m.weight ?? 1;
    if (!(weight > 0) || weight === Infinity || !Number.isFinite(value)) continue;
    if (m.isPoint && !countPoints) continue;
    accs[scale].add(value, weight);
  }
  const scale = options.scale ?? chooseScale(accs);
  const a = accs[scale];
  if (!a.safe) return bigTally(marks, scale, countPoints);
  return {
    scale,
    count: a.count,
    sum: fraction(BigInt(a.s), 10n ** BigInt(a.vp + a.wp)),
    weight: fraction(BigInt(a.w), 10n ** BigInt(a.wp)),
  };
}

/** sum / weight, or null when nothing counts. */
export function tallyAverage(t: Tally): Fraction | null {
  if (t.weight.n === 0n) return null;
  return fraction(t.sum.n * t.weight.d, t.sum.d * t.weight.n);
}
