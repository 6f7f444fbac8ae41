import { describe, expect, it } from 'vitest';
import {
  parseFinalMarks,
  currentAcademicYear,
  parseAcademicYears,
  parseEvents,
  parseHomeworks,
  parseMarksByDate,
  parsePeriodsSchedules,
  parseProfile,
  parseScheduleShort,
  parseSubjectMarks,
  parseSubjects,
  periodKindOf,
} from '../../../lib/sources/mesh';
import { fixture } from './helpers';

describe('parseProfile', () => {
  it('reads a parent with two children into students', () => {
    const r = parseProfile(fixture('profile'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      role: 'parent',
      profileId: '4400110',
      students: [
        {
          student: { id: '31500777', name: 'Миша Лебедев', className: '6-В', school: 'Школа № 9999', grade: 6 },
          personGuid: 'a1b2c3d4-0000-4000-8000-123456789abc',
        },
        {
          // short_name is null here: the full school name stands in.
          student: { id: '31500888', name: 'Оля Лебедева', className: '10-А', school: 'ГБОУ Школа № 9999', grade: 10 },
          personGuid: 'a1b2c3d4-0000-4000-8000-987654321def',
        },
      ],
    });
  });

  it('takes a student account without children as the student itself', () => {
    const r = parseProfile({
      profile: { id: 31500777, type: 'student', first_name: 'Миша', last_name: 'Лебедев' },
      children: [],
      hash: 'x',
    });
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({ role: 'student', profileId: '31500777', students: [{ student: { id: '31500777', name: 'Миша Лебедев' } }] });
  });

  it('leaves out grade levels the model does not take (preschool)', () => {
    const p = fixture('profile');
    p.children[0].class_level_id = 0;
    expect(parseProfile(p).value!.students[0]!.student.grade).toBeUndefined();
  });

  it('is null when neither profile nor children can be read', () => {
    const r = parseProfile({ user: {} });
    expect(r.value).toBeNull();
    expect(r.issues.map((i) => i.path)).toEqual(['profile', 'children']);
  });
});

describe('parseSubjects', () => {
  it('reads the payload list', () => {
    const r = parseSubjects(fixture('subjects'));
    expect(r.issues).toEqual([]);
    expect(r.value).toHaveLength(5);
    expect(r.value![0]).toEqual({ id: '33623620', name: 'Алгебра' });
  });

  it('also accepts id/name and a bare array', () => {
    const r = parseSubjects([
      { id: 1, name: 'Физика' },
      { subject_id: 2, subject_name: 'Химия' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      { id: '1', name: 'Физика' },
      { id: '2', name: 'Химия' },
    ]);
  });
});

describe('academic years and periods', () => {
  it('picks the year flagged current', () => {
    const r = parseAcademicYears(fixture('academic_years'));
    expect(r.issues).toEqual([]);
    expect(currentAcademicYear(r.value!, '2026-10-14')).toEqual({
      id: '13',
      name: '2026-2027',
      start: '2026-09-01',
      end: '2027-08-31',
      current: true,
    });
  });

  it('without the flag, picks the year holding today', () => {
    const years = fixture('academic_years').map((y: any) => ({ ...y, current_year: false }));
    expect(currentAcademicYear(parseAcademicYears(years).value!, '2026-03-01')!.id).toBe('12');
    expect(currentAcademicYear(parseAcademicYears(years).value!, '2026-10-01')!.id).toBe('13');
  });

  it('reads trimesters with stable ids under the year', () => {
    const r = parsePeriodsSchedules(fixture('periods_schedules'), 'year:13');
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual([
      {
        periods: [
          { id: 'period:2026-09-01', name: '1 триместр', start: '2026-09-01', end: '2026-11-30', kind: 'trimester', parent: 'year:13' },
          { id: 'period:2026-12-01', name: '2 триместр', start: '2026-12-01', end: '2027-02-28', kind: 'trimester', parent: 'year:13' },
          { id: 'period:2027-03-01', name: '3 триместр', start: '2027-03-01', end: '2027-05-31', kind: 'trimester', parent: 'year:13' },
        ],
      },
    ]);
  });

  it('names the kind from the title', () => {
    expect(periodKindOf('2 четверть')).toBe('quarter');
    expect(periodKindOf('1 Полугодие')).toBe('half-year');
    expect(periodKindOf('3 триместр')).toBe('trimester');
    expect(periodKindOf('Летняя практика')).toBe('other');
  });

  it('keeps each schedule apart (quarters and half-years overlap by design) and never takes a holiday for a term', () => {
    const r = parsePeriodsSchedules([
      {
        id: 1,
        name: 'ГАП 1-9',
        periods: [
          { name: '1 четверть', begin_date: '01.09.2026', end_date: '25.10.2026' },
          { name: 'Осенние каникулы', begin_date: '26.10.2026', end_date: '03.11.2026' },
          { name: '2 четверть', begin_date: '04.11.2026', end_date: '30.12.2026' },
        ],
      },
      {
        id: 2,
        name: 'ГАП 10-11',
        periods: [
          { name: '1 полугодие', begin_date: '2026-09-01', end_date: '2026-12-30', is_vacation: false },
          { name: 'Зимние', begin_date: '2026-12-31', end_date: '2027-01-10', is_vacation: true },
        ],
      },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.value!.map((s) => [s.name, s.periods.map((p) => p.id)])).toEqual([
      ['ГАП 1-9', ['period:2026-09-01', 'period:2026-11-04']],
      ['ГАП 10-11', ['period:2026-09-01']],
    ]);
  });

  it('chooses the student’s schedule: by the terms subject_marks uses, else by the grades its name covers', async () => {
    const { chooseSchedule } = await import('../../../lib/sources/mesh/parse');
    const r = parsePeriodsSchedules([
      {
        name: 'ГАП 1-9',
        periods: [
          { name: '1 четверть', begin_date: '2026-09-01', end_date: '2026-10-25' },
          { name: '2 четверть', begin_date: '2026-11-04', end_date: '2026-12-30' },
        ],
      },
      { name: 'ГАП 10-11', periods: [{ name: '1 полугодие', begin_date: '2026-09-01', end_date: '2026-12-30' }] },
    ]).value!;
    expect(chooseSchedule(r, { terms: [{ title: '1 полугодие', start: '2026-09-01', end: '2026-12-30' }] }).schedule!.name).toBe(
      'ГАП 10-11',
    );
    expect(chooseSchedule(r, { grade: 7 }).schedule!.name).toBe('ГАП 1-9');
    expect(chooseSchedule(r, { grade: 11 }).schedule!.name).toBe('ГАП 10-11');
    const unsure = chooseSchedule(
      [
        { name: 'А', periods: r[0]!.periods },
        { name: 'Б', periods: r[0]!.periods },
      ],
      {},
    );
    expect(unsure.schedule!.name).toBe('А');
    expect(unsure.issue).toMatch(/2 schedules/);
  });
});

describe('parseMarksByDate', () => {
  const r = parseMarksByDate(fixture('marks'));
  const byId = (id: string) => r.value!.items.find((m) => m.id === id)!;

  it('reads every mark of the fixture without issues', () => {
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toHaveLength(11);
    expect(r.value!.subjects.map((s) => s.name)).toEqual(['Алгебра', 'Русский язык', 'Английский язык', 'Физика']);
  });

  it('keeps weight, control form, exam flag and date; empty comments are left out', () => {
    expect(byId('990100202')).toEqual({
      id: '990100202',
      value: 4,
      weight: 2,
      date: '2026-09-24',
      subject: '33623620',
      scale: 'five',
      kind: 'Контрольная работа',
      isExam: true,
      isPoint: false,
    });
  });

  it('keeps the «точка» with its date and the comment', () => {
    expect(byId('990100203')).toMatchObject({ value: 3, isPoint: true, pointDate: '2026-10-08', comment: 'Исправить до 8 октября' });
  });

  it('keeps non-numeric marks as text', () => {
    expect(byId('990100204').value).toBe('См');
    expect(byId('990100207').value).toBe('НВ');
  });

  it('reads 10- and 100-point marks through their five-point conversion, keeping the original', () => {
    expect(byId('990100208')).toMatchObject({ value: 4, scale: 'five', original: { value: 8, scale: 'ten' } });
    expect(byId('990100211')).toMatchObject({ value: 3.5, scale: 'five', original: { value: 7, scale: 'ten' } });
    expect(byId('990100209')).toMatchObject({ value: 5, scale: 'five', original: { value: 92, scale: 'hundred' } });
  });

  it('leaves a 10-point mark on its own scale when no conversion came', () => {
    const m = fixture('marks');
    m.payload[7].values = null;
    const r2 = parseMarksByDate(m);
    expect(r2.value!.items.find((x) => x.id === '990100208')).toMatchObject({ value: 8, scale: 'ten' });
    expect(r2.issues).toEqual([{ endpoint: '/api/family/web/v1/marks', path: 'payload[7].values[0].grade.five', message: 'missing' }]);
  });
});

describe('parseSubjectMarks', () => {
  const r = parseSubjectMarks(fixture('subject_marks'));
  const alg = r.value!.find((f) => f.subject === '33623620')!;
  const rus = r.value!.find((f) => f.subject === '33623621')!;
  const phy = r.value!.find((f) => f.subject === '33623623')!;

  it('reads string figures as numbers and "0.00" as no average', () => {
    expect(r.issues).toEqual([]);
    expect(alg.average).toBe(4.33);
    expect(alg.averageByAll).toBe(4.33);
    expect(alg.periods[0]!.average).toBe(4.33);
    expect(alg.periods[1]!.average).toBeUndefined();
    expect(alg.periods[1]!.count).toBe(0);
  });

  it('reads the target object, and none for a null target', () => {
    expect(alg.periods[0]!.target).toEqual({ mark: 5, remaining: 3 });
    expect(rus.periods[0]!.target).toBeUndefined();
  });

  it('reads fixed_value and year_mark, as strings or numbers', () => {
    expect(rus.periods[0]!.periodMark).toBe(5);
    expect(phy.periods[0]!.periodMark).toBe(5);
    expect(phy.yearMark).toBe(5);
    expect(alg.yearMark).toBeUndefined();
  });

  it('lists the ids of the marks filed under each period', () => {
    expect(alg.periods[0]!.markIds).toEqual(['990100201', '990100202', '990100203', '990100204']);
    expect(alg.periods[0]!.start).toBe('2026-09-01');
  });
});

describe('parseFinalMarks', () => {
  it("reads past years' year marks by year and subject name, reporting entries it cannot use", () => {
    const r = parseFinalMarks({
      payload: [
        { academic_year: '2024-2025', academic_year_id: 12, subject_id: 33624601, subject_name: 'Алгебра', final_mark: '5' },
        { academic_year: '2024-2025', academic_year_id: 12, subject_id: 33624602, subject_name: 'Физкультура', final_mark: 'зачёт' },
        { academic_year: '2023-2024', subject_name: 'Музыка', final_mark: 4 },
        { academic_year: '2023-2024', subject_id: 1, final_mark: '4' },
        { academic_year: '2023-2024', subject_name: 'ИЗО', final_mark: null },
      ],
    });
    expect(r.value).toEqual([
      { year: '2024-2025', subject: 'Алгебра', subjectId: '33624601', value: 5 },
      { year: '2024-2025', subject: 'Физкультура', subjectId: '33624602', value: 'зачёт' },
      { year: '2023-2024', subject: 'Музыка', value: 4 },
    ]);
    expect(r.issues.map((i) => i.path)).toEqual(['payload[3].subject_name']);
    expect(parseFinalMarks({ oops: 1 }).value).toBeNull();
  });
});

describe('schedule, homework, attendance', () => {
  it('reads the short schedule with times and every subject named', () => {
    const r = parseScheduleShort(fixture('schedule_short'));
    expect(r.issues).toEqual([]);
    expect(r.value!.items[0]).toEqual({ date: '2026-10-12', subject: '33623699', start: '08:00', end: '08:45' });
    expect(r.value!.items).toHaveLength(14);
    expect(r.value!.subjects).toContainEqual({ id: '33623699', name: 'Разговоры о важном' });
  });

  it('reads homework with due date, assigned date and done flag', () => {
    const r = parseHomeworks(fixture('homeworks'));
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toEqual([
      { date: '2026-10-15', subject: '33623620', text: '№ 214, 217', assigned: '2026-10-13', done: false },
      { date: '2026-10-12', subject: '33623621', text: 'Упр. 105', assigned: '2026-10-09', done: true },
      { date: '2026-10-16', subject: '33623622', text: 'WB p. 32, ex. 4–6', assigned: '2026-10-14', done: false },
    ]);
  });

  it('reads missed lessons as absences, and never claims one was excused', () => {
    const events = fixture('events');
    const r = parseEvents(events);
    expect(r.issues).toEqual([]);
    expect(r.value!.items).toEqual([{ date: '2026-10-13', subject: '33623621', kind: 'absent' }]);
    // An absence reason is an absence (every public reader takes it so), not an excuse.
    events.response[1].absence_reason_id = 3;
    expect(parseEvents(events).value!.items).toEqual([{ date: '2026-10-13', subject: '33623621', kind: 'absent' }]);
    events.response[0].absence_reason_id = 5;
    expect(parseEvents(events).value!.items.map((e) => e.subject)).toEqual(['33623620', '33623621']);
  });
});
