import { describe, expect, it } from 'vitest';
import { choosePeriod, overlayView, ruleOf } from '../../../extension/overlay-lines';
import { POLICIES, subjectSummaries } from '../../../lib/grades';
import { normalizeSettings } from '../../../lib/settings';
import { sampleDiary } from '../fixtures';

describe("the overlay's lines (computed in the background)", () => {
  const d = sampleDiary();
  const ru = normalizeSettings({});

  it('match the engine for the period shown, in the diary’s subject order', () => {
    const pre = overlayView(d, 's1', ru, '1 триместр', '2026-01-15', null);
    expect(pre.period?.id).toBe('t1');
    const engine = subjectSummaries(d, { period: 't1' });
    expect(pre.lines.map((l) => l.subject)).toEqual(d.subjects.map((s) => s.name));
    for (const l of pre.lines) {
      const s = engine.find((x) => x.subject.id === l.subjectId)!;
      expect(l.average2).toBe(s.average === null ? null : s.average.toFixed(2));
      expect(l.periodMark).toBe(s.periodMark);
    }
    // Алгебра in t1: 5·1 + 4·2 = 13/3 = 4,33 → 4; MESH's own 4.33 agrees, so no note about it.
    expect(pre.lines[0]).toMatchObject({ figure: '4,33 → 4', notes: ['до 4,50: ещё 1×5'] });
    expect(pre.rule).toBe(ruleOf(POLICIES.standard, 'ru'));
  });

  it("take today's period without a shown one (or an unknown one), and carry what the page needs from the settings", () => {
    const pre = overlayView(d, 's1', ru, null, '2025-12-20', '2025-12-01');
    expect(choosePeriod(d, null, '2025-12-20')!.id).toBe('t2');
    expect(pre.period?.id).toBe('t2');
    expect(overlayView(d, 's1', ru, 'Четвёртая четверть', '2025-12-20', null).period?.id).toBe('t2');
    expect(pre).toMatchObject({ student: { id: 's1', name: d.student.name }, lang: 'ru', since: '2025-12-01', policy: POLICIES.standard });
    const en = overlayView(d, 's1', { ...ru, language: 'en', policy: { preset: 'point6' } }, null, '2025-12-20', null);
    expect(en.lang).toBe('en');
    expect(en.policy.id).toBe('point6');
    expect(en.rule).toBe(ruleOf(POLICIES.point6, 'en'));
    expect(en.lines[0]!.figure).toMatch(/^\d\.\d\d → \d$/);
    // A target of the child's own changes the marks-needed note.
    const own = overlayView(d, 's1', { ...ru, targets: { s1: { alg: 5 } } }, '1 триместр', '2026-01-15', null);
    expect(own.lines[0]!.notes[0]).toMatch(/^до 5,00: /);
  });
});
