/**
 * The MESH family web API as JSON, in the shapes of the recorded real responses
 * (shared/reference/real-samples/mesh/) and, where nothing was recorded, of the strict models read
 * from public clients (shared/reference/diary-systems.md §1.3). What is still ours says so in
 * docs/portal.md.
 */
import { addDays, weekday, type World, type WorldChild, type WorldMark } from './world';
import type { Faults } from './server';

/** The hundred-point values of five-point marks as the recorded marks have them (2 → 30, not 40). */
const HUNDRED: Record<string, number> = { '1': 10, '2': 30, '3': 60, '4': 80, '5': 100 };

/** `values[]` as recorded: name «5-балльная», `nmax` 6.0 (sic), a grade system id of 7 digits. */
function gradeOf(m: WorldMark, child: WorldChild) {
  const subject = child.subjects.find((s) => s.id === m.subjectId)!;
  const n = Number(m.value);
  if (!Number.isFinite(n)) return null;
  if (subject.scale === 'ten') {
    return {
      name: '10-балльная',
      nmax: 11.0,
      grade: { origin: m.value, five: n / 2, ten: n, hundred: n * 10 },
      grade_system_id: 4140721,
      grade_system_type: 'ten',
    };
  }
  return {
    name: '5-балльная',
    nmax: 6.0,
    grade: { origin: m.value, five: n, ten: n * 2, hundred: HUNDRED[m.value] ?? n * 20 },
    grade_system_id: 4140720,
    grade_system_type: 'five',
  };
}

const ruDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function markJson(m: WorldMark, child: WorldChild, withValues: boolean) {
  const subject = child.subjects.find((s) => s.id === m.subjectId)!;
  const grade = gradeOf(m, child);
  return {
    id: m.id,
    date: m.date,
    subject_id: m.subjectId,
    subject_name: subject.name,
    value: m.value,
    weight: m.weight,
    control_form_name: m.controlForm,
    is_exam: m.isExam,
    is_point: m.isPoint,
    point_date: m.pointDate,
    comment: m.comment,
    comment_exists: m.comment !== '',
    has_files: false,
    criteria: null,
    created_at: withValues ? m.createdAt : null,
    updated_at: withValues ? m.createdAt : null,
    original_grade_system_type: subject.scale,
    values: withValues && grade ? [grade] : null,
  };
}

export const childOf = (world: World, studentId: string | null): WorldChild | undefined =>
  world.children.find((c) => String(c.id) === studentId);

export function profileJson(world: World) {
  const p = world.parent;
  return {
    profile: {
      id: p.profileId,
      type: 'parent',
      user_id: p.userId,
      last_name: p.lastName,
      first_name: p.firstName,
      middle_name: p.middleName,
      birth_date: '12.05.1984',
      sex: 'female',
      phone: '79990000000',
      email: 'parent@example.org',
      snils: '000-000-000 00',
    },
    children: world.children.map((c) => ({
      id: c.id,
      contingent_guid: c.guid,
      last_name: c.lastName,
      first_name: c.firstName,
      middle_name: c.middleName,
      class_name: c.className,
      class_level_id: c.classLevel,
      class_unit_id: c.classUnitId,
      school: { id: world.school.id, name: world.school.name, short_name: world.school.shortName },
      contract_id: 5550000 + c.classLevel,
      groups: c.subjects
        .slice(0, 3)
        .map((s, i) => ({ id: 70000 + i + c.classLevel * 10, name: `${s.name} ${c.className}`, subject_id: s.id, is_fake: false })),
      representatives: [],
      sections: [],
      parallel_curriculum_id: 480000 + c.classLevel,
      enrollment_date: '01.09.2019',
    })),
    hash: 'emulated',
  };
}

export const subjectsJson = (child: WorldChild) => ({ payload: child.subjects.map((s) => ({ subject_id: s.id, subject_name: s.name })) });

/** Academic years as the copied answer has them: names with spaces («2025 - 2026»), 1 Sep – 31 Aug, a calendar id; the current one flagged. */
export function academicYearsJson(world: World) {
  const y = Number(world.yearStart.slice(0, 4));
  return [3, 2, 1, 0].map((back) => ({
    id: world.academicYear.id - back,
    name: `${y - back} - ${y - back + 1}`,
    begin_date: `${y - back}-09-01`,
    end_date: `${y - back + 1}-08-31`,
    calendar_id: 53 - back,
    current_year: back === 0,
  }));
}

/**
 * Attestation schedules as the recorded (regional) answer has them: `dd.MM.yyyy` dates, an id and
 * a name per schedule, holidays between the terms (`is_vacation`). A school with grades 1–11 has a
 * quarters schedule and a half-years one: the older child's answer carries both, as a family
 * endpoint may; only one is hers.
 */
export function periodsSchedulesJson(child: WorldChild) {
  const term = (p: { name: string; begin: string; end: string }, i: number) => ({
    id: 37540 + i,
    name: p.name,
    begin_date: ruDate(p.begin),
    end_date: ruDate(p.end),
    is_vacation: false,
  });
  const withHolidays = child.periods.flatMap((p, i) => {
    const next = child.periods[i + 1];
    const gap = next ? { begin: addDays(p.end, 1), end: addDays(next.begin, -1) } : null;
    return gap && gap.begin <= gap.end
      ? [term(p, i), { id: 37590 + i, name: 'Каникулы', begin_date: ruDate(gap.begin), end_date: ruDate(gap.end), is_vacation: true }]
      : [term(p, i)];
  });
  const own = {
    id: 16200 + child.classLevel,
    name: child.periods[0]!.name.includes('четверть') ? 'ГАП 1-9' : `ПУ ${child.className}`,
    academic_year_id: 13,
    periods: withHolidays,
  };
  if (child.classLevel < 9) return [own];
  const y = Number(child.periods[0]!.begin.slice(0, 4));
  const halves = {
    id: 16212,
    name: 'ГАП 10-11',
    academic_year_id: 13,
    periods: [
      term({ name: '1 полугодие', begin: `${y}-09-01`, end: `${y}-12-28` }, 10),
      term({ name: '2 полугодие', begin: `${y + 1}-01-12`, end: `${y + 1}-05-26` }, 11),
    ],
  };
  return [own, halves];
}

export function marksJson(world: World, child: WorldChild, from: string, to: string) {
  return {
    payload: child.marks
      .filter((m) => m.date >= from && m.date <= to && m.date >= world.yearStart && m.date <= world.yearEnd)
      .map((m) => markJson(m, child, true)),
  };
}

/**
 * MESH's own figures, as the recorded progress report has them: «точки» count (the engine matched
 * every recorded subject-term only with them counted). With `lag` the figure leaves out the marks of
 * the latest day, as a server that updates its figures later would.
 */
function meshAverage(
  marks: readonly WorldMark[],
  child: WorldChild,
  lag = false,
): { avg: string | null; count: number; s: number; w: number } {
  let s = 0;
  let w = 0;
  let count = 0;
  const latest = marks.reduce((d, m) => (m.date > d ? m.date : d), '');
  for (const m of marks) {
    const g = gradeOf(m, child);
    if (!g || (lag && m.date === latest)) continue;
    s += g.grade.five * m.weight;
    w += m.weight;
    count++;
  }
  return { avg: w ? (s / w).toFixed(2) : null, count, s, w };
}

function roundMark(avg: string | null): number | null {
  if (avg === null) return null;
  const x = Number(avg);
  return x >= 4.5 ? 5 : x >= 3.5 ? 4 : x >= 2.5 ? 3 : 2;
}

export function subjectMarksJson(world: World, child: WorldChild, lag = false) {
  return {
    payload: child.subjects.map((s) => {
      const all = child.marks.filter((m) => m.subjectId === s.id && m.date <= world.today);
      const year = meshAverage(all, child, lag);
      const started = child.periods.filter((p) => p.begin <= world.today);
      return {
        subject_id: s.id,
        subject_name: s.name,
        average: year.avg ?? '',
        dynamic: 'UP',
        average_by_all: year.avg ?? '',
        year_mark: world.today > world.yearEnd ? String(roundMark(year.avg) ?? '') || null : null,
        periods: started.map((p) => {
          const marks = all.filter((m) => m.date >= p.begin && m.date <= p.end);
          const a = meshAverage(marks, child, lag);
          return {
            title: p.name,
            start: `${p.begin.slice(8, 10)}.${p.begin.slice(5, 7)}`,
            end: `${p.end.slice(8, 10)}.${p.end.slice(5, 7)}`,
            start_iso: p.begin,
            end_iso: p.end,
            value: a.avg ?? '',
            dynamic: 'UP',
            count: a.count,
            fixed_value: p.end < world.today && a.avg !== null ? String(roundMark(a.avg)) : null,
            // The recorded answers have null here; MESH's own hint (an object on some clients) is read elsewhere.
            target: null,
            marks: marks.map((m) => markJson(m, child, false)),
          };
        }),
      };
    }),
  };
}

/**
 * Lessons of a day, with the extracurricular ones the strict models and a browser-copied reader
 * show: «Разговоры о важном» on Mondays with `subject_id` null, and two clubs with `subject_id` 0.
 */
export function scheduleShortJson(child: WorldChild, dates: readonly string[]) {
  const extra = (date: string) => {
    const wd = weekday(date);
    if (wd > 5) return [];
    const base = {
      lesson_type: 'NORMAL',
      lesson_education_type: 'EC',
      is_virtual: false,
      absence_reason_id: null,
      evaluation: null,
      bell_id: null,
    };
    const out: object[] = [];
    if (wd === 1)
      out.push({
        ...base,
        lesson_id: null,
        schedule_item_id: 61900000 + Number(date.slice(8)),
        begin_time: '08:00',
        end_time: '08:25',
        subject_id: null,
        subject_name: null,
        lesson_name: 'Разговоры о важном',
        group_id: 70099,
        group_name: `Группа Разговоры о важном ${child.classLevel} класс`,
        lesson_type: '',
      });
    if (wd === 2)
      out.push({
        ...base,
        lesson_id: 61910000 + Number(date.slice(8)),
        schedule_item_id: 61910000 + Number(date.slice(8)),
        begin_time: '15:00',
        end_time: '15:45',
        subject_id: 0,
        subject_name: 'Мир путешествий',
        lesson_name: null,
        group_id: 70103,
        group_name: 'Мир путешествий',
      });
    if (wd === 4)
      out.push({
        ...base,
        lesson_id: 61920000 + Number(date.slice(8)),
        schedule_item_id: 61920000 + Number(date.slice(8)),
        begin_time: '15:00',
        end_time: '15:45',
        subject_id: 0,
        subject_name: 'Робототехника',
        lesson_name: null,
        group_id: 70104,
        group_name: 'Робототехника',
      });
    return out;
  };
  return {
    payload: dates.map((date) => ({
      date,
      lessons: [
        ...extra(date),
        ...child.lessons
          .filter((l) => l.date === date)
          .map((l) => {
            const s = child.subjects.find((x) => x.id === l.subjectId)!;
            return {
              lesson_id: l.id,
              schedule_item_id: l.id,
              begin_time: l.begin,
              end_time: l.end,
              subject_id: s.id,
              subject_name: s.name,
              group_id: 70002,
              group_name: `${s.name} ${child.className}`,
              lesson_type: 'NORMAL',
              lesson_education_type: 'OO',
              is_virtual: false,
              absence_reason_id: l.missed ? l.absenceReasonId : null,
              bell_id: l.number,
              lesson_name: null,
              evaluation: null,
            };
          }),
      ],
    })),
  };
}

export function homeworksJson(child: WorldChild, from: string, to: string) {
  return {
    payload: child.homework
      .filter((h) => h.dueOn >= from && h.dueOn <= to)
      .map((h) => {
        const s = child.subjects.find((x) => x.id === h.subjectId)!;
        return {
          homework_id: h.id,
          homework_entry_id: h.id + 1,
          homework_entry_student_id: h.id + 2,
          subject_id: s.id,
          subject_name: s.name,
          group_id: 70002,
          date: h.dueOn,
          date_assigned_on: h.assignedOn,
          date_prepared_for: h.dueOn,
          lesson_date_time: `${h.dueOn} 09:25`,
          description: h.text,
          homework: h.text,
          is_done: false,
          has_teacher_answer: false,
          materials: [],
          attachments: [],
          comments: [],
        };
      }),
  };
}

export function eventsJson(child: WorldChild, begin: string, end: string) {
  const lessons = child.lessons.filter((l) => l.date >= begin && l.date <= end);
  return {
    total_count: lessons.length,
    errors: null,
    response: lessons.map((l) => {
      const s = child.subjects.find((x) => x.id === l.subjectId)!;
      const hw = child.homework.filter((h) => h.subjectId === l.subjectId && h.dueOn === l.date);
      return {
        id: l.id,
        source: 'PLAN',
        start_at: `${l.date}T${l.begin}:00+03:00`,
        finish_at: `${l.date}T${l.end}:00+03:00`,
        subject_id: s.id,
        subject_name: s.name,
        room_number: l.room,
        room_name: `Кабинет ${l.room}`,
        cancelled: false,
        replaced: false,
        is_missed_lesson: l.missed,
        absence_reason_id: l.missed ? l.absenceReasonId : null,
        nonattendance_reason_id: null,
        health_status: null,
        homework: { total_count: hw.length, execute_count: 0, descriptions: hw.map((h) => h.text) },
        marks: child.marks
          .filter((m) => m.subjectId === l.subjectId && m.date === l.date)
          .map((m) => {
            const g = gradeOf(m, child);
            return {
              id: m.id,
              value: m.value,
              weight: m.weight,
              is_exam: m.isExam,
              is_point: m.isPoint,
              control_form_name: m.controlForm,
              values: g
                ? [
                    {
                      grade_system_type: g.grade_system_type,
                      grade: { origin: g.grade.origin, five: g.grade.five, hundred: g.grade.hundred },
                    },
                  ]
                : [],
            };
          }),
      };
    }),
  };
}

export function finalMarksJson(child: WorldChild) {
  return {
    payload: child.finals.map((f) => ({
      academic_year: f.year,
      academic_year_id: f.yearId,
      subject_id: f.subjectId,
      subject_name: child.subjects.find((s) => s.id === f.subjectId)?.name ?? '',
      final_mark: f.mark,
    })),
  };
}

/**
 * `final_marks/v2?person_id=&academic_year_id=`, the shape the site reads: one school year's
 * subjects with term marks, year mark and attestation (`dd.MM.yyyy` dates here; the recorded
 * clients do not say which form the server uses, and Tabel reads both).
 */
export function finalMarksV2Json(world: World, child: WorldChild, yearId: number) {
  if (yearId === world.academicYear.id) {
    return {
      subjects: child.subjects.map((s) => ({
        id: s.id,
        name: s.name,
        periods: child.periods
          .filter((p) => p.end < world.today)
          .map((p) => {
            const a = meshAverage(
              child.marks.filter((m) => m.subjectId === s.id && m.date >= p.begin && m.date <= p.end),
              child,
            );
            return {
              name: p.name,
              start_date: ruDate(p.begin),
              end_date: ruDate(p.end),
              final_mark: a.avg === null ? null : String(roundMark(a.avg)),
            };
          }),
        year_mark: null,
        intermediate_attestation_mark: null,
        training_camp_mark: null,
      })),
    };
  }
  const finals = child.finals.filter((f) => f.yearId === yearId);
  return {
    subjects: finals.map((f) => ({
      id: f.subjectId - 10000,
      name: child.subjects.find((s) => s.id === f.subjectId)?.name ?? '',
      periods: [],
      year_mark: f.mark,
      // The ninth-grader's school holds an attestation in Russian and algebra.
      intermediate_attestation_mark: /Русский|Алгебра/.test(child.subjects.find((s) => s.id === f.subjectId)?.name ?? '') ? f.mark : null,
      training_camp_mark: null,
    })),
  };
}

/** The dates of the school week (Mon–Sat) containing `day`. */
export function weekOf(day: string): string[] {
  const monday = addDays(day, 1 - weekday(day));
  return Array.from({ length: 6 }, (_, i) => addDays(monday, i));
}

/**
 * The MESH API's answer to one request, from a world: what the emulator's server sends (and what
 * unit tests answer a fake fetch with). `faults` are the server's (span limits, lagging averages).
 */
export function apiAnswer(
  world: World,
  faults: Pick<Faults, 'maxSpanDays' | 'laggingAverages'>,
  path: string,
  q: URLSearchParams,
  headers: Record<string, string | string[] | undefined>,
): { status: number; body: unknown } {
  const child = childOf(world, q.get('student_id') ?? q.get('student_profile_id'));
  const needChild = () => ({ status: 404, body: { code: 404, message: 'student not found' } });
  const spanDays = (from: string | null, to: string | null) => (from && to ? (Date.parse(to) - Date.parse(from)) / 864e5 + 1 : Infinity);
  const tooLong = (from: string | null, to: string | null) => faults.maxSpanDays > 0 && spanDays(from, to) > faults.maxSpanDays;
  const spanRefused = { status: 400, body: { code: 400, message: `period too long: at most ${faults.maxSpanDays} days per request` } };
  switch (path) {
    case '/api/family/web/v1/profile':
      return { status: 200, body: profileJson(world) };
    case '/api/family/web/v1/subjects/list':
      return child ? { status: 200, body: subjectsJson(child) } : needChild();
    case '/api/ej/core/family/v1/academic_years':
      return { status: 200, body: academicYearsJson(world) };
    case '/api/ej/core/family/v1/periods_schedules':
      return child ? { status: 200, body: periodsSchedulesJson(child) } : needChild();
    case '/api/family/web/v1/marks':
      if (tooLong(q.get('from'), q.get('to'))) return spanRefused;
      return child
        ? { status: 200, body: marksJson(world, child, q.get('from') ?? world.yearStart, q.get('to') ?? world.yearEnd) }
        : needChild();
    case '/api/family/web/v1/subject_marks':
      return child ? { status: 200, body: subjectMarksJson(world, child, faults.laggingAverages) } : needChild();
    case '/api/family/web/v1/final_marks/v2': {
      const person = world.children.find((c) => c.guid === q.get('person_id'));
      return person
        ? { status: 200, body: finalMarksV2Json(world, person, Number(q.get('academic_year_id'))) }
        : { status: 404, body: { code: 404, message: 'person not found' } };
    }
    case '/api/family/web/v1/schedule/short': {
      const dates = (q.get('dates') ?? world.today).split(',').filter(Boolean).slice(0, 31);
      return child ? { status: 200, body: scheduleShortJson(child, dates) } : needChild();
    }
    case '/api/family/web/v1/homeworks':
      return child
        ? { status: 200, body: homeworksJson(child, q.get('from') ?? world.today, q.get('to') ?? addDays(world.today, 14)) }
        : needChild();
    case '/api/family/web/v1/final_marks':
      return child ? { status: 200, body: finalMarksJson(child) } : needChild();
    case '/api/eventcalendar/v1/api/events': {
      // Every client sends the role to the event calendar; the emulator insists.
      if (!headers['x-mes-role']) return { status: 400, body: { code: 400, message: 'X-Mes-Role header required' } };
      if (tooLong(q.get('begin_date'), q.get('end_date'))) return spanRefused;
      const target = world.children.find((c) => c.guid === q.get('person_ids'));
      return target
        ? { status: 200, body: eventsJson(target, q.get('begin_date') ?? world.today, q.get('end_date') ?? world.today) }
        : { status: 404, body: { code: 404, message: 'person not found' } };
    }
    default:
      return { status: 404, body: { code: 404, message: `no such endpoint ${path}` } };
  }
}
