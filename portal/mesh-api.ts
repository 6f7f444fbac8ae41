/**
 * The MESH family web API as JSON, in the shapes recorded in shared/reference/diary-systems.md §1.3.
 * Where the reference is silent (subjects list, academic years, final marks) the shape is ours and
 * says so in docs/portal.md.
 */
import { addDays, weekday, type World, type WorldChild, type WorldMark } from './world';

const HUNDRED: Record<string, number> = { '2': 25, '3': 50, '4': 75, '5': 100 };

function gradeOf(m: WorldMark, child: WorldChild) {
  const subject = child.subjects.find((s) => s.id === m.subjectId)!;
  const n = Number(m.value);
  if (!Number.isFinite(n)) return null;
  if (subject.scale === 'ten') {
    return { name: 'Десятибалльная', nmax: 10.0, grade_system_id: 2, grade_system_type: 'ten', grade: { origin: m.value, five: n / 2, ten: n, hundred: n * 10 } };
  }
  return { name: 'Пятибалльная', nmax: 5.0, grade_system_id: 1, grade_system_type: 'five', grade: { origin: m.value, five: n, ten: n * 2, hundred: HUNDRED[m.value] ?? n * 20 } };
}

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
    profile: { id: p.profileId, type: 'parent', user_id: p.userId, last_name: p.lastName, first_name: p.firstName, middle_name: p.middleName, birth_date: '12.05.1984', sex: 'female', phone: '79990000000', email: 'parent@example.org', snils: '000-000-000 00' },
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
      groups: c.subjects.slice(0, 3).map((s, i) => ({ id: 70000 + i + c.classLevel * 10, name: `${s.name} ${c.className}`, subject_id: s.id, is_fake: false })),
      representatives: [],
      sections: [],
      parallel_curriculum_id: 480000 + c.classLevel,
      enrollment_date: '01.09.2019',
    })),
    hash: 'emulated',
  };
}

export const subjectsJson = (child: WorldChild) => ({ payload: child.subjects.map((s) => ({ subject_id: s.id, subject_name: s.name })) });

export const academicYearsJson = (world: World) => [
  { id: world.academicYear.id - 1, name: 'прошлый год', begin_date: addDays(world.yearStart, -365), end_date: addDays(world.yearStart, -1), current_year: false },
  { id: world.academicYear.id, name: world.academicYear.name, begin_date: world.yearStart, end_date: addDays(world.yearEnd, 92), current_year: true },
];

export const periodsSchedulesJson = (child: WorldChild) => [
  { periods: child.periods.map((p) => ({ name: p.name, begin_date: p.begin, end_date: p.end })) },
];

export function marksJson(world: World, child: WorldChild, from: string, to: string) {
  return {
    payload: child.marks
      .filter((m) => m.date >= from && m.date <= to && m.date >= world.yearStart && m.date <= world.yearEnd)
      .map((m) => markJson(m, child, true)),
  };
}

/**
 * MESH's own figures. The emulated server leaves «точки» out of its averages, one documented way
 * in which the site's figure and an honest Σvw/Σw can differ.
 */
function meshAverage(marks: readonly WorldMark[], child: WorldChild): { avg: string | null; count: number; s: number; w: number } {
  let s = 0;
  let w = 0;
  let count = 0;
  for (const m of marks) {
    const g = gradeOf(m, child);
    if (!g || m.isPoint) continue;
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

function targetOf(a: ReturnType<typeof meshAverage>) {
  if (a.avg === null) return null;
  const mark = roundMark(a.avg)!;
  if (mark >= 5) return null;
  const goal = mark + 1;
  const t = goal - 0.5;
  const remain = Math.max(1, Math.ceil((t * a.w - a.s) / (5 - t) - 1e-9));
  return { value: goal, remain, round: `${t.toFixed(2)}`, paths: [{ value: 5, remain, weight: 1 }, { value: 5, remain: Math.ceil(remain / 2), weight: 2 }] };
}

export function subjectMarksJson(world: World, child: WorldChild) {
  return {
    payload: child.subjects.map((s) => {
      const all = child.marks.filter((m) => m.subjectId === s.id && m.date <= world.today);
      const year = meshAverage(all, child);
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
          const a = meshAverage(marks, child);
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
            target: targetOf(a),
            marks: marks.map((m) => markJson(m, child, false)),
          };
        }),
      };
    }),
  };
}

export function scheduleShortJson(child: WorldChild, dates: readonly string[]) {
  return {
    payload: dates.map((date) => ({
      date,
      lessons: child.lessons
        .filter((l) => l.date === date)
        .map((l) => {
          const s = child.subjects.find((x) => x.id === l.subjectId)!;
          return {
            lesson_id: l.id, schedule_item_id: l.id, begin_time: l.begin, end_time: l.end,
            subject_id: s.id, subject_name: s.name, group_id: 70002, group_name: `${s.name} ${child.className}`,
            lesson_type: 'NORMAL', lesson_education_type: 'OO', is_virtual: false,
            absence_reason_id: l.missed ? l.absenceReasonId : null, bell_id: l.number,
          };
        }),
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
          homework_id: h.id, homework_entry_id: h.id + 1, homework_entry_student_id: h.id + 2,
          subject_id: s.id, subject_name: s.name, group_id: 70002,
          date: h.dueOn, date_assigned_on: h.assignedOn, date_prepared_for: h.dueOn,
          lesson_date_time: `${h.dueOn} 09:25`, description: h.text, homework: h.text,
          is_done: false, has_teacher_answer: false, materials: [], attachments: [], comments: [],
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
        id: l.id, source: 'PLAN',
        start_at: `${l.date}T${l.begin}:00+03:00`, finish_at: `${l.date}T${l.end}:00+03:00`,
        subject_id: s.id, subject_name: s.name, room_number: l.room, cancelled: false, replaced: false,
        is_missed_lesson: l.missed, absence_reason_id: l.absenceReasonId,
        homework: { total_count: hw.length, execute_count: 0, descriptions: hw.map((h) => h.text) },
        marks: child.marks.filter((m) => m.subjectId === l.subjectId && m.date === l.date).map((m) => {
          const g = gradeOf(m, child);
          return { id: m.id, value: m.value, weight: m.weight, is_exam: m.isExam, is_point: m.isPoint, control_form_name: m.controlForm, values: g ? [{ grade_system_type: g.grade_system_type, grade: { origin: g.grade.origin, five: g.grade.five, hundred: g.grade.hundred } }] : [] };
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

/** The dates of the school week (Mon–Sat) containing `day`. */
export function weekOf(day: string): string[] {
  const monday = addDays(day, 1 - weekday(day));
  return Array.from({ length: 6 }, (_, i) => addDays(monday, i));
}
