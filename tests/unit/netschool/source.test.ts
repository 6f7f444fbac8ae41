import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOf } from '../../../lib/grades';
import { parseDiary } from '../../../lib/model';
import {
  readAssignWeight,
  readInit,
  readTermChoices,
  readTermRange,
  readTypes,
  readWeek,
  readYear,
} from '../../../lib/sources/netschool/parse';
import { createNetSchoolSource, weeksBetween, type NetSchoolApi } from '../../../lib/sources/netschool/source';
import { SourceError } from '../../../lib/sources/types';

/**
 * «Сетевой город»'s reader on the recorded answers (tests/fixtures/real-samples/sgo, copied from
 * shared/reference with their README) and, where nothing is recorded, on the public clients' models.
 */
const DIR = resolve(import.meta.dirname, '../../fixtures/real-samples/sgo');
const sample = (name: string): any => JSON.parse(readFileSync(resolve(DIR, name), 'utf8'));
const WEEK = sample('student-diary-week.recorded.json');
const YEARS = sample('context-years.recorded.json');

describe('«Сетевой город»: the recorded week diary', () => {
  it('reads its three marks with their subjects, dates and types, and leaves the unmarked homework out', () => {
    const r = readWeek(WEEK);
    expect(r.issues).toEqual([]);
    expect(r.value.marks.map((m) => [m.subject, m.date, m.value, m.typeId, m.assignment])).toEqual([
      ['Физика профиль', '2023-04-10', 4, 3, '272030202'],
      ['Родной язык', '2023-04-10', 4, 18, '272747351'],
      ['Математика профиль', '2023-04-11', 4, 4, '274554771'],
    ]);
    // Every weight in it is 0: never taken as the weight.
    expect(new Set(r.value.marks.map((m) => m.weekWeight))).toEqual(new Set([0]));
    expect(r.value).toMatchObject({ termName: '3 триместр', className: '11Б' });
  });

  it('keeps a «точка» (a duty mark without a mark) and reports a mark that is no number', () => {
    const week = structuredClone(WEEK);
    const a = week.weekDays[0].lessons[0].assignments[0];
    a.mark = { assignmentId: a.id, id: 0, studentId: 1000001, mark: null, dutyMark: true };
    week.weekDays[1].lessons[0].assignments[1].mark.mark = 'пять';
    const r = readWeek(week);
    expect(r.value.marks.find((m) => m.assignment === String(a.id))).toMatchObject({ value: null, duty: true });
    expect(r.issues).toEqual([
      {
        endpoint: '/webapi/student/diary',
        path: 'weekDays[1].lessons[0].assignments[1].mark.mark',
        message: 'expected a number, got "пять"',
      },
    ]);
  });

  it('reads the recorded school year the way years/current gives it', () => {
    expect(readYear({ ...YEARS[0], id: 20 }).value).toEqual({ id: '20', name: '2020/2021', start: '2020-09-01', end: '2021-08-31' });
    // A closed year's name carries «(*) »: the label is the years alone.
    expect(readYear({ ...YEARS[1], id: 19 }).value?.name).toBe('2019/2020');
  });

  it('never throws on random or mutated answers: typed results and issues only (property)', () => {
    const readers = [readWeek, readInit, readAssignWeight, readTypes, readYear, readTermChoices, readTermRange];
    fc.assert(
      fc.property(fc.anything(), (x) => {
        for (const read of readers) {
          const r = read(x);
          expect(Array.isArray(r.issues)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    const paths: Array<(w: any) => void> = [
      (w) => (w.weekDays[0].lessons[1].assignments[0].mark = 'x'),
      (w) => (w.weekDays[0].lessons = null),
      (w) => delete w.weekDays[1].lessons[0].subjectName,
      (w) => (w.weekDays[0].lessons[1].assignments[0].dueDate = 12),
      (w) => (w.weekDays = {}),
    ];
    for (const edit of paths) {
      const w = structuredClone(WEEK);
      edit(w);
      const r = readWeek(w);
      expect(r.value.marks.length + r.issues.length).toBeGreaterThan(0);
    }
  });
});

/** A school as the public clients model it: init, the year, the types, two terms, the week diary; weights only in assigns/{id}. */
function school(
  o: {
    weighted?: boolean;
    weights?: Record<string, number>;
    failWeek?: string;
    week?: unknown;
    failAssign?: { id: string; error: SourceError };
  } = {},
) {
  const calls: string[] = [];
  const weights: Record<string, number> = o.weights ?? { '272030202': 10, '272747351': 20, '274554771': 40 };
  const api: NetSchoolApi = {
    async get(path, q = {}) {
      calls.push(`${path}${q.weekStart ? `@${q.weekStart}` : ''}`);
      if (path === 'student/diary/init')
        return {
          students: [{ studentId: 1000001, nickName: 'Иван Петров', className: '11Б', classId: 5 }],
          currentStudentId: 0,
          weekStart: '2023-04-17T00:00:00',
          weight: o.weighted ?? true,
          maxMark: 5,
        };
      if (path === 'years/current')
        return { ...YEARS[0], id: 20, startDate: '2022-09-01T00:00:00', endDate: '2023-08-31T00:00:00', name: '2022/2023' };
      if (path === 'grade/assignment/types')
        return [
          { id: 3, name: 'Домашнее задание', abbr: 'ДЗ', order: 15 },
          { id: 4, name: 'Контрольная работа', abbr: 'К', order: 1 },
          { id: 18, name: 'Практическая работа', abbr: 'П', order: 8 },
        ];
      if (path === 'reports/studentGrades')
        return {
          filterSources: [
            { filterId: 'SID', items: [{ value: '1000001', title: 'Иван' }] },
            {
              filterId: 'TERMID',
              defaultValue: '3',
              items: [
                { value: '2', title: '2 триместр' },
                { value: '3', title: '3 триместр' },
              ],
            },
          ],
        };
      if (path === 'student/diary') {
        if (q.weekStart === o.failWeek) throw new SourceError('site-down', '/webapi/student/diary', 'HTTP 503', 503);
        return q.weekStart === '2023-04-10' ? (o.week ?? WEEK) : { ...WEEK, weekStart: `${q.weekStart}T00:00:00`, weekDays: [] };
      }
      const assign = /^student\/diary\/assigns\/(\d+)$/.exec(path);
      if (assign && o.failAssign && assign[1] === o.failAssign.id) throw o.failAssign.error;
      if (assign) return { id: Number(assign[1]), weight: weights[assign[1]!] ?? 0 };
      throw new SourceError('http', path, 'HTTP 404', 404);
    },
    async post(path, body: any) {
      calls.push(path);
      const term = body.selectedData[0].filterValue;
      return term === '2'
        ? { period: { range: { start: '2022-12-01T00:00:00', end: '2023-02-28T00:00:00' } } }
        : { period: { range: { start: '2023-03-01T00:00:00', end: '2023-05-31T00:00:00' } } };
    },
  };
  return { api, calls };
}

const NOW = () => new Date('2023-04-20T09:00:00Z');

describe('«Сетевой город»: the source', () => {
  it('the diary with each mark’s real weight from assigns/{id}, the terms, and the average they make', async () => {
    const { api, calls } = school();
    const src = createNetSchoolSource(api, { timeZone: 'Asia/Yekaterinburg', now: NOW, parallel: 2 });
    expect((await src.listStudents()).value).toEqual([{ id: '1000001', name: 'Иван Петров', className: '11Б', grade: 11 }]);
    const r = await src.fetchDiary('1000001', { since: '2023-04-03' });
    expect(parseDiary(r.value).ok).toBe(true);
    expect(r.value.marks.map((m) => [m.subject, m.weight, m.kind])).toEqual([
      ['Физика профиль', 10, 'Домашнее задание'],
      ['Родной язык', 20, 'Практическая работа'],
      ['Математика профиль', 40, 'Контрольная работа'],
    ]);
    // The homework is the assignments of the homework type, marked or not; a subject with homework only is a subject too.
    expect(r.value.homework?.map((h) => [h.date, h.subject, h.text.slice(0, 20)])).toEqual([
      ['2023-04-10', 'Основы безопасности жизнедеятельности', 'Альтернативная гражд'],
      ['2023-04-10', 'Физика профиль', 'выполнить тесты (1 п'],
      ['2023-04-10', 'Родной язык', 'Повторить теорию н-н'],
      ['2023-04-11', 'Математика профиль', 'задание из файла'],
    ]);
    expect(r.value.subjects.map((x) => x.name)).toContain('Основы безопасности жизнедеятельности');
    expect(r.value.periods.map((p) => [p.id, p.kind, p.start, p.end, p.parent])).toEqual([
      ['year-20', 'year', '2022-09-01', '2023-08-31', undefined],
      ['term-2', 'trimester', '2022-12-01', '2023-02-28', 'year-20'],
      ['term-3', 'trimester', '2023-03-01', '2023-05-31', 'year-20'],
    ]);
    expect(r.covered.marks).toEqual([
      { from: '2023-04-03', to: '2023-04-09' },
      { from: '2023-04-10', to: '2023-04-16' },
      { from: '2023-04-17', to: '2023-04-20' },
    ]);
    // The page's week is asked for last, to put back what the server remembers for the page.
    expect(calls.filter((c) => c.startsWith('student/diary@')).at(-1)).toBe('student/diary@2023-04-17');
    expect(r.issues).toEqual([]);
    // Weights are asked once: a second read asks for none.
    const again = school();
    const weights = new Map<string, number>();
    await createNetSchoolSource(again.api, { timeZone: 'Asia/Yekaterinburg', now: NOW, weights }).fetchDiary('1000001', {
      since: '2023-04-03',
    });
    const before = again.calls.filter((c) => c.includes('assigns')).length;
    await createNetSchoolSource(again.api, { timeZone: 'Asia/Yekaterinburg', now: NOW, weights }).fetchDiary('1000001', {
      since: '2023-04-03',
    });
    expect(again.calls.filter((c) => c.includes('assigns')).length).toBe(before);
    expect(before).toBe(3);
  });

  it('a school that does not weight: every mark 1, no assigns asked; a weight not given counts 1 and says so', async () => {
    const plain = school({ weighted: false });
    const r = await createNetSchoolSource(plain.api, { timeZone: 'Asia/Yekaterinburg', now: NOW }).fetchDiary('1000001', {
      since: '2023-04-10',
    });
    expect(r.value.marks.map((m) => m.weight)).toEqual([1, 1, 1]);
    expect(plain.calls.some((c) => c.includes('assigns'))).toBe(false);
    const missing = school({ weights: { '272030202': 10 } });
    const m = await createNetSchoolSource(missing.api, { timeZone: 'Asia/Yekaterinburg', now: NOW }).fetchDiary('1000001', {
      since: '2023-04-10',
    });
    expect(m.value.marks.map((x) => x.weight)).toEqual([10, 1, 1]);
    expect(m.issues.map((i) => i.message)).toContain('weight not known: counted as 1');
  });

  it('a week that fails is an issue and missing from what the diary covers, not a rejected diary', async () => {
    const { api } = school({ failWeek: '2023-04-03' });
    const r = await createNetSchoolSource(api, { timeZone: 'Asia/Yekaterinburg', now: NOW }).fetchDiary('1000001', { since: '2023-04-03' });
    expect(r.covered.marks.map((w) => w.from)).toEqual(['2023-04-10', '2023-04-17']);
    expect(r.issues.some((i) => i.path === 'weekStart=2023-04-03' && i.message.startsWith('site-down'))).toBe(true);
    expect(r.value.marks).toHaveLength(3);
  });

  it('a weight that could not be asked leaves its week out of the read (what was known of it stands), never counted as 1; a lost session rejects', async () => {
    const down = school({
      failAssign: { id: '272747351', error: new SourceError('network', '/webapi/student/diary/assigns/{id}', 'fetch failed') },
    });
    const r = await createNetSchoolSource(down.api, { timeZone: 'Asia/Yekaterinburg', now: NOW }).fetchDiary('1000001', {
      since: '2023-04-03',
    });
    expect(r.value.marks).toEqual([]);
    expect(r.covered.marks.map((w) => w.from)).toEqual(['2023-04-03', '2023-04-17']);
    expect(r.issues.some((i) => i.endpoint.endsWith('assigns/272747351') && i.message.startsWith('network'))).toBe(true);
    const gone = school({
      failAssign: { id: '272747351', error: new SourceError('session-expired', '/webapi/student/diary/assigns/{id}', 'HTTP 401', 401) },
    });
    await expect(
      createNetSchoolSource(gone.api, { timeZone: 'Asia/Yekaterinburg', now: NOW }).fetchDiary('1000001', { since: '2023-04-03' }),
    ).rejects.toMatchObject({ kind: 'session-expired' });
  });

  it('the average is the school’s weighted one: 2 (weight 10), 5 (20), 5 (40) make 4.57 → 5, where counting each once would make 4', async () => {
    const week = structuredClone(WEEK);
    const marks = [week.weekDays[0].lessons[1], week.weekDays[0].lessons[2], week.weekDays[1].lessons[0]].map(
      (l: any) => l.assignments.find((a: any) => a.mark).mark,
    );
    [2, 5, 5].forEach((v, i) => (marks[i].mark = v));
    const { api } = school({ week });
    const r = await createNetSchoolSource(api, { timeZone: 'Asia/Yekaterinburg', now: NOW }).fetchDiary('1000001', { since: '2023-04-10' });
    const all = averageOf(r.value.marks);
    expect(all.periodMark).toBe(5);
    expect(all.average).toBeCloseTo(320 / 70, 12);
    expect(averageOf(r.value.marks.map((m) => ({ ...m, weight: 1 }))).periodMark).toBe(4);
  });

  it('cuts the year into Monday-to-Sunday weeks, clipped to the days asked', () => {
    expect(weeksBetween('2023-04-12', '2023-04-24')).toEqual([
      { from: '2023-04-12', to: '2023-04-16' },
      { from: '2023-04-17', to: '2023-04-23' },
      { from: '2023-04-24', to: '2023-04-24' },
    ]);
  });
});
