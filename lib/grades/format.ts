import { compare, decimalFraction, fraction, type Fraction } from './fraction';
import { thresholdsOf, type RoundingPolicy } from './policy';

/**
 * How every screen prints an average: two decimals, rounded half-up on the exact value, except
 * that the printed figure never lands on or past a threshold the exact value does not reach (nor
 * below one it does). Every whole tenth counts as a threshold (each preset's are tenths, and a
 * printed «4,50» reads as "reaches 4.5"), and so does each threshold of `policy`: 4.4975 prints as
 * 4.49, never as a 4.50 that looks like a 5 it is not; 4.666… prints as 4.67.
 */
export function averageDigits(x: Fraction | number, policy?: RoundingPolicy): string {
  const exact = typeof x === 'number' ? decimalFraction(x) : x;
  if (!exact) return '—';
  if (exact.n < 0n) return toDigits(-((-exact.n * 100n) / exact.d));
  const cut = (exact.n * 100n) / exact.d;
  const up = 2n * ((exact.n * 100n) % exact.d) >= exact.d;
  const lower = fraction(cut, 100n);
  const upper = fraction(cut + 1n, 100n);
  const marks = policy ? thresholdsOf(policy).map((t) => t.from) : [];
  if (up) {
    // Rounding up must not reach a threshold above the exact value.
    const crosses = (cut + 1n) % 10n === 0n || marks.some((t) => compare(exact, t) < 0 && compare(t, upper) <= 0);
    return toDigits(crosses ? cut : cut + 1n);
  }
  // Rounding down must not fall below a threshold the exact value reaches (only thresholds finer than hundredths can).
  const crosses = marks.some((t) => compare(lower, t) < 0 && compare(t, exact) <= 0);
  return toDigits(crosses ? cut + 1n : cut);
}

function toDigits(hundredths: bigint): string {
  const neg = hundredths < 0n;
  const h = neg ? -hundredths : hundredths;
  return `${neg ? '-' : ''}${h / 100n}.${(h % 100n).toString().padStart(2, '0')}`;
}

/**
 * `averageDigits` as a reader of `lang` writes it: «4,57» in Russian, "4.57" in English; «—» when
 * there is no average. Not `Intl`: building a number format costs ≈10 ms in a fresh content-script
 * world, and two decimals need no locale data beyond the separator.
 */
export function formatAverage(x: Fraction | number | null | undefined, lang: string, policy?: RoundingPolicy): string {
  if (x === null || x === undefined) return '—';
  const digits = averageDigits(x, policy);
  return /^en\b/i.test(lang) ? digits : digits.replace('.', ',');
}
