import { describe, expect, it } from 'vitest';
import { choosePeriod, linesKey } from '../../../extension/overlay-env';
import { linesFor, ruleOf } from '../../../extension/overlay-lines';
import { POLICIES, subjectSummaries } from '../../../lib/grades';
import { normalizeSettings } from '../../../lib/settings';
import { sampleDiary } from '../fixtures';

describe("the overlay's lines (computed in the background)", () => {
  const d = sampleDiary();
  const ru = normalizeSettings({});

  it('match the engine for the period shown, in the diary’s subject order', () => {
    const pre = linesFor(d, 's1', ru, '1 триместр', '2026-01-15');
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

  it("take today's period without a shown one, and the key names exactly the inputs", () => {
    const pre = linesFor(d, 's1', ru, null, '2025-12-20');
    expect(pre.key).toBe(linesKey(d, 's1', ru, choosePeriod(d, null, '2025-12-20')!.id));
    expect(choosePeriod(d, null, '2025-12-20')!.id).toBe('t2');
    expect(pre.key).not.toBe(linesKey(d, 's1', ru, 't1'));
    expect(pre.key).not.toBe(linesKey(d, 's1', { ...ru, language: 'en' }, 't2'));
    expect(pre.key).not.toBe(linesKey(d, 's1', { ...ru, targets: { s1: { alg: 5 } } }, 't2'));
    expect(linesFor(d, 's1', { ...ru, language: 'en' }, null, '2025-12-20').lines[0]!.figure).toMatch(/^\d\.\d\d → \d$/);
  });
});
