import { compare, decimalFraction, type Fraction } from './fraction';

/**
 * How an average becomes a period mark (quarter, trimester, half-year, year). Thresholds are set by
 * each school, so a policy is data: the least average for each mark, and optionally the fewest
 * marks before a period mark is given at all.
 */
export interface RoundingPolicy {
  /** Preset name, or any id for a custom policy. */
  id: string;
  /** Least average for each mark, highest mark first. Decimals as written: `'4.5'` or `4.5`. */
  thresholds: ReadonlyArray<{ mark: number; from: number | string }>;
  /** The mark given when no threshold is reached. */
  lowest: number;
  /** With fewer counted marks than this, no period mark is given (many schools want 3). */
  minMarks?: number;
}

export const POLICIES = {
  /** The common rule: 5 from 4.5, 4 from 3.5, 3 from 2.5. Tabel's default. */
  standard: {
    id: 'standard',
    thresholds: [
      { mark: 5, from: '4.5' },
      { mark: 4, from: '3.5' },
      { mark: 3, from: '2.5' },
    ],
    lowest: 2,
  },
  /** Schools that round up only from x.6 (4.6 → 5), as XDnevnik and NetSchool colour by default. */
  point6: {
    id: 'point6',
    thresholds: [
      { mark: 5, from: '4.6' },
      { mark: 4, from: '3.6' },
      { mark: 3, from: '2.6' },
    ],
    lowest: 2,
  },
  /** Schools that round up only from x.7. */
  point7: {
    id: 'point7',
    thresholds: [
      { mark: 5, from: '4.7' },
      { mark: 4, from: '3.7' },
      { mark: 3, from: '2.7' },
    ],
    lowest: 2,
  },
} as const satisfies Record<string, RoundingPolicy>;

export type PolicyName = keyof typeof POLICIES;
export const DEFAULT_POLICY: RoundingPolicy = POLICIES.standard;

/** A preset by name, or null for an unknown name. */
export function policyNamed(name: string): RoundingPolicy | null {
  return Object.prototype.hasOwnProperty.call(POLICIES, name) ? POLICIES[name as PolicyName] : null;
}

/**
 * The rule in force: a school's own rule when it is usable, else the preset named (the standard one
 * when none is named); null for an unknown name. The one reading for settings and widgets alike.
 */
export function policyInForce(custom: RoundingPolicy | null | undefined, name = 'standard'): RoundingPolicy | null {
  return custom && !policyProblems(custom).length ? custom : policyNamed(name);
}

/** Problems with a (custom) policy, in words; empty when it is usable. */
export function policyProblems(p: RoundingPolicy): string[] {
  const out: string[] = [];
  let prev: { mark: number; from: Fraction } | null = null;
  p.thresholds.forEach((t, i) => {
    const from = decimalFraction(t.from);
    if (!from) {
      out.push(`thresholds[${i}].from: expected a decimal number`);
      return;
    }
    if (prev && !(t.mark < prev.mark)) out.push(`thresholds[${i}].mark: expected marks from highest to lowest`);
    if (prev && compare(from, prev.from) >= 0) out.push(`thresholds[${i}].from: expected a threshold below the previous one`);
    if (t.mark <= p.lowest) out.push(`thresholds[${i}].mark: expected a mark above the lowest (${p.lowest})`);
    prev = { mark: t.mark, from };
  });
  if (p.minMarks !== undefined && !(Number.isInteger(p.minMarks) && p.minMarks >= 0)) out.push('minMarks: expected a whole number ≥ 0');
  return out;
}

// Parsed thresholds per policy object, so a page of subjects parses each threshold once.
const parsed = new WeakMap<RoundingPolicy, Array<{ mark: number; from: Fraction }>>();
export function thresholdsOf(p: RoundingPolicy): Array<{ mark: number; from: Fraction }> {
  let t = parsed.get(p);
  if (!t) {
    t = p.thresholds.map((x) => ({ mark: x.mark, from: decimalFraction(x.from) ?? { n: 1n << 64n, d: 1n } }));
    parsed.set(p, t);
  }
  return t;
}

/** The period mark an exact average rounds to; null for no average or too few marks. */
export function periodMarkOf(average: Fraction | null, policy: RoundingPolicy = DEFAULT_POLICY, count?: number): number | null {
  if (average === null) return null;
  if (policy.minMarks !== undefined && count !== undefined && count < policy.minMarks) return null;
  for (const t of thresholdsOf(policy)) if (compare(average, t.from) >= 0) return t.mark;
  return policy.lowest;
}

/**
 * The period mark an average rounds to. A number average is read as the decimal it prints as
 * (4.5 is exactly 4.5), so a threshold never flips on binary noise; pass `count` to apply the
 * policy's minimum number of marks.
 */
export function periodMark(average: number | null, policy: RoundingPolicy = DEFAULT_POLICY, count?: number): number | null {
  if (average === null || !Number.isFinite(average)) return null;
  return periodMarkOf(decimalFraction(average), policy, count);
}

/**
 * The period mark of a diary system's own figure (`ReportedFigure`): the mark it reports where it
 * gives a number, else its average under the user's rule (Дневник.ру's table, before a mark is set).
 */
export function reportedPeriodMark(
  r: { average?: number; periodMark?: number | string },
  policy: RoundingPolicy = DEFAULT_POLICY,
): number | null {
  return typeof r.periodMark === 'number' ? r.periodMark : periodMark(r.average ?? null, policy);
}

/** The least average that rounds to `mark` (exact); null when the policy never gives that mark. */
export function thresholdFractionFor(mark: number, policy: RoundingPolicy = DEFAULT_POLICY): Fraction | null {
  const t = thresholdsOf(policy).find((x) => x.mark === mark);
  if (t) return t.from;
  return mark === policy.lowest ? { n: 0n, d: 1n } : null;
}

/** The least average that rounds to `mark` under the policy (4.5 for a 5 by default); 0 for the lowest mark; null when no average gives it. */
export function thresholdFor(mark: number, policy: RoundingPolicy = DEFAULT_POLICY): number | null {
  const f = thresholdFractionFor(mark, policy);
  return f === null ? null : Number(f.n) / Number(f.d);
}

/** A target in force: an average, or a period mark's threshold. */
export interface Target {
  /** The least average that meets it; null when the policy gives no such mark (unreachable). */
  value: number | null;
  /** The period mark aimed at, when the target was given as one. */
  mark: number | null;
}

/**
 * The target a screen aims at: a target average wins over a target mark (whose threshold under the
 * policy it becomes); `fallbackMark` when neither is given; null without any.
 */
export function targetIn(policy: RoundingPolicy, average?: number | null, mark?: number | null, fallbackMark?: number): Target | null {
  if (typeof average === 'number' && Number.isFinite(average)) return { value: average, mark: null };
  const m = typeof mark === 'number' && Number.isFinite(mark) ? mark : fallbackMark;
  return m === undefined ? null : { value: thresholdFor(m, policy), mark: m };
}
