import type { Period, Student } from '../../model/types';
import type { SchemaIssue, SourceResult } from '../types';

/**
 * «Сетевой город» (NetSchool, ИрТех): its `/webapi/` answers read into plain facts, every missing or
 * odd field an issue by endpoint and path, never a throw. Shapes from the recorded answers in
 * shared/reference/real-samples/sgo (the week diary, context, years) and, where nothing is recorded
 * (diary/init, assigns/{id}, the terms' report filters), from the public clients' models — said at
 * each reader.
 */

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
/** `2023-04-10T00:00:00` (the site's local day, no zone) → `2023-04-10`. */
const dayOf = (x: unknown): string | null => (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}/.test(x) ? x.slice(0, 10) : null);
const idOf = (x: unknown): string | null =>
  (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && x.trim()) ? String(x).trim() : null;

function issues(endpoint: string) {
  const out: SchemaIssue[] = [];
  return { out, add: (path: string, message: string) => out.push({ endpoint, path, message }) };
}

export const INIT = '/webapi/student/diary/init';
export const WEEK = '/webapi/student/diary';
export const ASSIGN = '/webapi/student/diary/assigns/{id}';
export const TYPES = '/webapi/grade/assignment/types';
export const YEAR = '/webapi/years/current';
export const TERM_FILTERS = '/webapi/reports/studentGrades';
export const TERM_RANGE = '/webapi/v2/reports/studentgrades/initfilters';

export interface DiaryInit {
  students: Student[];
  /** The child the page shows (`currentStudentId`: an index into `students` in every client that reads it; an id in the spec's example). */
  current: string | null;
  /** Whether the school weights its marks (`weight: boolean`); null when the answer does not say. */
  weighted: boolean | null;
  /** The top of the school's scale (5, or 10 where a school marks out of ten). */
  maxMark: number | null;
  /** The week the page shows (the server remembers it, and our reads of other weeks move it). */
  weekStart: string | null;
}

/** `student/diary/init` (model: the 5.10 spec, che-zadali-app; no recorded answer). */
export function readInit(json: unknown): SourceResult<DiaryInit> {
  const { out, add } = issues(INIT);
  const value: DiaryInit = { students: [], current: null, weighted: null, maxMark: null, weekStart: null };
  if (!isObject(json)) {
    add('', 'expected an object');
    return { value, issues: out };
  }
  const list = Array.isArray(json.students) ? json.students : [];
  if (!Array.isArray(json.students)) add('students', 'expected a list');
  list.forEach((s, i) => {
    const id = isObject(s) ? idOf(s.studentId) : null;
    const name = isObject(s) && typeof s.nickName === 'string' ? s.nickName.trim() : '';
    if (!id || !name) return add(`students[${i}]`, 'expected {studentId, nickName}');
    const st: Student = { id, name };
    if (isObject(s) && typeof s.className === 'string' && s.className.trim()) st.className = s.className.trim();
    const grade = isObject(s) && typeof s.className === 'string' ? Number(/^\s*(\d{1,2})/.exec(s.className)?.[1]) : NaN;
    if (grade >= 1 && grade <= 11) st.grade = grade;
    value.students.push(st);
  });
  // An index in every client that reads it (netschoolapi, netschoolpy); an id where it matches one.
  const cur = json.currentStudentId;
  if (typeof cur === 'number' && Number.isInteger(cur)) {
    value.current = value.students.find((s) => s.id === String(cur))?.id ?? value.students[cur]?.id ?? null;
  }
  if (typeof json.weight === 'boolean') value.weighted = json.weight;
  else add('weight', 'expected a boolean (whether the school weights its marks)');
  if (typeof json.maxMark === 'number' && json.maxMark > 0) value.maxMark = json.maxMark;
  value.weekStart = dayOf(json.weekStart);
  return { value, issues: out };
}

/** One marked (or «точка») assignment of the week diary. */
export interface WeekMark {
  assignment: string;
  subject: string;
  date: string;
  typeId: number | null;
  name: string;
  /** The mark, or null for a duty mark without one (a «точка»: overdue required work). */
  value: number | null;
  duty: boolean;
  /** The week diary's own `weight`: 0 on every assignment in the recorded answer, so never used as the weight itself. */
  weekWeight: number | null;
  comment?: string;
}

/** `student/diary` for one week (recorded: Chelyabinsk 2023). Lessons without a mark are left out; a «точка» is kept. */
/** An assignment with its text, marked or not: the homework among them is told by its type (source.ts). */
export interface WeekTask {
  subject: string;
  /** Its due date (the lesson's day where it has none). */
  date: string;
  typeId: number | null;
  text: string;
}

export function readWeek(
  json: unknown,
): SourceResult<{ marks: WeekMark[]; tasks: WeekTask[]; termName: string | null; className: string | null }> {
  const { out, add } = issues(WEEK);
  const marks: WeekMark[] = [];
  const tasks: WeekTask[] = [];
  if (!isObject(json)) {
    add('', 'expected an object');
    return { value: { marks, tasks, termName: null, className: null }, issues: out };
  }
  if (!Array.isArray(json.weekDays)) add('weekDays', 'expected a list');
  (Array.isArray(json.weekDays) ? json.weekDays : []).forEach((d, i) => {
    const lessons = isObject(d) && Array.isArray(d.lessons) ? d.lessons : null;
    if (!lessons) return add(`weekDays[${i}].lessons`, 'expected a list');
    lessons.forEach((l, j) => {
      const at = `weekDays[${i}].lessons[${j}]`;
      if (!isObject(l)) return add(at, 'expected a lesson');
      const subject = typeof l.subjectName === 'string' ? l.subjectName.trim() : '';
      const lessonDay = dayOf(l.day) ?? (isObject(d) ? dayOf(d.date) : null);
      (Array.isArray(l.assignments) ? l.assignments : []).forEach((a, k) => {
        const p = `${at}.assignments[${k}]`;
        if (!isObject(a)) return;
        const text = typeof a.assignmentName === 'string' ? a.assignmentName.trim() : '';
        const due = dayOf(a.dueDate) ?? lessonDay;
        if (text && subject && due) tasks.push({ subject, date: due, typeId: typeof a.typeId === 'number' ? a.typeId : null, text });
        if (!isObject(a.mark)) return; // an assignment without a mark (homework, mostly)
        const m = a.mark;
        const assignment = idOf(a.id) ?? idOf(m.assignmentId);
        const value = typeof m.mark === 'number' && Number.isFinite(m.mark) ? m.mark : null;
        const duty = m.dutyMark === true;
        if (m.mark !== null && m.mark !== undefined && value === null)
          return add(`${p}.mark.mark`, `expected a number, got ${JSON.stringify(m.mark)}`);
        if (value === null && !duty) return; // an empty mark object: nothing given
        if (!assignment) return add(`${p}.id`, 'expected the assignment id');
        if (!subject) return add(`${at}.subjectName`, 'expected the subject name');
        const date = dayOf(a.dueDate) ?? lessonDay;
        if (!date) return add(`${p}.dueDate`, 'expected a date');
        const wm: WeekMark = {
          assignment,
          subject,
          date,
          typeId: typeof a.typeId === 'number' ? a.typeId : null,
          name: typeof a.assignmentName === 'string' ? a.assignmentName.trim() : '',
          value,
          duty,
          weekWeight: typeof a.weight === 'number' ? a.weight : null,
        };
        const comment = isObject(a.markComment) && typeof a.markComment.name === 'string' ? a.markComment.name.trim() : '';
        if (comment) wm.comment = comment;
        marks.push(wm);
      });
    });
  });
  return {
    value: {
      marks,
      tasks,
      termName: typeof json.termName === 'string' ? json.termName : null,
      className: typeof json.className === 'string' ? json.className : null,
    },
    issues: out,
  };
}

/**
 * An assignment's real weight, from `student/diary/assigns/{id}` (model: the 5.10 spec's
 * `weight: integer`, example 10; the NetSchool Tweaks userscript reads it there; no recorded
 * answer). Null when it is not a positive number.
 */
export function readAssignWeight(json: unknown): SourceResult<number | null> {
  const { out, add } = issues(ASSIGN);
  const w = isObject(json) ? json.weight : undefined;
  if (typeof w === 'number' && Number.isFinite(w) && w > 0) return { value: w, issues: out };
  add('weight', `expected a positive number, got ${JSON.stringify(w)}`);
  return { value: null, issues: out };
}

/** `grade/assignment/types` → type names by id (model, 4 clients agree: `[{id, name, abbr, order}]`). */
export function readTypes(json: unknown): SourceResult<Map<number, string>> {
  const { out, add } = issues(TYPES);
  const types = new Map<number, string>();
  if (!Array.isArray(json)) add('', 'expected a list');
  else
    json.forEach((t, i) => {
      if (isObject(t) && typeof t.id === 'number' && typeof t.name === 'string') types.set(t.id, t.name);
      else add(`[${i}]`, 'expected {id, name}');
    });
  return { value: types, issues: out };
}

/** `years/current` (shape as the recorded `context/years` items: `{id, name, startDate, endDate}`). */
export function readYear(json: unknown): SourceResult<{ id: string; name: string; start: string; end: string } | null> {
  const { out, add } = issues(YEAR);
  const start = isObject(json) ? dayOf(json.startDate) : null;
  const end = isObject(json) ? dayOf(json.endDate) : null;
  const id = isObject(json) ? idOf(json.id) : null;
  if (!id || !start || !end) {
    add('', 'expected {id, startDate, endDate}');
    return { value: null, issues: out };
  }
  const name =
    isObject(json) && typeof json.name === 'string' ? json.name.replace(/^\(\*\)\s*/, '') : `${start.slice(0, 4)}/${end.slice(0, 4)}`;
  return { value: { id, name, start, end }, issues: out };
}

/** The terms offered by `reports/studentGrades` (model: lentryd; `filterSources[]`, `TERMID` with `defaultValue` = the current term). */
export function readTermChoices(json: unknown): SourceResult<{ terms: Array<{ id: string; name: string }>; current: string | null }> {
  const { out, add } = issues(TERM_FILTERS);
  const sources = isObject(json) && Array.isArray(json.filterSources) ? json.filterSources : null;
  const term = sources?.find((s) => isObject(s) && s.filterId === 'TERMID');
  if (!isObject(term) || !Array.isArray(term.items)) {
    add('filterSources', 'expected a TERMID filter with its items');
    return { value: { terms: [], current: null }, issues: out };
  }
  const terms: Array<{ id: string; name: string }> = [];
  term.items.forEach((t, i) => {
    const id = isObject(t) ? idOf(t.value) : null;
    if (id && isObject(t) && typeof t.title === 'string') terms.push({ id, name: t.title.trim() });
    else add(`filterSources.TERMID.items[${i}]`, 'expected {value, title}');
  });
  return { value: { terms, current: idOf(term.defaultValue) }, issues: out };
}

/** A term's dates from `v2/reports/studentgrades/initfilters` (model: lentryd; `period.range {start, end}`). */
export function readTermRange(json: unknown): SourceResult<{ start: string; end: string } | null> {
  const { out, add } = issues(TERM_RANGE);
  const range = isObject(json) && isObject(json.period) && isObject(json.period.range) ? json.period.range : null;
  const start = range ? dayOf(range.start) : null;
  const end = range ? dayOf(range.end) : null;
  if (!start || !end) {
    add('period.range', 'expected {start, end}');
    return { value: null, issues: out };
  }
  return { value: { start, end }, issues: out };
}

/** What a term is called decides its kind: «триместр», «четверть», «полугодие». */
export function termKind(name: string): Period['kind'] {
  const n = name.toLowerCase();
  if (n.includes('триместр')) return 'trimester';
  if (n.includes('четверт')) return 'quarter';
  if (n.includes('полугод')) return 'half-year';
  if (n.includes('модул')) return 'module';
  return 'other';
}
