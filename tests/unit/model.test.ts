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
    expect(e.issues).toEqual([{ path: 'marks[12].weight', keys: ['marks', 12, 'weight'], message: 'expected a positive number' }]);
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
    const e = errorOf(
      parseMarks([
        { value: 7, date: '2025-10-01', subject: 'a', scale: 'five' },
        { value: 5, date: '2025-10-01', subject: 'a', scale: 'pass-fail' },
      ]),
    );
    expect(e.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: '[0].value', message: 'expected a mark from 1 to 5 on the five scale' },
      { path: '[1].value', message: 'expected a text mark (e.g. "зачёт") on the pass-fail scale' },
    ]);
  });

  it('names missing fields, wrong types and failed checks, in document order', () => {
    const e = errorOf(
      parseMarks([
        { value: '', date: '2025-10-01', scale: 'five' },
        { value: Infinity, weight: -Infinity, subject: '', date: 1, scale: 'x', isExam: 'yes' },
        null,
        { value: 11, weight: 0, date: '2025-10-01', subject: 3, scale: 'ten', original: { value: null } },
      ]),
    );
    expect(e.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: '[0].value', message: 'expected a mark: a non-empty text' },
      { path: '[0].subject', message: 'expected a field "subject"' },
      { path: '[1].value', message: 'expected a finite number, got Infinity' },
      // Not finite, and not above 0: both checks report.
      { path: '[1].weight', message: 'expected a positive number' },
      { path: '[1].weight', message: 'expected a positive number' },
      { path: '[1].date', message: 'expected an ISO date (YYYY-MM-DD)' },
      { path: '[1].subject', message: 'expected a non-empty id' },
      { path: '[1].scale', message: 'expected a scale: five, ten, hundred or pass-fail' },
      { path: '[1].isExam', message: 'expected true or false' },
      { path: '[2]', message: 'expected an object, got null' },
      { path: '[3].weight', message: 'expected a positive number' },
      { path: '[3].original.value', message: 'expected a mark: a number or a non-empty text' },
      { path: '[3].original.scale', message: 'expected a field "scale"' },
    ]);
    const d = errorOf(
      parseDiary({
        version: 2,
        student: { id: 1, name: '', grade: 0.5 },
        subjects: {},
        periods: [
          { id: 'p', name: 'P', start: '2025-09-01', end: '2025-08-01', kind: 'term' },
          { id: 'q', name: 'Q', start: '2025-09-01', end: '2025-08-01', kind: 'year' },
        ],
        marks: [],
        reported: [{ subject: 'a', average: 'x', target: { mark: 5 } }],
        schedule: [{ date: '2025-10-01', subject: 'a', start: '8:30' }],
      }),
    );
    expect(d.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'version', message: 'expected version 1' },
      { path: 'student.name', message: 'expected a name' },
      { path: 'student.grade', message: 'expected a grade 1–11' },
      { path: 'student.grade', message: 'expected a grade 1–11' },
      { path: 'subjects', message: 'expected a list' },
      // The dates are checked only on a period whose fields all have the right type.
      { path: 'periods[0].kind', message: 'expected a period kind: year, half-year, trimester, quarter, module or other' },
      { path: 'periods[1].end', message: 'expected an end date on or after the start date' },
      { path: 'schedule[0].start', message: 'expected a time HH:MM' },
      { path: 'reported[0].average', message: 'expected a number, got "x"' },
      { path: 'reported[0].target.remaining', message: 'expected a field "remaining"' },
    ]);
    expect(errorOf(parseDiary([])).issues.map((i) => i.path)).toEqual(['version', 'student', 'subjects', 'periods', 'marks']);
    expect(errorOf(parseDiary('x')).issues).toEqual([{ path: '', keys: [], message: 'expected an object, got "x"' }]);
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

describe('nonsense is refused, each with its path', () => {
  const base = () => ({
    version: 1,
    student: { id: 's', name: 'Миша' },
    subjects: [{ id: 'a', name: 'Алгебра' }],
    periods: [{ id: 'p', name: '1 четверть', start: '2026-09-01', end: '2026-10-31', kind: 'quarter' }],
    marks: [{ value: 5, weight: 1, date: '2026-09-10', subject: 'a', scale: 'five' }],
  });
  const problems = async (patch: (d: any) => void) => {
    const { parseDiary } = await import('../../lib/model');
    const d: any = base();
    patch(d);
    const r = parseDiary(d);
    return r.ok ? [] : r.error.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('days that do not exist and hours past 23', async () => {
    expect(await problems((d) => (d.marks[0].date = '2026-02-30'))).toEqual([
      'marks[0].date: expected an ISO date (YYYY-MM-DD) that exists',
    ]);
    expect(await problems((d) => (d.marks[0].date = '2026-09-10T24:30'))).toHaveLength(1);
    expect(await problems((d) => (d.marks[0].date = '2027-02-29'))).toHaveLength(1);
    expect(await problems((d) => (d.marks[0].date = '2028-02-29'))).toEqual([]);
    for (const day of ['2026-13-01', '2026-00-10', '2026-09-00', '2026-04-31'])
      expect(await problems((d) => (d.marks[0].date = day))).toHaveLength(1);
    expect(await problems((d) => (d.marks[0].date = '2026-12-31T23:59:59+03:00'))).toEqual([]);
  });

  it('blank marks and names', async () => {
    expect(await problems((d) => (d.marks[0].value = '   '))).toEqual(['marks[0].value: expected a mark: a non-empty text']);
    expect(await problems((d) => (d.student.name = '  '))).toEqual(['student.name: expected a name']);
    expect(await problems((d) => (d.subjects[0].name = '\u00a0'))).toEqual(['subjects[0].name: expected a name']);
    expect(await problems((d) => (d.periods[0].name = ' '))).toEqual(['periods[0].name: expected a name']);
  });

  it('weights beyond 0.01–100, counts that are not whole numbers ≥ 0, marks beyond 0–100', async () => {
    expect(await problems((d) => (d.marks[0].weight = 5e-324))).toEqual(['marks[0].weight: expected a weight from 0.01 to 100']);
    expect(await problems((d) => (d.marks[0].weight = 1e308))).toEqual(['marks[0].weight: expected a weight from 0.01 to 100']);
    expect(await problems((d) => (d.reported = [{ subject: 'a', count: -1 }]))).toEqual(['reported[0].count: expected a whole number ≥ 0']);
    expect(await problems((d) => (d.reported = [{ subject: 'a', count: 2.5 }]))).toEqual([
      'reported[0].count: expected a whole number ≥ 0',
    ]);
    expect(await problems((d) => (d.finals = [{ year: '2025-2026', subject: 'Алгебра', value: 1e9 }]))).toEqual([
      'finals[0].value: expected a mark from 0 to 100',
    ]);
  });

  it('the bounds the messages write out are LIMITS: its edges pass, just beyond them fails', async () => {
    const { LIMITS } = await import('../../lib/model/validate');
    const { min, max } = LIMITS.weight;
    expect(await problems((d) => (d.marks[0].weight = min))).toEqual([]);
    expect(await problems((d) => (d.marks[0].weight = max))).toEqual([]);
    expect(await problems((d) => (d.marks[0].weight = min * 0.99))).toEqual([`marks[0].weight: expected a weight from ${min} to ${max}`]);
    expect(await problems((d) => (d.marks[0].weight = max * 1.01))).toEqual([`marks[0].weight: expected a weight from ${min} to ${max}`]);
    const mark = LIMITS.markNumber;
    const final = (value: number) => problems((d) => (d.finals = [{ year: '2025-2026', subject: 'Алгебра', value }]));
    expect(await final(mark.min)).toEqual([]);
    expect(await final(mark.max)).toEqual([]);
    expect(await final(mark.min - 0.5)).toEqual([`finals[0].value: expected a mark from ${mark.min} to ${mark.max}`]);
    expect(await final(mark.max + 0.5)).toEqual([`finals[0].value: expected a mark from ${mark.min} to ${mark.max}`]);
  });

  it('a diary bounded in size, checked before anything in it is read', async () => {
    const { LIMITS } = await import('../../lib/model/validate');
    const found = await problems((d) => (d.marks = new Array(LIMITS.marks + 1).fill(d.marks[0])));
    expect(found).toEqual([`marks: expected at most ${LIMITS.marks} items, got ${LIMITS.marks + 1}`]);
  });
});
