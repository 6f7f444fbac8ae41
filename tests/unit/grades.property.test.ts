import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOf, compare, decimalFraction, marksNeeded, marksTolerated, periodMark, tally, weightedAverage } from '../../lib/grades';
import type { Mark } from '../../lib/model/types';

const markArb = fc.record({
  value: fc.integer({ min: 1, max: 5 }),
  weight: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom(0.5, 1.5, 0.1, 0.2, 2.5)),
  isPoint: fc.boolean(),
});
const marksArb = fc.array(
  markArb.map((m): Mark => ({ ...m, date: '2025-10-01', subject: 's', scale: 'five' })),
  { maxLength: 60 },
);
const targetArb = fc.constantFrom('2.5', '3.5', '4.5', '4.6', '4.7', '3.75', '4.05', '4.99', '3', '5');
const nextArb = fc.record({ value: fc.integer({ min: 2, max: 5 }), weight: fc.integer({ min: 1, max: 4 }) });

const withNext = (marks: Mark[], next: { value: number; weight: number }, n: number): Mark[] => [
  ...marks,
  ...Array.from({ length: n }, (): Mark => ({ ...next, date: '2025-10-02', subject: 's', scale: 'five' })),
];
/** −1/0/1 of the exact average against the target. */
const against = (marks: Mark[], target: string) => compare(averageOf(marks).exact!, decimalFraction(target)!);

// A reference average from BigInt sums written independently of the engine (values ≤ 1 decimal ×10, weights ×10).
function referenceAverage(marks: Mark[]): number | null {
  let s = 0n;
  let w = 0n;
  for (const m of marks) {
    const wi = BigInt(Math.round(m.weight * 10));
    s += BigInt(Math.round((m.value as number) * 10)) * wi;
    w += wi;
  }
  return w === 0n ? null : Number(s) / Number(w * 10n);
}

describe('grade engine properties', () => {
  it('after marksNeeded marks the average reaches the target, after one fewer it does not', () => {
    fc.assert(
      fc.property(marksArb, targetArb, nextArb, (marks, target, next) => {
        const n = marksNeeded(marks, target, next);
        if (n === null) {
          // Unreachable only when the next mark is not above the target (or none can start one).
          expect(compare(decimalFraction(next.value)!, decimalFraction(target)!)).toBeLessThanOrEqual(0);
          if (averageOf(marks).exact) expect(against(marks, target)).toBeLessThan(0);
          return;
        }
        expect(against(withNext(marks, next, n), target)).toBeGreaterThanOrEqual(0);
        if (n > 0 && (n > 1 || averageOf(marks).exact)) expect(against(withNext(marks, next, n - 1), target)).toBeLessThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('marksTolerated marks keep the target and one more breaks it', () => {
    fc.assert(
      fc.property(marksArb, targetArb, nextArb, (marks, target, next) => {
        const n = marksTolerated(marks, target, next);
        const avg = averageOf(marks).exact;
        if (n === null) {
          expect(avg === null || against(marks, target) < 0).toBe(true);
          return;
        }
        if (n === Infinity) {
          expect(compare(decimalFraction(next.value)!, decimalFraction(target)!)).toBeGreaterThanOrEqual(0);
          return;
        }
        expect(against(withNext(marks, next, n), target)).toBeGreaterThanOrEqual(0);
        expect(against(withNext(marks, next, n + 1), target)).toBeLessThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of marks', () => {
    fc.assert(
      fc.property(marksArb, (marks) => {
        const reversed = [...marks].reverse();
        const rotated = marks.length ? [...marks.slice(1), marks[0]!] : [];
        const a = tally(marks);
        for (const other of [reversed, rotated]) {
          const b = tally(other);
          expect([b.sum, b.weight, b.count]).toEqual([a.sum, a.weight, a.count]);
          expect(weightedAverage(other)).toBe(weightedAverage(marks));
        }
      }),
    );
  });

  it('never lowers the average by adding a mark above it', () => {
    fc.assert(
      fc.property(
        marksArb.filter((m) => m.length > 0),
        markArb,
        (marks, extra) => {
          const before = averageOf(marks).exact!;
          const m: Mark = { ...extra, isPoint: false, date: '2025-10-03', subject: 's', scale: 'five' };
          if (compare(decimalFraction(m.value)!, before) < 0) return;
          expect(compare(averageOf([...marks, m]).exact!, before)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('matches an independent exact reference', () => {
    fc.assert(
      fc.property(marksArb, (marks) => {
        expect(weightedAverage(marks)).toBe(referenceAverage(marks));
      }),
    );
  });

  it('gives period marks that never fall as the average rises', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 500 }), fc.integer({ min: 100, max: 500 }), (a, b) => {
        const [lo, hi] = a <= b ? [a / 100, b / 100] : [b / 100, a / 100];
        expect(periodMark(hi)!).toBeGreaterThanOrEqual(periodMark(lo)!);
      }),
    );
  });
});
