import { describe, expect, it } from 'vitest';
import { subjectSummaries } from '../../../lib/grades';
import { parseDiary } from '../../../lib/model';
import type { Diary } from '../../../lib/model/types';
import { createMeshSource, MESH_ENDPOINTS as E } from '../../../lib/sources/mesh';
import { SourceError } from '../../../lib/sources/types';
import { fakeTransport, fixture, MISHA, TODAY } from './helpers';

const NOW = () => new Date('2026-10-14T15:00:00Z');

async function diaryFrom(answers: Parameters<typeof fakeTransport>[0] = {}) {
  const fake = fakeTransport(answers);
  const source = createMeshSource(fake.transport, { today: TODAY, now: NOW });
  const result = await source.fetchDiary(MISHA);
  return { ...fake, result, diary: result.value };
}

const T1 = 'period:2026-09-01';
const ALG = '33623620';
const RUS = '33623621';
const ENG = '33623622';
const PHY = '33623623';

describe('createMeshSource: listStudents', () => {
  it('lists the children of a parent account', async () => {
    const { transport, calls } = fakeTransport();
    const r = await createMeshSource(transport).listStudents();
    expect(r.value.map((s) => [s.id, s.name])).toEqual([
      ['31500777', 'Миша Лебедев'],
      ['31500888', 'Оля Лебедева'],
    ]);
    expect(calls).toEqual([{ path: '/api/family/web/v1/profile', query: undefined }]);
  });

  it('lists a student account as its own student', async () => {
    const { transport } = fakeTransport({
      [E.profile]: { profile: { id: 555, type: 'student', first_name: 'Миша', last_name: 'Лебедев' }, children: [] },
    });
    expect((await createMeshSource(transport).listStudents()).value).toEqual([{ id: '555', name: 'Миша Лебедев' }]);
  });

  it('rejects with the transport error kind when the profile fails', async () => {
    const { transport } = fakeTransport({ [E.profile]: new SourceError('session-expired', E.profile, 'HTTP 401', 401) });
    await expect(createMeshSource(transport).listStudents()).rejects.toMatchObject({ name: 'SourceError', kind: 'session-expired' });
  });
});

describe('createMeshSource: fetchDiary on the fixtures', () => {
  it('calls the endpoints in order with the documented params', async () => {
    const { calls, identified } = await diaryFrom();
    const GUID = 'a1b2c3d4-0000-4000-8000-123456789abc';
    const expand = 'marks,homework,absence_reason_id,health_status,nonattendance_reason_id';
    expect(calls).toEqual([
      { path: '/api/family/web/v1/profile', query: undefined },
      { path: '/api/ej/core/family/v1/academic_years', query: undefined },
      // Marks and attendance month by month up to today, as real clients ask (≤ 31 days a call).
      { path: '/api/family/web/v1/marks', query: { student_id: MISHA, from: '2026-09-01', to: '2026-09-30' } },
      { path: '/api/eventcalendar/v1/api/events', query: { person_ids: GUID, begin_date: '2026-09-01', end_date: '2026-09-30', expand } },
      { path: '/api/family/web/v1/marks', query: { student_id: MISHA, from: '2026-10-01', to: '2026-10-14' } },
      { path: '/api/eventcalendar/v1/api/events', query: { person_ids: GUID, begin_date: '2026-10-01', end_date: '2026-10-14', expand } },
      { path: '/api/ej/core/family/v1/periods_schedules', query: { academic_year_id: '13', student_profile_id: MISHA, student_id: MISHA } },
      { path: '/api/family/web/v1/subjects/list', query: { student_id: MISHA } },
      { path: '/api/family/web/v1/subject_marks', query: { student_id: MISHA } },
      {
        path: '/api/family/web/v1/schedule/short',
        query: { student_id: MISHA, dates: '2026-10-12,2026-10-13,2026-10-14,2026-10-15,2026-10-16,2026-10-17' },
      },
      { path: '/api/family/web/v1/homeworks', query: { from: '2026-10-07', to: '2026-10-28', student_id: MISHA } },
      // What the site calls for year marks: this year, then the finished year(s) the certificate may need.
      { path: '/api/family/web/v1/final_marks/v2', query: { person_id: GUID, academic_year_id: '13' } },
      { path: '/api/family/web/v1/final_marks/v2', query: { person_id: GUID, academic_year_id: '12' } },
    ]);
    expect(identified).toEqual([{ role: 'parent', profileId: '4400110' }]);
  });

  it('builds a diary that passes parseDiary, with no issues', async () => {
    const { result, diary } = await diaryFrom();
    expect(result.issues).toEqual([]);
    const checked = parseDiary(JSON.parse(JSON.stringify(diary)));
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.value).toEqual(diary);
    expect(diary.student).toEqual({ id: MISHA, name: 'Миша Лебедев', className: '6-В', school: 'Школа № 9999', grade: 6 });
    expect(diary.source).toEqual({ system: 'mesh', timeZone: 'Europe/Moscow', fetchedAt: '2026-10-14T15:00:00.000Z' });
  });

  it('synthesizes the year as the parent of the trimesters', async () => {
    const { diary } = await diaryFrom();
    expect(diary.periods.map((p) => [p.id, p.kind, p.parent])).toEqual([
      ['year:13', 'year', undefined],
      [T1, 'trimester', 'year:13'],
      ['period:2026-12-01', 'trimester', 'year:13'],
      ['period:2027-03-01', 'trimester', 'year:13'],
    ]);
  });

  it('files marks under the period subject_marks lists them in', async () => {
    const { diary } = await diaryFrom();
    expect(diary.marks).toHaveLength(11);
    expect(diary.marks.every((m) => m.period === T1)).toBe(true);
  });

  it('leaves a mark unfiled when subject_marks does not list it (the date decides)', async () => {
    const sm = fixture('subject_marks');
    sm.payload[0].periods[0].marks.pop();
    const { diary } = await diaryFrom({ [E.subjectMarks]: sm });
    expect(diary.marks.find((m) => m.id === '990100204')!.period).toBeUndefined();
  });

  it('registers every subject an endpoint mentions', async () => {
    const { diary } = await diaryFrom();
    expect(diary.subjects.map((s) => s.name)).toEqual([
      'Алгебра',
      'Русский язык',
      'Английский язык',
      'Физика',
      'Изобразительное искусство',
      'Разговоры о важном',
    ]);
  });

  it('averages match the engine, and MESH figures sit beside them', async () => {
    const { diary } = await diaryFrom();
    const ours = new Map(subjectSummaries(diary, { period: T1 }).map((s) => [s.subject.id, s]));
    // Algebra: (5·1 + 4·2 + 3·1) / 4 = 4 with the «точка» counted; MESH's 4.33 is (5 + 4·2) / 3, without it.
    expect(ours.get(ALG)!.average).toBe(4);
    expect(ours.get(ALG)!.count).toBe(3);
    expect(ours.get(ALG)!.reported).toEqual({ subject: ALG, period: T1, average: 4.33, count: 3, target: { mark: 5, remaining: 3 } });
    const withoutPoints = subjectSummaries(diary, { period: T1, countPoints: false }).find((s) => s.subject.id === ALG)!;
    expect(withoutPoints.average).toBeCloseTo(13 / 3, 12);
    expect(Math.abs(withoutPoints.average! - 4.33)).toBeLessThan(0.005);
    // Russian: НВ left out → (5 + 4) / 2.
    expect(ours.get(RUS)!.average).toBe(4.5);
    expect(ours.get(RUS)!.marks.map((m) => m.value)).toEqual([5, 4, 'НВ']);
    expect(ours.get(RUS)!.reported!.periodMark).toBe(5);
    // English: 10-point 8 and 7 read as 4 and 3.5.
    expect(ours.get(ENG)!.average).toBe(3.75);
    expect(ours.get(ENG)!.reported!.average).toBe(3.75);
    // Physics: 100-point 92 read as 5, plus a 4.
    expect(ours.get(PHY)!.average).toBe(4.5);
    expect(ours.get(PHY)!.periodMark).toBe(5);
  });

  it('keeps one year figure per subject with the year mark', async () => {
    const { diary } = await diaryFrom();
    const year = diary.reported!.filter((r) => r.period === 'year:13');
    expect(year).toHaveLength(4);
    expect(year.find((r) => r.subject === PHY)).toEqual({ subject: PHY, period: 'year:13', average: 4.5, yearMark: 5 });
    const yearSummary = subjectSummaries(diary, { period: 'year:13' }).find((s) => s.subject.id === PHY)!;
    expect(yearSummary.reported!.yearMark).toBe(5);
  });

  it('reads schedule, homework and attendance', async () => {
    const { diary } = await diaryFrom();
    expect(diary.schedule).toHaveLength(14);
    expect(diary.homework).toHaveLength(3);
    expect(diary.attendance).toEqual([{ date: '2026-10-13', subject: RUS, kind: 'absent' }]);
  });
});

describe('createMeshSource: failures', () => {
  const down = (endpoint: string) => new SourceError('site-down', endpoint, 'HTTP 503', 503);

  it.each([
    [E.scheduleShort, 'schedule'],
    [E.homeworks, 'homework'],
    [E.events, 'attendance'],
    [E.subjectMarks, 'reported'],
  ] as const)('%s failing leaves the diary without %s and says so', async (endpoint, field) => {
    const { diary, result } = await diaryFrom({ [endpoint]: down(endpoint) });
    expect(diary[field as keyof Diary]).toBeUndefined();
    expect(diary.marks).toHaveLength(11);
    // Attendance is asked month by month: each window that failed says so.
    const windows = endpoint === E.events ? ['?from=2026-09-01&to=2026-09-30', '?from=2026-10-01&to=2026-10-14'] : [''];
    expect(result.issues).toEqual(windows.map((w) => ({ endpoint: endpoint + w, path: '', message: 'not loaded (site-down 503)' })));
    expect(parseDiary(diary).ok).toBe(true);
  });

  it('without subjects/list, subjects come from the marks and the other endpoints', async () => {
    const { diary } = await diaryFrom({ [E.subjects]: down(E.subjects) });
    expect(diary.subjects.map((s) => s.name)).toEqual(['Алгебра', 'Русский язык', 'Английский язык', 'Физика', 'Разговоры о важном']);
    expect(parseDiary(diary).ok).toBe(true);
  });

  it('without academic years, uses 1 Sep – 31 Aug and takes the terms from subject_marks', async () => {
    const { diary, calls, result } = await diaryFrom({ [E.academicYears]: down(E.academicYears) });
    expect(calls.map((c) => c.path)).not.toContain(E.periodsSchedules);
    expect(calls.filter((c) => c.path === E.marks).map((c) => c.query)).toEqual([
      { student_id: MISHA, from: '2026-09-01', to: '2026-09-30' },
      { student_id: MISHA, from: '2026-10-01', to: '2026-10-14' },
    ]);
    expect(diary.periods.map((p) => [p.id, p.name, p.kind])).toEqual([
      ['year:2026-2027', '2026-2027', 'year'],
      [T1, '1 триместр', 'trimester'],
      ['period:2026-12-01', '2 триместр', 'trimester'],
      ['period:2027-03-01', '3 триместр', 'trimester'],
    ]);
    expect(result.issues.map((i) => i.endpoint)).toEqual([E.academicYears, E.academicYears]);
    expect(parseDiary(diary).ok).toBe(true);
  });

  it('rejects when marks fail, with their error kind', async () => {
    const fake = fakeTransport({ [E.marks]: new SourceError('session-expired', E.marks, 'HTTP 401', 401) });
    const p = createMeshSource(fake.transport, { today: TODAY }).fetchDiary(MISHA);
    await expect(p).rejects.toBeInstanceOf(SourceError);
    await expect(p).rejects.toMatchObject({ kind: 'session-expired', endpoint: E.marks });
  });

  it('rejects as schema when the marks list is gone', async () => {
    const fake = fakeTransport({ [E.marks]: { data: [] } });
    await expect(createMeshSource(fake.transport, { today: TODAY }).fetchDiary(MISHA)).rejects.toMatchObject({
      kind: 'schema',
      endpoint: E.marks,
      issues: [{ endpoint: E.marks, path: 'payload', message: 'missing' }],
    });
  });

  it('rejects for a student the account does not have', async () => {
    const fake = fakeTransport();
    await expect(createMeshSource(fake.transport, { today: TODAY }).fetchDiary('1')).rejects.toMatchObject({
      kind: 'schema',
      endpoint: E.profile,
    });
  });

  it('turns an untyped transport failure into a SourceError', async () => {
    const fake = fakeTransport({ [E.marks]: () => Promise.reject(new TypeError('boom')) });
    await expect(createMeshSource(fake.transport, { today: TODAY }).fetchDiary(MISHA)).rejects.toMatchObject({
      name: 'SourceError',
      kind: 'network',
    });
  });

  it('skips attendance, saying why, when the student has no contingent_guid', async () => {
    const profile = fixture('profile');
    delete profile.children[0].contingent_guid;
    const { diary, calls, result } = await diaryFrom({ [E.profile]: profile });
    expect(calls.map((c) => c.path)).not.toContain(E.events);
    expect(diary.attendance).toBeUndefined();
    expect(calls.map((c) => c.path)).not.toContain(E.finalMarksV2);
    expect(result.issues).toEqual([
      { endpoint: E.profile, path: 'children', message: 'no contingent_guid for this student; attendance and year marks not loaded' },
    ]);
  });
});
