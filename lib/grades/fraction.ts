/**
 * Exact rationals on BigInt. Grade thresholds are compared here, never on floats, so that an
 * average of exactly 4.5 is a 5 and 4.4999… from float noise cannot happen.
 */
export interface Fraction {
  /** Numerator; carries the sign. */
  readonly n: bigint;
  /** Denominator, always > 0. */
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function fraction(n: bigint, d: bigint = 1n): Fraction {
  if (d === 0n) throw new RangeError('fraction with a zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/**
 * The decimal a number was written as: 4.6 → 46/10, not the binary fraction a hair above it.
 * Strings are read the same way ("4,6" with a Russian comma too). Returns null for anything that
 * is not a finite decimal.
 */
export function decimalFraction(x: number | string): Fraction | null {
  const s = typeof x === 'number' ? (Number.isFinite(x) ? String(x) : '') : x.trim().replace(',', '.');
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m || (!m[2] && !m[3])) return null;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  let exp = -(m[3]?.length ?? 0) + Number(m[4] ?? 0);
  let n = BigInt(digits || '0');
  if (m[1]) n = -n;
  if (exp >= 0) return fraction(n * 10n ** BigInt(exp));
  exp = -exp;
  return fraction(n, 10n ** BigInt(exp));
}

export const add = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.n, a.d * b.d);
export const div = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d, a.d * b.n);
/** −1, 0 or 1 as a <, =, > b. */
export const compare = (a: Fraction, b: Fraction): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

export function floor(a: Fraction): bigint {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}

export function ceil(a: Fraction): bigint {
  const q = a.n / a.d;
  return a.n > 0n && q * a.d !== a.n ? q + 1n : q;
}

/** The double nearest to the fraction (one correctly rounded division when both parts are safe integers). */
export function toNumber(a: Fraction): number {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (a.n <= max && a.n >= -max && a.d <= max) return Number(a.n) / Number(a.d);
  // Scale so the quotient keeps 20 significant digits before the single rounding to double.
  const scale = 10n ** 20n;
  const whole = (a.n * scale) / a.d;
  return Number(whole) / 1e20;
}

/** The fraction rounded half-up to `digits` decimals, written with a dot ("4.34"): exact, no float on the way. */
export function toFixedExact(a: Fraction, digits = 2): string {
  const scale = 10n ** BigInt(digits);
  const neg = a.n < 0n;
  const n = neg ? -a.n : a.n;
  const scaled = (2n * n * scale + a.d) / (2n * a.d);
  const whole = (scaled / scale).toString();
  const frac = (scaled % scale).toString().padStart(digits, '0');
  return `${neg && scaled !== 0n ? '-' : ''}${whole}${digits ? '.' + frac : ''}`;
}
