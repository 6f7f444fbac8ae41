import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiary, parseMarks, TabelDataError } from '../../lib/model';
import { sampleDiary } from './fixtures';

function errorOf(r: ReturnType<typeof parseDiary> | ReturnType<typeof parseMarks>): TabelDataError {
  if (r.ok) throw new Error('expected a validation error');
  return r.error;
}

describe('parseDiary', () => {
  it('accepts the sample diary unchanged', () => {
    const d = sampleDiary();
    const r = parseDiary(JSON.parse(JSON.stringify(d)));
    expect(r.ok && r.value).toEqual(d);
  });

  it('names the path of a bad field', () => {
    const d = sampleDiary() as unknown as { marks: Array<Record<string, unknown>> };
    while (d.marks.length < 13) d.marks.push({ ...d.marks[0] });
    d.marks[12]!.weight = -2;
    const e = errorOf(parseDiary(d));
    expect(e).toBeInstanceOf(TabelDataError);
    expect(e.issues).toEqual([{ path: 'marks[12].weight', message: 'expected a positive number' }]);
    expect(e.message).toContain('marks[12].weight: expected a positive number');
  });

  it('reports every problem at once, with references checked', () => {
    const d = sampleDiary() as unknown as Record<string, any>;
    d.marks[0].subject = 'physics';
    d.marks[1].period = 'q9';
    const e1 = errorOf(parseDiary(d));
    expect(e1.issues.map((i) => i.path)).toEqual(['marks[0].subject', 'marks[1].period']);
    d.marks[2].date = '14.10.2025';
    d.periods[1].end = '2025-08-01';
    d.student = { id: 's1' };
    const e2 = errorOf(parseDiary(d));
    expect(e2.issues.map((i) => i.path).sort()).toEqual(['marks[2].date', 'periods[1].end', 'student.name']);
  });

  it('checks a numeric mark against its scale', () => {
    const e = errorOf(parseMarks([{ value: 7, date: '2025-10-01', subject: 'a', scale: 'five' }, { value: 5, date: '2025-10-01', subject: 'a', scale: 'pass-fail' }]));
    expect(e.issues).toEqual([
      { path: '[0].value', message: 'expected a mark from 1 to 5 on the five scale' },
      { path: '[1].value', message: 'expected a text mark (e.g. "зачёт") on the pass-fail scale' },
    ]);
  });

  it('reads numeric strings as numbers, keeps text marks, defaults weight to 1, keeps unknown fields', () => {
    const r = parseMarks([
      { value: '4', date: '2025-10-01', subject: 7, scale: 'five', extra: { x: 1 } },
      { value: 'НВ', weight: 2, date: '2025-10-01T10:00:00+03:00', subject: 'a', scale: 'five' },
      { value: '4,5', date: '2025-10-01', subject: 'a', scale: 'ten' },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value[0]).toEqual({ value: 4, weight: 1, date: '2025-10-01', subject: '7', scale: 'five', extra: { x: 1 } });
    expect(r.value[1]!.value).toBe('НВ');
    expect(r.value[2]!.value).toBe(4.5);
  });

  it('returns its typed error, never throws, on any JSON at all', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = parseDiary(json);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toBeInstanceOf(TabelDataError);
        const m = parseMarks(json);
        if (!m.ok) expect(m.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('returns its typed error for mutated diaries', () => {
    fc.assert(
      fc.property(fc.constantFrom('marks', 'subjects', 'periods', 'student', 'version'), fc.jsonValue(), (key, junk) => {
        const d = sampleDiary() as unknown as Record<string, unknown>;
        d[key] = junk;
        const r = parseDiary(d);
        if (!r.ok) expect(r.error.issues.every((i) => typeof i.path === 'string' && i.message.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
