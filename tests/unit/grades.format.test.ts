import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageDigits, compare, decimalFraction, formatAverage, periodMarkOf, POLICIES, type Fraction } from '../../lib/grades';
import { fraction } from '../../lib/grades/fraction';

describe('one way to print an average', () => {
  it('rounds half-up to two decimals on the exact value', () => {
    expect(averageDigits(fraction(13n, 3n))).toBe('4.33');
    expect(averageDigits(fraction(14n, 3n))).toBe('4.67');
    expect(averageDigits(decimalFraction('4.335')!)).toBe('4.34');
    expect(averageDigits(5)).toBe('5.00');
    expect(formatAverage(fraction(14n, 3n), 'ru')).toBe('4,67');
    expect(formatAverage(fraction(14n, 3n), 'en-GB')).toBe('4.67');
    expect(formatAverage(null, 'ru')).toBe('—');
  });

  it('never prints a figure on a threshold the exact value does not reach: 4.4975 is 4,49, not 4,50', () => {
    expect(averageDigits(fraction(1799n, 400n))).toBe('4.49');
    expect(formatAverage(fraction(1799n, 400n), 'ru')).toBe('4,49');
    expect(averageDigits(decimalFraction('3.496')!)).toBe('3.49');
    expect(averageDigits(decimalFraction('4.5')!)).toBe('4.50');
    // A school's own threshold between hundredths is honoured both ways.
    const own = {
      id: 'own',
      thresholds: [
        { mark: 5, from: '4.555' },
        { mark: 4, from: '3.5' },
        { mark: 3, from: '2.5' },
      ],
      lowest: 2,
    };
    expect(averageDigits(decimalFraction('4.553')!, own)).toBe('4.55');
    expect(averageDigits(decimalFraction('4.556')!, own)).toBe('4.56');
    expect(averageDigits(decimalFraction('4.5551')!, own)).toBe('4.56');
    expect(averageDigits(decimalFraction('4.5549')!, own)).toBe('4.55');
  });

  it('the printed figure is on the same side of every threshold as the exact value (property)', () => {
    const policies = [POLICIES.standard, POLICIES.point6, POLICIES.point7];
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 50_000n }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.constantFrom(...policies),
        (n, d, policy) => {
          const exact: Fraction = fraction(n, d);
          const printed = decimalFraction(averageDigits(exact, policy))!;
          // Off by at most one hundredth, and the period mark the figure shows is the exact value's.
          expect(Math.abs(Number(printed.n) / Number(printed.d) - Number(n) / Number(d))).toBeLessThan(0.0100001);
          expect(periodMarkOf(printed, policy)).toBe(periodMarkOf(exact, policy));
          for (const tenth of [...Array(60)].map((_, i) => fraction(BigInt(i), 10n)))
            expect(compare(printed, tenth) >= 0).toBe(compare(exact, tenth) >= 0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
