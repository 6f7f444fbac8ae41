import { describe, expect, it } from 'vitest';
import {
  averageOf,
  explainAverage,
  marksNeeded,
  marksTolerated,
  overallAverage,
  periodMark,
  periodOn,
  POLICIES,
  policyNamed,
  policyProblems,
  subjectSummaries,
  thresholdFor,
  trend,
  weightedAverage,
  whatIf,
} from '../../lib/grades';
import { mark, sampleDiary } from './fixtures';

describe('weightedAverage', () => {
  it('is Σ(value·weight)/Σweight', () => {
    expect(weightedAverage([mark(5, 1), mark(4, 2)])).toBeCloseTo(13 / 3, 15);
  });

  it('is null when no mark counts', () => {
    expect(weightedAverage([])).toBeNull();
    expect(weightedAverage([mark('Н'), mark('зачёт', 1, { scale: 'pass-fail' })])).toBeNull();
  });

  it('leaves non-numeric marks and bad weights out', () => {
    expect(weightedAverage([mark(5), mark('НВ'), mark('См', 3), mark(3, 0), mark(4, NaN)])).toBe(5);
  });

  it('counts a missing weight as 1', () => {
    expect(weightedAverage([{ value: 5 }, { value: 2, weight: 2 }])).toBe(3);
  });

  it('leaves «точки» out only when asked to', () => {
    const marks = [mark(5), mark(2, 1, { isPoint: true })];
    expect(weightedAverage(marks)).toBe(3.5);
    expect(weightedAverage(marks, { countPoints: false })).toBe(5);
  });

  it('averages within one scale: the one most marks are on', () => {
    const marks = [mark(5), mark(4), mark(80, 1, { scale: 'hundred' })];
    expect(weightedAverage(marks)).toBe(4.5);
    expect(weightedAverage(marks, { scale: 'hundred' })).toBe(80);
    expect(averageOf([mark(9, 1, { scale: 'ten' }), mark(7, 1, { scale: 'ten' })]).scale).toBe('ten');
  });

  it('does not pick up float noise from decimal weights', () => {
    // Naively (4.3·0.1 + 4.6·0.2) / 0.3 is 4.499999999999999 in doubles; exactly it is 4.5.
    const marks = [mark(4.3, 0.1), mark(4.6, 0.2)];
    const naive = (4.3 * 0.1 + 4.6 * 0.2) / (0.1 + 0.2);
    expect(naive).toBeLessThan(4.5);
    expect(weightedAverage(marks)).toBe(4.5);
    expect(averageOf(marks).periodMark).toBe(5);
  });

  it('stays exact when sums pass 2^53 or decimals run long', () => {
    const huge = Array.from({ length: 1000 }, (_, i) => mark(i % 2 ? 5 : 4, 1e13));
    expect(weightedAverage(huge)).toBe(4.5);
    expect(averageOf(huge).periodMark).toBe(5);
    const third = 1 / 3;
    expect(weightedAverage([mark(4, third), mark(5, third)])).toBe(4.5);
  });
});

describe('periodMark and thresholds', () => {
  it('rounds 4.5 to 5 and 4.49 to 4 under the standard rule', () => {
    expect(periodMark(4.5)).toBe(5);
    expect(periodMark(4.49)).toBe(4);
    expect(periodMark(3.5)).toBe(4);
    expect(periodMark(2.5)).toBe(3);
    expect(periodMark(2.49)).toBe(2);
    expect(periodMark(1)).toBe(2);
    expect(periodMark(null)).toBeNull();
  });

  it('follows the x.6 and x.7 presets', () => {
    expect(periodMark(4.5, POLICIES.point6)).toBe(4);
    expect(periodMark(4.6, POLICIES.point6)).toBe(5);
    expect(periodMark(4.59, POLICIES.point6)).toBe(4);
    expect(periodMark(3.69, POLICIES.point7)).toBe(3);
    expect(periodMark(3.7, POLICIES.point7)).toBe(4);
  });

  it('gives an exact 4.6 average its 5 under x.6 (23/5 is not the double 4.6)', () => {
    const marks = [mark(5), mark(5), mark(5), mark(4), mark(4)];
    expect(averageOf(marks, POLICIES.point6).periodMark).toBe(5);
  });

  it('withholds a period mark below the policy minimum of marks', () => {
    const policy = { ...POLICIES.standard, minMarks: 3 };
    expect(averageOf([mark(5), mark(5)], policy).periodMark).toBeNull();
    expect(averageOf([mark(5), mark(5), mark(4)], policy).periodMark).toBe(5);
    expect(periodMark(4.7, policy, 2)).toBeNull();
  });

  it('knows each mark’s threshold', () => {
    expect(thresholdFor(5)).toBe(4.5);
    expect(thresholdFor(4, POLICIES.point6)).toBe(3.6);
    expect(thresholdFor(2)).toBe(0);
    expect(thresholdFor(6)).toBeNull();
    expect(periodMark(thresholdFor(4, POLICIES.point7)!, POLICIES.point7)).toBe(4);
  });

  it('finds presets by name and reports broken custom policies', () => {
    expect(policyNamed('point6')).toBe(POLICIES.point6);
    expect(policyNamed('toString')).toBeNull();
    expect(policyProblems(POLICIES.standard)).toEqual([]);
    expect(
      policyProblems({
        id: 'x',
        lowest: 2,
        thresholds: [
          { mark: 4, from: '3.5' },
          { mark: 5, from: '4.5' },
        ],
      }),
    ).toContain('thresholds[1].mark: expected marks from highest to lowest');
    expect(policyProblems({ id: 'x', lowest: 2, thresholds: [{ mark: 5, from: 'abc' }] })).toEqual([
      'thresholds[0].from: expected a decimal number',
    ]);
  });
});

describe('marksNeeded', () => {
  it('counts the 5s that lift two 3s to 4.5', () => {
    const marks = [mark(3), mark(3)];
    expect(marksNeeded(marks, 4.5)).toBe(6);
    expect(averageOf([...marks, ...Array.from({ length: 6 }, () => mark(5))]).average).toBe(4.5);
    expect(averageOf([...marks, ...Array.from({ length: 5 }, () => mark(5))]).periodMark).toBe(4);
  });

  it('takes the next mark’s weight into account', () => {
    expect(marksNeeded([mark(3), mark(3)], 4.5, { value: 5, weight: 2 })).toBe(3);
  });

  it('is 0 when the target is already met, and null when unreachable', () => {
    expect(marksNeeded([mark(5), mark(4)], '4.5')).toBe(0);
    expect(marksNeeded([mark(4)], 5)).toBeNull();
    expect(marksNeeded([mark(3)], 4.5, { value: 4 })).toBeNull();
  });

  it('is 1 with no marks yet when the next mark reaches the target', () => {
    expect(marksNeeded([], 4.5)).toBe(1);
    expect(marksNeeded([], 4.5, { value: 4 })).toBeNull();
  });

  it('reads the target as a decimal: 4.6 needs exactly enough for 23/5', () => {
    // S=4, W=1; after n fives (4+5n)/(1+n) ≥ 4.6 ⇔ n ≥ 1.5 → 2.
    expect(marksNeeded([mark(4)], 4.6)).toBe(2);
    expect(marksNeeded([mark(4), mark(4), mark(5), mark(5), mark(5)], 4.6)).toBe(0); // exactly 23/5
    expect(marksNeeded([mark(4), mark(4), mark(4), mark(5), mark(5), mark(5)], 4.6)).toBe(2);
  });
});

describe('marksTolerated', () => {
  it('counts the 2s ten 5s can absorb and keep 4.5', () => {
    const tens = Array.from({ length: 10 }, () => mark(5));
    expect(marksTolerated(tens, 4.5, { value: 2 })).toBe(2);
    expect(averageOf([...tens, mark(2), mark(2)]).periodMark).toBe(5);
    expect(averageOf([...tens, mark(2), mark(2), mark(2)]).periodMark).toBe(4);
  });

  it('is 0 when one breaks it, Infinity at or above the target, null below it', () => {
    expect(marksTolerated([mark(5), mark(4)], 4.5, { value: 2 })).toBe(0);
    expect(marksTolerated([mark(5)], 4.5, { value: 5 })).toBe(Infinity);
    expect(marksTolerated([mark(4)], 4.5, { value: 2 })).toBeNull();
    expect(marksTolerated([], 4.5, { value: 2 })).toBeNull();
  });
});

describe('whatIf, explainAverage and trend', () => {
  it('adds hypothetical marks on the marks’ own scale', () => {
    const r = whatIf([mark(4), mark(4)], [{ value: 5, weight: 2 }]);
    expect(r.average).toBe(4.5);
    expect(r.periodMark).toBe(5);
    expect(r.count).toBe(3);
  });

  it('says which marks counted and why others did not', () => {
    const marks = [mark(5), mark('Н'), mark(2, 1, { isPoint: true }), mark(70, 1, { scale: 'hundred' })];
    const e = explainAverage(marks, POLICIES.standard, { countPoints: false });
    expect(e.counted).toEqual([marks[0]]);
    expect(e.excluded.map((x) => x.reason)).toEqual(['non-numeric', 'point', 'other-scale']);
    expect(e.sum).toBe(5);
    expect(e.weight).toBe(1);
  });

  it('gives the average after each date, marks of one day together', () => {
    const t = trend([
      mark(5, 1, { date: '2025-09-10' }),
      mark(2, 1, { date: '2025-09-12' }),
      mark(3, 2, { date: '2025-09-12' }),
      mark('Н', 1, { date: '2025-09-13' }),
    ]);
    expect(t).toEqual([
      { date: '2025-09-10', average: 5, count: 1 },
      { date: '2025-09-12', average: 3.25, count: 3 },
    ]);
  });
});

describe('diary aggregation', () => {
  it('summarises each subject for a period, nested periods included', () => {
    const d = sampleDiary();
    const t1 = subjectSummaries(d, { period: 't1' });
    expect(t1.map((s) => [s.subject.id, s.average, s.periodMark, s.count])).toEqual([
      ['alg', 13 / 3, 4, 2],
      ['rus', 5, 5, 2],
      ['art', null, null, 0],
    ]);
    expect(t1[0]!.reported?.average).toBe(4.33);
    expect(t1[0]!.marks).toHaveLength(3);
    const year = subjectSummaries(d, { period: 'y' });
    expect(year[0]!.average).toBe(4); // 5 + 4·2 + 3 over 4
    expect(year[1]!.count).toBe(3);
  });

  it('gives both overall averages, labelled', () => {
    const o = overallAverage(subjectSummaries(sampleDiary(), { period: 't1' }));
    expect(o.meanOfAverages).toBeCloseTo((13 / 3 + 5) / 2, 14);
    expect(o.meanOfPeriodMarks).toBe(4.5);
    expect(o.subjects).toBe(2);
  });

  it('finds the innermost period of a day', () => {
    const { periods } = sampleDiary();
    expect(periodOn(periods, '2025-12-05')?.id).toBe('t2');
    expect(periodOn(periods, '2026-07-01')).toBeNull();
  });
});

describe('toFixedExact', () => {
  it('rounds the exact value half-up, where toFixed on the double would round 4.335 down', async () => {
    const { toFixedExact, decimalFraction } = await import('../../lib/grades');
    expect((4.335).toFixed(2)).toBe('4.33');
    expect(toFixedExact(decimalFraction('4.335')!)).toBe('4.34');
    expect(toFixedExact(averageOf([mark(5), mark(4), mark(4)]).exact!)).toBe('4.33');
    expect(toFixedExact(decimalFraction(5)!)).toBe('5.00');
    expect(toFixedExact(decimalFraction('-0.004')!)).toBe('0.00');
  });
});

describe('marks written as numeric strings (MESH sends "4")', () => {
  // The same marks, once as numbers and once as MESH writes them.
  const asNumbers = [mark(5), mark(4, 2), mark(3), mark(2, 1, { isPoint: true })];
  const asText = asNumbers.map((m) => ({ ...m, value: String(m.value) }));

  it('count as their number in every engine function', async () => {
    const { parseMarks } = await import('../../lib/model');
    const target = { value: 5 };
    expect(weightedAverage(asText)).toBe(weightedAverage(asNumbers));
    expect(averageOf(asText)).toEqual(averageOf(asNumbers));
    expect(averageOf(asText).count).toBe(4);
    expect(marksNeeded(asText, 4.5, target)).toBe(marksNeeded(asNumbers, 4.5, target));
    expect(marksNeeded(asText, 4.5, target)).toBeGreaterThan(0);
    expect(marksTolerated([mark('5'), mark('5')], 4.5, { value: 4 })).toBe(marksTolerated([mark(5), mark(5)], 4.5, { value: 4 }));
    expect(trend(asText.map((m, i) => ({ ...m, date: `2025-09-1${i}` })))).toEqual(
      trend(asNumbers.map((m, i) => ({ ...m, date: `2025-09-1${i}` }))),
    );
    expect(whatIf(asText, [{ value: '5' }])).toEqual(whatIf(asNumbers, [{ value: 5 }]));
    const e = explainAverage(asText, POLICIES.standard, { countPoints: false });
    expect(e.counted).toHaveLength(3);
    expect(e.excluded.map((x) => x.reason)).toEqual(['point']);
    expect(e.sum).toBe(16);
    // The period mark follows the same reading: (5 + 4·2 + 3 + 2) / 5 = 3.6 → 4.
    expect(averageOf(asText).periodMark).toBe(4);
    // And the validator turns them into numbers, so stored diaries never carry the text form.
    const parsed = parseMarks(asText);
    expect(parsed.ok && parsed.value.map((m) => m.value)).toEqual([5, 4, 3, 2]);
  });

  it('a decimal comma is a number too; text that is not a plain number on the scale stays out', () => {
    expect(weightedAverage([mark('4,5'), mark('4.5')])).toBe(4.5);
    expect(weightedAverage([mark('5'), mark('7')])).toBe(5);
    expect(weightedAverage([mark('5'), mark('5-'), mark('Н'), mark('НВ'), mark('зач'), mark('-4'), mark('4e1')])).toBe(5);
    expect(weightedAverage([mark('8', 1, { scale: 'ten' }), mark('10', 1, { scale: 'ten' })])).toBe(9);
    expect(explainAverage([mark('5'), mark('7')]).excluded.map((x) => x.reason)).toEqual(['non-numeric']);
  });
});

describe('marks whose weight the site does not say (ЭлЖур, Дневник.ру)', () => {
  const m = (value: number | string, weightUnknown?: boolean) => ({
    value,
    weight: 1,
    date: '2026-10-01',
    subject: 's',
    scale: 'five' as const,
    ...(weightUnknown ? { weightUnknown } : {}),
  });

  it('count once, and make the average approximate only when one of them counts', async () => {
    const { averageOf, explainAverage, subjectSummaries, overallAverage } = await import('../../lib/grades');
    expect(averageOf([m(5), m(4)]).approximate).toBe(false);
    const a = averageOf([m(5), m(4, true)]);
    expect(a.average).toBe(4.5);
    expect(a.approximate).toBe(true);
    // An unknown weight on a mark that does not count («Н») changes nothing.
    expect(averageOf([m(5), m('Н', true)]).approximate).toBe(false);
    expect(averageOf([m('Н', true)]).approximate).toBe(false);
    expect(explainAverage([m(3, true)]).approximate).toBe(true);
    const diary = {
      version: 1 as const,
      student: { id: 'x', name: 'X' },
      subjects: [
        { id: 's', name: 'S' },
        { id: 't', name: 'T' },
      ],
      periods: [],
      marks: [m(5, true), { ...m(4), subject: 't' }],
    };
    const rows = subjectSummaries(diary);
    expect(rows.map((r) => r.approximate)).toEqual([true, false]);
    expect(overallAverage(rows).approximate).toBe(true);
    expect(overallAverage(rows.slice(1)).approximate).toBe(false);
  });

  it('the model keeps the flag and refuses a non-boolean one', async () => {
    const { parseMarks } = await import('../../lib/model');
    const ok = parseMarks([m(5, true)]);
    expect(ok.ok && ok.value[0]!.weightUnknown).toBe(true);
    const bad = parseMarks([{ ...m(5), weightUnknown: 'yes' }]);
    expect(!bad.ok && bad.error.message).toContain('[0].weightUnknown: expected true or false');
  });
});
