import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateApplies, certificateOf, certificatePlan } from '../../lib/grades/certificate';
import { POLICIES } from '../../lib/grades';
import type { Diary, FinalMark } from '../../lib/model/types';
import { mark, sampleDiary } from './fixtures';

const ninth = (finals: FinalMark[], extra: Partial<Diary> = {}): Diary => ({
  ...sampleDiary(),
  student: { id: 's9', name: 'Лиза', grade: 9 },
  finals,
  ...extra,
});

describe('certificate average', () => {
  it('takes each subject at its last year mark, this year at the likely mark', () => {
    const d = ninth([
      { year: '2023-2024', subject: 'Алгебра', value: '3' },
      { year: '2024-2025', subject: 'Алгебра', value: '4' },
      { year: '2024-2025', subject: 'Русский язык', value: 5 },
      // Finished in grade 8: counts with its last year mark.
      { year: '2024-2025', subject: 'Музыка', value: '5' },
      { year: '2023-2024', subject: 'Технология', value: '4' },
      // Not five-point marks: never counted.
      { year: '2024-2025', subject: 'ИЗО', value: 'зачёт' },
    ]);
    const c = certificateOf(d);
    const by = Object.fromEntries(c.subjects.map((s) => [s.name, s]));
    expect(by['Алгебра']).toMatchObject({ recorded: 4, recordedYear: '2024-2025', current: true });
    // Алгебра this year: 5·1 + 4·2 + 3·1 = 16 / 4 = 4.0 → 4; Русский 5,5,4 → 4.67 → 5.
    expect(by['Алгебра']!.likely).toBe(4);
    expect(by['Русский язык']!.likely).toBe(5);
    expect(by['Музыка']).toMatchObject({ current: false, final: 5 });
    expect(by['ИЗО']).toBeUndefined();
    // now: 4 + 5 + 5 + 4 = 18 / 4 = 4.5; likely: 4 + 5 + 5 + 4 = 4.5 too.
    expect(c.now).toMatchObject({ value: 4.5, count: 4 });
    expect(c.likely).toMatchObject({ value: 4.5, count: 4 });
  });

  it("matches subjects by name across years (case, ё, spaces) and uses the teacher's year mark once set", () => {
    const d = ninth([{ year: '2024-2025', subject: 'русский  язык', value: '3' }], {
      reported: [{ subject: 'rus', period: 'y', yearMark: '4' }],
    });
    const c = certificateOf(d, { currentYear: '2025-2026' });
    const rus = c.subjects.find((s) => s.name.toLowerCase().startsWith('русский'))!;
    expect(c.subjects.filter((s) => s.name.toLowerCase().startsWith('русский'))).toHaveLength(1);
    expect(rus).toMatchObject({ recorded: 4, recordedYear: '2025-2026', likely: 4, fixed: true });
  });

  it('is exact: 4.5 from 9/2 never rounds below', () => {
    const finals = Array.from({ length: 6 }, (_, i) => ({ year: '2024-2025', subject: `S${i}`, value: i < 3 ? '5' : '4' }));
    const c = certificateOf({ ...ninth(finals), subjects: [], marks: [] });
    expect(c.now!.exact).toEqual({ n: 9n, d: 2n });
    expect(certificatePlan(c, 4.5).reached).toBe(true);
    expect(certificatePlan(c, '4.51').reached).toBe(false);
  });

  it('plans the cheapest raises among subjects taught this year', () => {
    // Алгебра this year 4.0 (a 4), Русский 4.67 (a 5); past: Физика 3 (not taught now).
    const d = ninth([{ year: '2024-2025', subject: 'Физика', value: '3' }]);
    const c = certificateOf(d);
    expect(c.likely).toMatchObject({ count: 3 });
    // (4 + 5 + 3) / 3 = 4.0; 4.3 needs a sum of ⌈12.9⌉ = 13: one raise, Алгебра 4 → 5.
    const plan = certificatePlan(c, 4.3, { policy: POLICIES.standard });
    expect(plan).toMatchObject({ reached: false, unreachable: false });
    // Алгебра 16/4 → 4.5 takes (4.5·4 − 16) / (5 − 4.5) = 4 fives.
    expect(plan.raises).toEqual([{ subject: 'Алгебра', from: 4, to: 5, fives: 4 }]);
    // 5.0 would need Физика raised too, which is no longer taught.
    expect(certificatePlan(c, 5).unreachable).toBe(true);
  });

  it('a fixed year mark is never offered as a raise', () => {
    const d = ninth([], { reported: [{ subject: 'alg', period: 'y', yearMark: 4 }] });
    const plan = certificatePlan(certificateOf(d), 4.9);
    expect(plan.unreachable).toBe(true);
  });

  it('a plan, when it exists, reaches the target and no smaller set of steps could (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 300, max: 500 }),
        (past, current, hundredths) => {
          const subjects = current.map((_, i) => ({ id: `c${i}`, name: `Текущий ${i}` }));
          const marks = current.flatMap((ms, i) => ms.map((v) => mark(v, 1, { subject: `c${i}`, date: '2025-10-01' })));
          const finals = past.map((v, i) => ({ year: '2024-2025', subject: `Прошлый ${i}`, value: String(v) }));
          const c = certificateOf({ ...ninth(finals), subjects, marks, reported: [] });
          const target = hundredths / 100;
          const plan = certificatePlan(c, target);
          const finalsNow = c.subjects.map((s) => s.final!);
          const n = finalsNow.length;
          const sum = finalsNow.reduce((a, b) => a + b, 0);
          const headroom = c.subjects.filter((s) => s.current).reduce((a, s) => a + (5 - s.final!), 0);
          const need = Math.max(0, Math.ceil((hundredths * n) / 100 - 1e-9) - sum);
          if (sum * 100 >= hundredths * n) expect(plan.reached).toBe(true);
          else if (need > headroom) expect(plan.unreachable).toBe(true);
          else {
            expect(plan.raises).toHaveLength(need);
            expect((sum + plan.raises.length) * 100).toBeGreaterThanOrEqual(hundredths * n);
          }
        },
      ),
    );
  });

  it('applies to grades 9 and 11', () => {
    expect([8, 9, 10, 11, undefined].map(certificateApplies)).toEqual([false, true, false, true, false]);
  });
});
