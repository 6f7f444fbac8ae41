import { describe, expect, it } from 'vitest';
import { differenceOf, overlayView, ruleOf } from '../../../extension/overlay-lines';
import { averageDigits, POLICIES, subjectSummaries, typicalWeight } from '../../../lib/grades';
import { normalizeSettings } from '../../../lib/settings';
import { mark, sampleDiary } from '../fixtures';
import { MESH } from '../../../lib/sources/mesh/system';

const site = { name: MESH.name, pages: MESH.pages };

describe("the overlay's lines (computed in the background)", () => {
  const d = sampleDiary();
  const ru = normalizeSettings({});
  const winter = new Date('2026-01-15T12:00:00Z');

  it('come for every period of the year, terms first, each matching the engine in the diary’s subject order', () => {
    const view = overlayView(d, 's1', ru, null, [d.student], site, winter);
    expect(view.periods.map((p) => p.id)).toEqual(['t1', 't2', 't3', 'y']);
    for (const p of view.periods) {
      const engine = subjectSummaries(d, { period: p.id });
      expect(p.lines.map((l) => l.subject)).toEqual(d.subjects.map((s) => s.name));
      for (const l of p.lines) {
        const s = engine.find((x) => x.subject.id === l.subjectId)!;
        expect(l.average2).toBe(s.exact === null ? null : averageDigits(s.exact));
        expect(l.periodMark).toBe(s.periodMark);
      }
    }
    const t1 = view.periods[0]!;
    // Алгебра in t1: 5·1 + 4·2 = 13/3 = 4,33 → 4; MESH's own 4.33 agrees, so no note about it.
    expect(t1.lines[0]).toMatchObject({ figure: '4,33 → 4', notes: ['до 4,50: ещё 1×5'], marks: '5 4 н', reported: '4.33' });
    expect(view.rule).toBe(ruleOf(POLICIES.standard, 'ru'));
    expect(view.rule).toBe('5 от 4,5 · 4 от 3,5 · 3 от 2,5');
  });

  it('count the 5s needed in marks of the subject’s usual weight, and say so where it is not 1 («Сетевой город»: 10, 20, 40)', () => {
    const sgo = {
      ...sampleDiary(),
      marks: [
        mark(3, 10, { date: '2025-09-10', subject: 'alg', period: 't1' }),
        mark(4, 20, { date: '2025-09-11', subject: 'alg', period: 't1' }),
        mark(3, 40, { date: '2025-09-12', subject: 'alg', period: 't1' }),
        mark(3, 10, { date: '2025-09-13', subject: 'alg', period: 't1' }),
      ],
      reported: [],
    };
    const t1 = overlayView(sgo, 's1', ru, null, [sgo.student], site, winter).periods[0]!;
    // (3·10 + 4·20 + 3·40 + 3·10) / 80 = 3.25 → 3; to 3.5 two 5s of weight 10, where of weight 1 it would be 14.
    expect(t1.lines[0]).toMatchObject({ figure: '3,25 → 3', notes: ['до 3,50: ещё 2×5 (вес 10)'] });
    expect(typicalWeight(sgo.marks)).toBe(10);
    expect(typicalWeight([])).toBe(1);
    expect(typicalWeight(d.marks)).toBe(1);
  });

  it('say when a figure is approximate: a site that does not show the marks’ weights (ЭлЖур, Дневник.ру)', () => {
    const plain = { ...sampleDiary(), marks: sampleDiary().marks.map((m) => ({ ...m, weight: 1, weightUnknown: true })), reported: [] };
    const t1 = overlayView(plain, 's1', ru, null, [plain.student], site, winter).periods[0]!;
    // Алгебра in t1 counted once each: (5 + 4) / 2.
    expect(t1.lines[0]).toMatchObject({ figure: '≈ 4,50 → 5' });
    expect(t1.lines[0]!.about).toBe('Приблизительно: МЭШ не показывает вес оценок, каждая посчитана один раз');
    expect(t1.lines[0]!.notes.some((n) => n.startsWith('приблизительно'))).toBe(false);
    const en = overlayView(plain, 's1', normalizeSettings({ language: 'en' }), null, [plain.student], site, winter).periods[0]!;
    expect(en.lines[0]!.about).toMatch(/^Approximate: \S+ does not show the marks' weights, so each counts once$/);
    // A site that weighs by what it does not show (Дневник.ру): its own figure is the one shown, named as the site's and
    // rounded under the user's rule (4,33 → 4, where the plain mean 4,50 would round to 5); ours beside it, plain and approximate.
    const weighed = { ...plain, reported: [{ subject: 'alg', period: 't1', average: 4.33 }] };
    const w1 = overlayView(weighed, 's1', ru, null, [weighed.student], site, winter).periods[0]!;
    expect(w1.lines[0]).toMatchObject({ figure: 'МЭШ: 4,33 → 4', average2: '4.33', periodMark: 4, reported: '4.33' });
    expect(w1.lines[0]!.about).toBe('Средний балл МЭШ: сайт учитывает вес оценок, которого не показывает');
    expect(w1.lines[0]!.notes[0]).toBe('Tabel без учёта весов: ≈ 4,50 → 5');
    expect(w1.lines[0]!.notes.every((n) => !n.includes('расхожд'))).toBe(true);
    // The fives to the next mark, on the site's figure (two marks of 4,33: one 5 makes 4,55), approximate.
    expect(w1.lines[0]!.notes[1]).toBe('до 4,50: ещё ≈ 1×5');
    // The site's own period mark, where it gives one, is the period mark.
    const marked = { ...plain, reported: [{ subject: 'alg', period: 't1', average: 4.33, periodMark: 5 }] };
    expect(overlayView(marked, 's1', ru, null, [marked.student], site, winter).periods[0]!.lines[0]).toMatchObject({
      figure: 'МЭШ: 4,33 → 5',
      periodMark: 5,
    });
    // A subject the site has no figure for keeps Tabel's, approximate.
    expect(w1.lines.find((l) => l.subjectId !== 'alg' && l.average2)!.figure).toMatch(/^≈ /);
    // Known weights: no sign, no note.
    const known = overlayView(d, 's1', ru, null, [d.student], site, winter).periods[0]!;
    expect(known.lines.every((l) => !l.figure.includes('≈') && l.about === undefined)).toBe(true);
  });

  it('name the current period by the one rule, and carry the children and what the page needs of the settings', () => {
    const view = overlayView(
      d,
      's1',
      ru,
      '2025-12-01',
      [d.student, { id: 's2', name: 'Лиза Лебедева' }],
      site,
      new Date('2025-12-20T12:00:00Z'),
    );
    expect(view.current).toBe('t2');
    expect(view.students.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(view.subjects.map((s) => s.name)).toEqual(['Алгебра', 'Русский язык', 'ИЗО']);
    expect(view).toMatchObject({ student: { id: 's1', name: d.student.name }, lang: 'ru', since: '2025-12-01', policy: POLICIES.standard });
    const en = overlayView(d, 's1', { ...ru, language: 'en', policy: { preset: 'point6' } }, null, [d.student], site, winter);
    expect(en.lang).toBe('en');
    expect(en.policy.id).toBe('point6');
    expect(en.rule).toBe(ruleOf(POLICIES.point6, 'en'));
    expect(en.periods[0]!.lines[0]!.figure).toMatch(/^\d\.\d\d → \d$/);
    // A target of the child's own changes the marks-needed note.
    const own = overlayView(d, 's1', { ...ru, targets: { s1: { alg: 5 } } }, null, [d.student], site, winter);
    expect(own.periods[0]!.lines[0]!.notes[0]).toMatch(/^до 5,00: /);
  });

  it('print the figure that never crosses a threshold the exact average does not: 4.4975 is 4,49 → 4', () => {
    const odd = {
      ...d,
      marks: [...Array(399)]
        .map((_, i) => mark(i < 199 ? 5 : 4, 1, { subject: 'alg', date: '2025-10-01', period: 't1' }))
        .concat([mark(4, 1, { subject: 'alg', date: '2025-10-02', period: 't1' })]),
    };
    // 199·5 + 201·4 = 1799 over 400 marks = 4.4975.
    const line = overlayView(odd, 's1', ru, null, [d.student], site, winter).periods[0]!.lines[0]!;
    expect(line.figure).toBe('4,49 → 4');
    expect(line.average2).toBe('4.49');
  });

  it('say why MESH’s own figure differs: «точки», a server that has not taken the latest marks in, or unknown', () => {
    const marks = [
      mark(5, 1, { date: '2025-10-01' }),
      mark(4, 1, { date: '2025-10-02' }),
      mark(2, 1, { date: '2025-10-03', isPoint: true }),
    ];
    // Ours with «точки»: 11/3 = 3.67; MESH 4.50 leaves the «точка» out.
    expect(differenceOf(marks, 4.5, true)).toBe('leaves-out-points');
    // The user leaves them out (4.50); MESH counts them: 3.67.
    expect(differenceOf(marks, 3.67, false)).toBe('counts-points');
    // MESH still at the figure before the latest day's mark.
    const lag = [mark(5, 1, { date: '2025-10-01' }), mark(4, 1, { date: '2025-10-02' }), mark(3, 1, { date: '2025-10-03' })];
    expect(differenceOf(lag, 4.5, true)).toBe('lags');
    expect(differenceOf(lag, 3.1, true)).toBe('unknown');
  });
});
