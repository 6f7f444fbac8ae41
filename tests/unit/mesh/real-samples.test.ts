import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { averageOf, subjectSummaries, toFixedExact } from '../../../lib/grades';
import { parseDiary } from '../../../lib/model';
import type { Mark } from '../../../lib/model/types';
import {
  createMeshSource,
  currentAcademicYear,
  MESH_ENDPOINTS as E,
  parseAcademicYears,
  parseEvents,
  parseHomeworks,
  parseMarksByDate,
  parsePeriodsSchedules,
  parseProfile,
  parseScheduleShort,
  parseSubjectMarks,
} from '../../../lib/sources/mesh';
import { chooseSchedule } from '../../../lib/sources/mesh/parse';
import { SourceError, type DayRange } from '../../../lib/sources/types';
import type { MeshQuery, MeshTransport } from '../../../lib/sources/mesh';

/**
 * The MESH source on what the real API sent, not on what we wrote: the recorded responses and
 * the probes built to the strict models of public clients, copied from
 * shared/reference/real-samples/mesh (tests/fixtures/real-samples/mesh, README there says which is
 * which and where each came from).
 */
const DIR = resolve(import.meta.dirname, '../../fixtures/real-samples/mesh');
const sample = (name: string): any => JSON.parse(readFileSync(resolve(DIR, name), 'utf8'));

describe('recorded: marks (family web, Oct 2025)', () => {
  const r = parseMarksByDate(sample('marks.web.recorded.lessonlink.json'));

  it('reads all nine marks without an issue, as numbers on the five scale', () => {
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toHaveLength(9);
    expect(r.value!.items.map((m) => m.value)).toEqual([5, 4, 4, 2, 5, 5, 5, 3, 5]);
    expect(r.value!.items.every((m) => m.scale === 'five')).toBe(true);
    // The control test's weight 2 and exam flag; empty comments left out, real ones kept.
    expect(r.value!.items.find((m) => m.id === '2890218832')).toMatchObject({ weight: 2, isExam: true, kind: 'Контрольная работа' });
    expect(r.value!.items.find((m) => m.id === '2891365378')!.comment).toBe('1 верное из 5');
    expect(r.value!.items.find((m) => m.id === '2891210365')!.comment).toBeUndefined();
  });

  it('names the subjects as the site does', () => {
    expect(r.value!.subjects.map((s) => s.name)).toContain('Иностранный (английский) язык');
    expect(new Set(r.value!.items.map((m) => m.subject)).size).toBe(7);
  });

  it('the de-identified mobile answer has the same mark object and reads the same way', () => {
    const m = parseMarksByDate(sample('marks.mobile.deidentified.ha-mesh-passes.json'));
    expect(m.issues).toEqual([]);
    expect(m.value!.items).toEqual([
      {
        id: '900001',
        value: 4,
        weight: 2,
        date: '2026-09-08',
        subject: '11',
        scale: 'five',
        kind: 'Контрольная работа',
        isExam: true,
        isPoint: false,
      },
    ]);
  });

  it('a mark’s detail (class results) is not a mark list: read as nothing, said so', () => {
    const d = parseMarksByDate(sample('mark_detail.mobile.issue-excerpt.octodiary-kt.json'));
    expect(d.value).toBeNull();
    expect(d.issues).toEqual([{ endpoint: E.marks, path: 'payload', message: 'missing' }]);
  });
});

describe('recorded: MESH’s own averages (the progress report) count «точки»', () => {
  const report = sample('progress-json.reports.recorded.lessonlink.excerpt.json') as Array<{
    subject_name: string;
    avg_five: string;
    periods: Array<{ avg_five: string; marks: Array<{ weight: number; is_point: boolean; values: Array<{ five: number }> }> }>;
  }>;
  const marksOf = (p: (typeof report)[number]['periods'][number]): Mark[] =>
    p.marks.map((m) => ({
      value: m.values[0]!.five,
      weight: m.weight,
      isPoint: m.is_point,
      date: '2025-10-01',
      subject: 's',
      scale: 'five',
    }));

  it('the engine gives MESH’s figure on every recorded subject-term with «точки» counted', () => {
    let terms = 0;
    for (const s of report) {
      for (const p of s.periods) {
        terms++;
        expect(toFixedExact(averageOf(marksOf(p), undefined, { countPoints: true }).exact!), s.subject_name).toBe(p.avg_five);
      }
      if (!s.periods.length) expect(s.avg_five).toBe('0.00');
    }
    expect(terms).toBe(4);
  });

  it('without them it would not: Russian’s 3.20 holds the «точка» 2', () => {
    const rus = report.find((s) => s.subject_name === 'Русский язык')!.periods[0]!;
    expect(rus.marks.some((m) => m.is_point)).toBe(true);
    expect(toFixedExact(averageOf(marksOf(rus), undefined, { countPoints: false }).exact!)).not.toBe(rus.avg_five);
  });
});

describe('copied and recorded: academic years and attestation schedules', () => {
  it('academic years without the current flag (the copy lacks it): the year holding today', () => {
    const years = parseAcademicYears(sample('academic_years.web.copied-response.unattributed.json'));
    expect(years.issues).toEqual([]);
    expect(years.value!.map((y) => [y.id, y.name, y.start, y.end])).toEqual([
      ['12', '2024 - 2025', '2024-09-01', '2025-08-31'],
      ['13', '2025 - 2026', '2025-09-01', '2026-08-31'],
      ['14', '2026 - 2027', '2026-09-01', '2027-08-31'],
    ]);
    expect(currentAcademicYear(years.value!, '2025-10-15')!.id).toBe('13');
    expect(currentAcademicYear(years.value!, '2026-12-01')!.id).toBe('14');
  });

  it('two schedules in dd.MM.yyyy (quarters for 1–9, half-years for 10–11): kept apart, the student’s chosen', () => {
    const r = parsePeriodsSchedules(sample('attestation_periods_schedules.teacher.har-excerpt.unattributed.json'), 'year:14');
    expect(r.issues).toEqual([]);
    expect(r.value!.map((s) => [s.name, s.periods.map((p) => `${p.name} ${p.start}…${p.end} ${p.kind}`)])).toEqual([
      [
        'ГАП 1-9',
        [
          '1 Четверть 2026-09-01…2026-10-25 quarter',
          '2 Четверть 2026-11-04…2026-12-30 quarter',
          '3 Четверть 2027-01-11…2027-03-26 quarter',
          '4 Четверть 2027-04-05…2027-05-26 quarter',
        ],
      ],
      ['ГАП 10-11', ['1 полугодие 2026-09-01…2026-12-30 half-year', '2 полугодие 2027-01-11…2027-05-26 half-year']],
    ]);
    expect(chooseSchedule(r.value!, { grade: 7 }).schedule!.name).toBe('ГАП 1-9');
    expect(chooseSchedule(r.value!, { grade: 10 }).schedule!.name).toBe('ГАП 10-11');
  });

  it('a holiday in a schedule is never a term (probe)', () => {
    const r = parsePeriodsSchedules(sample('derived/periods_schedules.speculative-vacation.json'));
    expect(r.value![0]!.periods.map((p) => p.name)).toEqual(['1 полугодие', '2 полугодие']);
  });
});

describe('probes to the strict models', () => {
  it('subject_marks: the recorded marks and figures, null targets, one hint object', () => {
    const r = parseSubjectMarks(sample('derived/subject_marks.strict-shape.real-progress-marks.json'));
    expect(r.issues).toEqual([]);
    const byName = new Map(r.value!.map((f) => [f.name, f]));
    expect(byName.get('Геометрия')!.periods[0]).toMatchObject({
      title: '1 полугодие',
      start: '2025-09-01',
      end: '2025-12-30',
      average: 3.5,
      count: 2,
    });
    expect(byName.get('Информатика')!.periods[0]!.target).toEqual({ mark: 5, remaining: 3 });
    expect(byName.get('Русский язык')!.periods[0]!.target).toBeUndefined();
    // "0.00" for a subject without marks is no average at all.
    expect(byName.get('Индивидуальный проект')!.average).toBeUndefined();
  });

  it('schedule/short: lessons with subject_id null or 0 keep their own names, with no issue', () => {
    const r = parseScheduleShort(sample('derived/schedule_short.strict-shape.json'));
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toEqual([
      { date: '2025-10-15', subject: '33623623', start: '08:30', end: '09:15' },
      { date: '2025-10-15', title: 'Разговоры о важном', start: '08:00', end: '08:25' },
      { date: '2025-10-15', subject: '33623584', start: '09:25', end: '10:10' },
      { date: '2025-10-15', title: 'Мир путешествий(Мир путешествий 2025-2026)', start: '15:00', end: '15:45' },
    ]);
    expect(r.value!.subjects.map((s) => s.name)).toEqual(['Информатика', 'Физика']);
  });

  it('homeworks: the due date from a date-time', () => {
    const r = parseHomeworks(sample('derived/homeworks.strict-shape.json'));
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toEqual([{ date: '2025-10-16', subject: '33623650', text: '№ 214, 217', assigned: '2025-10-14', done: false }]);
  });

  it('profiles: a parent’s children; a student account lists itself', () => {
    const parent = parseProfile(sample('derived/profile.parent.strict-shape.json'));
    expect(parent.issues).toEqual([]);
    expect(parent.value).toMatchObject({
      role: 'parent',
      profileId: '4400110',
      students: [
        {
          student: { id: '36000001', name: 'Иван Иванов', className: '10-А', grade: 10 },
          personGuid: '00000000-0000-4000-8000-000000000002',
        },
      ],
    });
    const student = parseProfile(sample('derived/profile.student.strict-shape.json'));
    expect(student.value).toMatchObject({ role: 'student', students: [{ student: { id: '36000001' } }] });
  });

  it('events: both missed lessons are absences; neither is claimed excused', () => {
    const r = parseEvents(sample('derived/events.model-shape.json'));
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toEqual([
      { date: '2025-10-15', subject: '33623584', kind: 'absent' },
      { date: '2025-10-16', kind: 'absent' },
    ]);
  });
});

describe('the whole adapter on the samples', () => {
  const TODAY = '2025-10-19';
  /** A transport that answers from the samples, month windows cut from the recorded marks; what nothing recorded answers 404. */
  function samples(): { transport: MeshTransport; calls: Array<{ path: string; query?: MeshQuery }> } {
    const calls: Array<{ path: string; query?: MeshQuery }> = [];
    const marks = sample('marks.web.recorded.lessonlink.json');
    const answers: Record<string, (q?: MeshQuery) => unknown> = {
      [E.profile]: () => sample('derived/profile.parent.strict-shape.json'),
      [E.academicYears]: () => sample('academic_years.web.copied-response.unattributed.json'),
      [E.periodsSchedules]: () => sample('derived/periods_schedules.speculative-vacation.json'),
      [E.marks]: (q) => ({ payload: marks.payload.filter((m: { date: string }) => m.date >= q!.from! && m.date <= q!.to!) }),
      [E.subjectMarks]: () => sample('derived/subject_marks.strict-shape.real-progress-marks.json'),
      [E.scheduleShort]: () => sample('derived/schedule_short.strict-shape.json'),
      [E.homeworks]: () => sample('derived/homeworks.strict-shape.json'),
      [E.events]: (q) => {
        const e = sample('derived/events.model-shape.json');
        e.response = e.response.filter(
          (x: { start_at: string }) => x.start_at.slice(0, 10) >= q!.begin_date! && x.start_at.slice(0, 10) <= q!.end_date!,
        );
        return e;
      },
    };
    return {
      calls,
      transport: {
        async get(path, query) {
          calls.push({ path, query });
          const a = answers[path];
          if (!a) throw new SourceError('http', path, 'HTTP 404', 404);
          return a(query);
        },
      },
    };
  }

  it('builds a valid diary: marks filed under the schedule’s half-year, MESH’s figures beside ours, extracurricular lessons by name', async () => {
    const { transport, calls } = samples();
    const r = await createMeshSource(transport, { today: TODAY, now: () => new Date(`${TODAY}T12:00:00Z`) }).fetchDiary('36000001');
    expect(parseDiary(JSON.parse(JSON.stringify(r.value))).ok).toBe(true);
    const d = r.value;
    // Windows of the current year (2025-2026) up to today; the recorded week falls in October.
    expect(calls.filter((c) => c.path === E.marks).map((c) => [c.query!.from, c.query!.to])).toEqual([
      ['2025-09-01', '2025-09-30'],
      ['2025-10-01', '2025-10-19'],
    ]);
    expect(r.covered.marks).toEqual<DayRange[]>([
      { from: '2025-09-01', to: '2025-09-30' },
      { from: '2025-10-01', to: '2025-10-19' },
    ]);
    expect(d.marks).toHaveLength(9);
    expect(d.periods.map((p) => [p.name, p.kind])).toEqual([
      ['2025 - 2026', 'year'],
      ['1 полугодие', 'half-year'],
      ['2 полугодие', 'half-year'],
    ]);
    const half = d.periods[1]!;
    // Информатика: the recorded 4 (weight 2) and 5 of October, ours beside MESH's own 4.29 of the whole term.
    const info = subjectSummaries(d, { period: half.id }).find((s) => s.subject.name === 'Информатика')!;
    expect(info.marks.map((m) => [m.value, m.weight])).toEqual([
      [4, 2],
      [5, 1],
    ]);
    expect(info.reported).toMatchObject({ average: 4.29, count: 6, target: { mark: 5, remaining: 3 } });
    expect(d.schedule!.filter((e) => e.title).map((e) => e.title)).toEqual([
      'Разговоры о важном',
      'Мир путешествий(Мир путешествий 2025-2026)',
    ]);
    expect(d.attendance).toEqual([
      { date: '2025-10-15', subject: '33623584', kind: 'absent' },
      { date: '2025-10-16', kind: 'absent' },
    ]);
    // What nothing recorded answers (subjects/list, final_marks v2 and v1) is said, not hidden; nothing else is an issue.
    expect(r.issues).toEqual(
      [E.subjects, E.finalMarksV2, E.finalMarks].map((endpoint) => ({ endpoint, path: '', message: 'not loaded (http 404)' })),
    );
  });
});
