import { normalizeMarkValue, parseMarks as validateMarks } from '../../model/validate';
import type {
  AttendanceEntry,
  FinalMark,
  HomeworkEntry,
  Mark,
  MarkValue,
  Period,
  PeriodKind,
  ScheduleEntry,
  Scale,
  Student,
  Subject,
} from '../../model/types';
import type { SourceResult } from '../types';
import { MESH_ENDPOINTS } from './endpoints';
import { childPath, decimalOf, isObject, own, Reader, type JsonObject } from './reader';

/**
 * Pure parsers, one per MESH endpoint: `(json: unknown) => SourceResult<…>`. They never throw.
 * What they cannot read is reported as a `SchemaIssue` (endpoint + JSON path) and left out, so a
 * renamed field costs the items that need it and nothing more.
 */

export type MeshRole = 'parent' | 'student';

export interface MeshStudent {
  student: Student;
  /** `contingent_guid`: the person id the event calendar wants (the JWT's `msh`). */
  personGuid?: string;
}

export interface MeshProfile {
  profileId?: string;
  role: MeshRole;
  /** The children of a parent, or the student themself. */
  students: MeshStudent[];
}

export interface AcademicYear {
  id: string;
  name?: string;
  start: string;
  end: string;
  current?: boolean;
}

/** Items read from one endpoint, with the subjects (id → name) they mention. */
export interface WithSubjects<T> {
  items: T[];
  subjects: Subject[];
}

/** One period of one subject as `subject_marks` reports it. */
export interface MeshPeriodFigures {
  title?: string;
  start?: string;
  end?: string;
  /** The server's own average for the period (`value`). */
  average?: number;
  /** The teacher's period mark (`fixed_value`). */
  periodMark?: MarkValue;
  count?: number;
  target?: { mark: number; remaining: number };
  /** Ids of the marks the server filed under this period. */
  markIds: string[];
  /** Where the period sits in the response, for reporting. */
  path: string;
}

export interface MeshSubjectFigures {
  subject: string;
  name?: string;
  average?: number;
  averageByAll?: number;
  yearMark?: MarkValue;
  periods: MeshPeriodFigures[];
}

const E = MESH_ENDPOINTS;

/**
 * The response's list: MESH wraps most in `payload`; a bare array is accepted too. Null (reported)
 * when there is no list, which the caller tells apart from an empty one.
 */
function listOf(r: Reader, json: unknown, key = 'payload'): { items: unknown[]; path: string } | null {
  if (Array.isArray(json)) return { items: json, path: '' };
  const root = r.object(json, '');
  const items = root ? r.list(own(root, key), key) : null;
  return items ? { items, path: key } : null;
}

/** Non-empty text or nothing: MESH sends "" and null for "none". */
function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s.trim() : undefined;
}

/** A mark or figure value as MESH writes it: "5", "4.40", "См", 5; undefined for null/"". */
function markValueAt(r: Reader, obj: JsonObject, key: string, base: string): MarkValue | undefined {
  const x = own(obj, key);
  if (x === undefined || x === null || x === '') return undefined;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && x.trim() !== '') return normalizeMarkValue(x);
  r.report(childPath(base, key), 'expected a mark');
  return undefined;
}

/** The first name given wins; a subject first seen without one may be named by a later mention. */
function addSubject(into: Map<string, string | undefined>, id: string, name: string | undefined): void {
  if (into.get(id) === undefined) into.set(id, nonEmpty(name));
}

function subjectsOf(names: Map<string, string | undefined>): Subject[] {
  return [...names].map(([id, name]) => ({ id, name: name ?? '' })).filter((s) => s.name !== '');
}

// ───────────────────────────── profile ─────────────────────────────

function studentOf(r: Reader, person: JsonObject, path: string): MeshStudent | null {
  const id = r.id(person, 'id', path, 'required');
  if (id === undefined) return null;
  const first = nonEmpty(r.text(person, 'first_name', path, 'optional'));
  const last = nonEmpty(r.text(person, 'last_name', path, 'optional'));
  if (!first && !last) r.report(childPath(path, 'first_name'), 'missing');
  const student: Student = { id, name: [first, last].filter(Boolean).join(' ') || `Ученик ${id}` };
  const className = nonEmpty(r.text(person, 'class_name', path, 'optional'));
  if (className) student.className = className;
  const school = r.object(own(person, 'school'), childPath(path, 'school'), 'optional');
  if (school) {
    const schoolPath = childPath(path, 'school');
    const name = nonEmpty(r.text(school, 'short_name', schoolPath, 'optional')) ?? nonEmpty(r.text(school, 'name', schoolPath, 'optional'));
    if (name) student.school = name;
  }
  const level = r.decimal(person, 'class_level_id', path, 'optional');
  // Preschool groups and odd levels exist; the model only takes grades 1–11, so others are left out.
  if (level !== undefined && Number.isInteger(level) && level >= 1 && level <= 11) student.grade = level;
  const out: MeshStudent = { student };
  const guid = nonEmpty(r.text(person, 'contingent_guid', path, 'optional'));
  if (guid) out.personGuid = guid;
  return out;
}

/** `GET /api/family/web/v1/profile`: the account's role and the students it sees; null when unreadable. */
export function parseProfile(json: unknown): SourceResult<MeshProfile | null> {
  const r = new Reader(E.profile);
  const root = r.object(json, '');
  if (!root) return r.result(null);
  const profile = r.object(own(root, 'profile'), 'profile');
  const type = profile ? r.text(profile, 'type', 'profile', 'optional') : undefined;
  if (type !== undefined && type !== 'parent' && type !== 'student') r.report('profile.type', 'expected parent or student');
  const role: MeshRole = type === 'student' ? 'student' : 'parent';
  const profileId = profile ? r.id(profile, 'id', 'profile', 'required') : undefined;
  const childrenRaw = own(root, 'children');
  // A student account may come without children: the student is the profile itself.
  const children = r.objects(childrenRaw, 'children', role === 'student' ? 'optional' : 'required');
  const students: MeshStudent[] = [];
  const seen = new Set<string>();
  for (const { item, path } of children) {
    const s = studentOf(r, item, path);
    if (s && !seen.has(s.student.id)) {
      seen.add(s.student.id);
      students.push(s);
    }
  }
  if (!students.length && role === 'student' && profile) {
    const self = studentOf(r, profile, 'profile');
    if (self) students.push(self);
  }
  if (!profile && !Array.isArray(childrenRaw)) return r.result(null);
  const out: MeshProfile = { role, students };
  if (profileId !== undefined) out.profileId = profileId;
  return r.result(out);
}

// ───────────────────────────── subjects ─────────────────────────────

/** The key an item uses for a field: the documented name, else a known alternative that is present. */
function keyOf(obj: JsonObject, preferred: string, alternative: string): string {
  return own(obj, preferred) === undefined && own(obj, alternative) !== undefined ? alternative : preferred;
}

/** `GET /api/family/web/v1/subjects/list` */
export function parseSubjects(json: unknown): SourceResult<Subject[] | null> {
  const r = new Reader(E.subjects);
  const at = listOf(r, json);
  if (!at) return r.result(null);
  const names = new Map<string, string | undefined>();
  for (const { item, path } of r.objects(at.items, at.path)) {
    const id = r.id(item, keyOf(item, 'subject_id', 'id'), path, 'required');
    const name = nonEmpty(r.text(item, keyOf(item, 'subject_name', 'name'), path, 'required'));
    if (id !== undefined && name !== undefined) addSubject(names, id, name);
  }
  return r.result(subjectsOf(names));
}

// ───────────────────────────── academic years and periods ─────────────────────────────

/** `GET /api/ej/core/family/v1/academic_years` */
export function parseAcademicYears(json: unknown): SourceResult<AcademicYear[] | null> {
  const r = new Reader(E.academicYears);
  const at = listOf(r, json);
  if (!at) return r.result(null);
  const years: AcademicYear[] = [];
  for (const { item, path } of r.objects(at.items, at.path)) {
    const id = r.id(item, 'id', path, 'required');
    const start = r.day(item, 'begin_date', path, 'required');
    const end = r.day(item, 'end_date', path, 'required');
    if (id === undefined || start === undefined || end === undefined) continue;
    if (end < start) {
      r.report(childPath(path, 'end_date'), 'expected a date on or after begin_date');
      continue;
    }
    const year: AcademicYear = { id, start, end };
    const name = nonEmpty(r.text(item, 'name', path, 'optional'));
    if (name) year.name = name;
    const current = r.bool(item, 'current_year', path);
    if (current !== undefined) year.current = current;
    years.push(year);
  }
  return r.result(years);
}

/** The year the server flags as current; else the one holding `today`; else the latest begun. */
export function currentAcademicYear(years: readonly AcademicYear[], today: string): AcademicYear | null {
  const flagged = years.find((y) => y.current === true);
  if (flagged) return flagged;
  const holding = years.find((y) => y.start <= today && today <= y.end);
  if (holding) return holding;
  const begun = years.filter((y) => y.start <= today).sort((a, b) => (a.start < b.start ? 1 : -1));
  return begun[0] ?? years[0] ?? null;
}

export function yearPeriodIdOf(year: Pick<AcademicYear, 'id'>): string {
  return `year:${year.id}`;
}

export function yearPeriodOf(year: AcademicYear): Period {
  return {
    id: yearPeriodIdOf(year),
    name: year.name ?? `${year.start.slice(0, 4)}-${year.end.slice(0, 4)}`,
    start: year.start,
    end: year.end,
    kind: 'year',
  };
}

/** Period ids are made from the start date so they stay the same across fetches and endpoints. */
export function periodIdOf(start: string): string {
  return `period:${start}`;
}

export function periodKindOf(name: string): PeriodKind {
  const n = name.toLowerCase();
  if (n.includes('четверт')) return 'quarter';
  if (n.includes('триместр')) return 'trimester';
  if (n.includes('полугоди')) return 'half-year';
  if (n.includes('модул')) return 'module';
  return 'other';
}

/** A new period's id: by its start, and by start and end when another period already starts that day. */
export function uniquePeriodId(taken: ReadonlySet<string>, start: string, end: string): string {
  const plain = periodIdOf(start);
  return taken.has(plain) ? `${plain}:${end}` : plain;
}

/** One attestation schedule of `periods_schedules`: a student may have several (quarters for grades 1–9, half-years for 10–11). */
export interface PeriodSchedule {
  id?: string;
  /** e.g. «ГАП 1-9», «ПУ 2025-2026». */
  name?: string;
  /** Its terms, holidays left out, in date order, `parent` = the year. */
  periods: Period[];
}

const HOLIDAY = /каникул/i;

/**
 * `GET /api/ej/core/family/v1/periods_schedules`: each schedule with its terms, never merged (two
 * schedules overlap by design: quarters and half-years cover the same year), holidays left out
 * (`is_vacation`, or «каникулы» in the name: a holiday is never a term). Dates as ISO or `dd.MM.yyyy`
 * (a recorded regional answer). Which schedule is the student's is decided with the other
 * endpoints' evidence (`chooseSchedule`).
 */
export function parsePeriodsSchedules(json: unknown, yearId?: string): SourceResult<PeriodSchedule[] | null> {
  const r = new Reader(E.periodsSchedules);
  const at = listOf(r, json);
  if (!at) return r.result(null);
  const schedules: PeriodSchedule[] = [];
  for (const { item, path } of r.objects(at.items, at.path)) {
    const periods: Period[] = [];
    // Ids are unique within a schedule: only one schedule's terms end up in the diary.
    const ids = new Set<string>();
    for (const p of r.objects(own(item, 'periods'), childPath(path, 'periods'))) {
      if (r.bool(p.item, 'is_vacation', p.path) === true) continue;
      const name = nonEmpty(r.text(p.item, 'name', p.path, 'required'));
      if (name && HOLIDAY.test(name)) continue;
      const start = r.day(p.item, 'begin_date', p.path, 'required');
      const end = r.day(p.item, 'end_date', p.path, 'required');
      if (start === undefined || end === undefined) continue;
      if (end < start) {
        r.report(childPath(p.path, 'end_date'), 'expected a date on or after begin_date');
        continue;
      }
      const clash = periods.find((q) => q.start <= end && start <= q.end);
      if (clash) {
        r.report(p.path, `overlaps «${clash.name}» of the same schedule; left out`);
        continue;
      }
      const id = uniquePeriodId(ids, start, end);
      ids.add(id);
      const period: Period = { id, name: name ?? `${start} – ${end}`, start, end, kind: name ? periodKindOf(name) : 'other' };
      if (yearId !== undefined) period.parent = yearId;
      periods.push(period);
    }
    periods.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const schedule: PeriodSchedule = { periods };
    const sid = r.id(item, 'id', path, 'optional');
    if (sid !== undefined) schedule.id = sid;
    const sname = nonEmpty(r.text(item, 'name', path, 'optional'));
    if (sname) schedule.name = sname;
    if (periods.length) schedules.push(schedule);
  }
  return r.result(schedules);
}

/** The grade range a schedule's name states («ГАП 1-9», «10–11 классы»), if any. */
function gradesOf(name: string | undefined): [number, number] | null {
  const m = name ? /(\d{1,2})\s*[-–]\s*(\d{1,2})(?!\d)/.exec(name) : null;
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo >= 1 && hi <= 11 && lo <= hi ? [lo, hi] : null;
}

/**
 * The student's schedule among several: the one whose terms `subject_marks` uses (same dates or
 * titles), else the one whose name covers the student's grade, else the only one whose kind fits
 * the grade (half-years from grade 10), else the first, saying so.
 */
export function chooseSchedule(
  schedules: readonly PeriodSchedule[],
  evidence: { grade?: number; terms?: ReadonlyArray<{ title?: string; start?: string; end?: string }> },
): { schedule: PeriodSchedule | null; issue?: string } {
  if (schedules.length <= 1) return { schedule: schedules[0] ?? null };
  const terms = evidence.terms ?? [];
  const fit = (s: PeriodSchedule) =>
    terms.filter((t) =>
      s.periods.some(
        (p) => (t.start && t.end && p.start === t.start && p.end === t.end) || (t.title && p.name.toLowerCase() === t.title.toLowerCase()),
      ),
    ).length;
  const best = Math.max(...schedules.map(fit));
  const byTerms = schedules.filter((s) => fit(s) === best);
  if (best > 0 && byTerms.length === 1) return { schedule: byTerms[0]! };
  const pool = best > 0 ? byTerms : schedules;
  const grade = evidence.grade;
  if (grade !== undefined) {
    const named = pool.filter((s) => {
      const g = gradesOf(s.name);
      return g !== null && g[0] <= grade && grade <= g[1];
    });
    if (named.length === 1) return { schedule: named[0]! };
    const kind = grade >= 10 ? 'half-year' : 'quarter';
    const kinded = pool.filter((s) => s.periods.every((p) => p.kind === kind));
    if (kinded.length === 1) return { schedule: kinded[0]! };
  }
  return {
    schedule: pool[0]!,
    issue: `${schedules.length} schedules and nothing to tell the student's; used «${pool[0]!.name ?? pool[0]!.id ?? 'the first'}»`,
  };
}

// ───────────────────────────── marks ─────────────────────────────

/** The model's field names back to MESH's, so a model check on a mark is reported at the raw path. */
const RAW_MARK_KEY: Record<string, string> = {
  id: 'id',
  value: 'value',
  weight: 'weight',
  date: 'date',
  subject: 'subject_id',
  scale: 'original_grade_system_type',
  kind: 'control_form_name',
  comment: 'comment',
  isExam: 'is_exam',
  isPoint: 'is_point',
  pointDate: 'point_date',
  original: 'value',
};

/** `values[].grade.five` — MESH's own conversion of a 10- or 100-point mark to the five scale. */
function fiveOf(r: Reader, mark: JsonObject, path: string): number | undefined {
  const values = r.objects(own(mark, 'values'), childPath(path, 'values'), 'optional');
  for (const { item, path: vPath } of values) {
    const grade = r.object(own(item, 'grade'), childPath(vPath, 'grade'), 'optional');
    const five = grade ? decimalOf(own(grade, 'five')) : null;
    if (five !== null) return five;
  }
  r.report(childPath(path, 'values[0].grade.five'), 'missing');
  return undefined;
}

const CONVERTED: ReadonlySet<string> = new Set(['ten', 'hundred']);

/** The mark's value and scale: five-point as written, 10/100-point through MESH's own conversion. */
function valueOf(r: Reader, mark: JsonObject, path: string): Pick<Mark, 'value' | 'scale' | 'original'> | null {
  const raw = own(mark, 'value');
  if (raw === undefined || raw === null || raw === '') {
    r.report(childPath(path, 'value'), 'missing');
    return null;
  }
  const value = markValueAt(r, mark, 'value', path);
  if (value === undefined) return null;
  const system = r.text(mark, 'original_grade_system_type', path, 'optional');
  // A text mark ("См", "НВ") is never averaged, so its scale matters only for display.
  if (typeof value === 'string' || system === undefined || system === 'five') return { value, scale: 'five' };
  const five = fiveOf(r, mark, path);
  if (five !== undefined) return { value: five, scale: 'five', original: { value, scale: system } };
  // Without a conversion the mark stays on its own scale, averaged apart from five-point ones.
  if (CONVERTED.has(system)) return { value, scale: system as Scale };
  return null;
}

/** One mark of the marks (or subject_marks) list; null when a required field is missing. */
function markOf(r: Reader, item: JsonObject, path: string): { mark: Mark; subjectName?: string } | null {
  const id = r.id(item, 'id', path, 'required');
  const date = r.day(item, 'date', path, 'required');
  const subject = r.id(item, 'subject_id', path, 'required');
  const weight = r.decimal(item, 'weight', path, 'required');
  const value = valueOf(r, item, path);
  if (weight !== undefined && !(weight > 0)) r.report(childPath(path, 'weight'), 'expected a positive number');
  if (date === undefined || subject === undefined || weight === undefined || !(weight > 0) || !value) return null;
  const mark: Mark = { value: value.value, weight, date, subject, scale: value.scale };
  if (id !== undefined) mark.id = id;
  if (value.original) mark.original = value.original;
  const kind = nonEmpty(r.text(item, 'control_form_name', path, 'optional'));
  if (kind) mark.kind = kind;
  const comment = nonEmpty(r.text(item, 'comment', path, 'optional'));
  if (comment) mark.comment = comment;
  const isExam = r.bool(item, 'is_exam', path);
  if (isExam !== undefined) mark.isExam = isExam;
  const isPoint = r.bool(item, 'is_point', path);
  if (isPoint !== undefined) mark.isPoint = isPoint;
  const pointDate = r.day(item, 'point_date', path, 'optional');
  if (pointDate) mark.pointDate = pointDate;
  // The model's own check (scale ranges and all) is the final word; its findings get MESH's paths.
  const checked = validateMarks([mark]);
  if (!checked.ok) {
    for (const issue of checked.error.issues) {
      const field = String(issue.keys[1] ?? '');
      r.report(childPath(path, RAW_MARK_KEY[field] ?? field), issue.message);
    }
    return null;
  }
  const subjectName = nonEmpty(r.text(item, 'subject_name', path, 'optional'));
  return subjectName ? { mark, subjectName } : { mark };
}

/**
 * `GET /api/family/web/v1/marks`: the primary mark list. A mark missing its date, subject, value
 * or weight is left out and reported; null when there is no mark list at all.
 */
export function parseMarksByDate(json: unknown): SourceResult<WithSubjects<Mark> | null> {
  const r = new Reader(E.marks);
  const at = listOf(r, json);
  if (!at) return r.result(null);
  const marks: Mark[] = [];
  const names = new Map<string, string | undefined>();
  for (const { item, path } of r.objects(at.items, at.path)) {
    const m = markOf(r, item, path);
    if (!m) continue;
    marks.push(m.mark);
    addSubject(names, m.mark.subject, m.subjectName);
  }
  return r.result({ items: marks, subjects: subjectsOf(names) });
}

// ───────────────────────────── subject_marks ─────────────────────────────

/** A server average; MESH writes "0.00" for a period without marks, which is no average at all. */
function averageAt(r: Reader, obj: JsonObject, key: string, base: string): number | undefined {
  const n = r.decimal(obj, key, base, 'optional');
  return n !== undefined && n > 0 ? n : undefined;
}

/** MESH's «how many marks to the next grade»; absent for null and for the string form some servers send. */
function targetOf(r: Reader, period: JsonObject, path: string): { mark: number; remaining: number } | undefined {
  const raw = own(period, 'target');
  if (!isObject(raw)) {
    if (raw !== undefined && raw !== null && typeof raw !== 'string') r.report(childPath(path, 'target'), 'expected an object');
    return undefined;
  }
  const tPath = childPath(path, 'target');
  const mark = r.decimal(raw, 'value', tPath, 'required');
  const remaining = r.decimal(raw, 'remain', tPath, 'required');
  return mark !== undefined && remaining !== undefined ? { mark, remaining } : undefined;
}

function periodFiguresOf(r: Reader, period: JsonObject, path: string): MeshPeriodFigures {
  const out: MeshPeriodFigures = { markIds: [], path };
  const title = nonEmpty(r.text(period, 'title', path, 'optional'));
  if (title) out.title = title;
  const start = r.day(period, 'start_iso', path, 'required');
  if (start) out.start = start;
  const end = r.day(period, 'end_iso', path, 'optional');
  if (end) out.end = end;
  const average = averageAt(r, period, 'value', path);
  if (average !== undefined) out.average = average;
  const periodMark = markValueAt(r, period, 'fixed_value', path);
  if (periodMark !== undefined) out.periodMark = periodMark;
  const count = r.decimal(period, 'count', path, 'optional');
  if (count !== undefined) out.count = count;
  const target = targetOf(r, period, path);
  if (target) out.target = target;
  for (const m of r.objects(own(period, 'marks'), childPath(path, 'marks'), 'optional')) {
    const id = r.id(m.item, 'id', m.path, 'optional');
    if (id !== undefined) out.markIds.push(id);
  }
  return out;
}

/** `GET /api/family/web/v1/subject_marks`: the server's own figures per subject and period. */
export function parseSubjectMarks(json: unknown): SourceResult<MeshSubjectFigures[] | null> {
  const r = new Reader(E.subjectMarks);
  const at = listOf(r, json);
  if (!at) return r.result(null);
  const out: MeshSubjectFigures[] = [];
  for (const { item, path } of r.objects(at.items, at.path)) {
    const subject = r.id(item, 'subject_id', path, 'required');
    if (subject === undefined) continue;
    const figures: MeshSubjectFigures = { subject, periods: [] };
    const name = nonEmpty(r.text(item, 'subject_name', path, 'optional'));
    if (name) figures.name = name;
    const average = averageAt(r, item, 'average', path);
    if (average !== undefined) figures.average = average;
    const averageByAll = averageAt(r, item, 'average_by_all', path);
    if (averageByAll !== undefined) figures.averageByAll = averageByAll;
    const yearMark = markValueAt(r, item, 'year_mark', path);
    if (yearMark !== undefined) figures.yearMark = yearMark;
    for (const p of r.objects(own(item, 'periods'), childPath(path, 'periods'), 'optional')) {
      figures.periods.push(periodFiguresOf(r, p.item, p.path));
    }
    out.push(figures);
  }
  return r.result(out);
}

/**
 * `GET /api/family/web/v1/final_marks`: year marks of finished school years (the certificate
 * average's input). Entries without a year, a subject name or a mark are reported and left out.
 */
export function parseFinalMarks(json: unknown): SourceResult<FinalMark[] | null> {
  const r = new Reader(E.finalMarks);
  const at = listOf(r, json);
  if (!at) return r.result(null);
  const out: FinalMark[] = [];
  for (const { item, path } of r.objects(at.items, at.path)) {
    const year = nonEmpty(r.text(item, 'academic_year', path, 'required'));
    const subject = nonEmpty(r.text(item, 'subject_name', path, 'required'));
    const value = markValueAt(r, item, 'final_mark', path);
    if (year === undefined || subject === undefined || value === undefined) continue;
    const final: FinalMark = { year, subject, value };
    const subjectId = r.id(item, 'subject_id', path, 'optional');
    if (subjectId !== undefined) final.subjectId = subjectId;
    out.push(final);
  }
  return r.result(out);
}

/** One subject of `final_marks/v2`: a school year's term marks, year mark and attestation. */
export interface MeshYearMarks {
  subjectId?: string;
  subject: string;
  terms: Array<{ name?: string; start?: string; end?: string; value: MarkValue }>;
  yearMark?: MarkValue;
  /** Промежуточная аттестация. */
  attestation?: MarkValue;
  /** Учебные сборы (a military-training mark in grade 10). */
  trainingCamp?: MarkValue;
  path: string;
}

/**
 * `GET /api/family/web/v1/final_marks/v2?person_id=&academic_year_id=`, what the site itself calls:
 * `{subjects: [{id, name, periods: [{start_date, end_date, final_mark, name}], year_mark,
 * intermediate_attestation_mark, training_camp_mark}]}` for one school year. Date formats are not
 * recorded: ISO and `dd.MM.yyyy` are both read.
 */
export function parseFinalMarksV2(json: unknown): SourceResult<MeshYearMarks[] | null> {
  const r = new Reader(E.finalMarksV2);
  const at = listOf(r, json, 'subjects');
  if (!at) return r.result(null);
  const out: MeshYearMarks[] = [];
  for (const { item, path } of r.objects(at.items, at.path)) {
    const subject = nonEmpty(r.text(item, 'name', path, 'required'));
    if (subject === undefined) continue;
    const entry: MeshYearMarks = { subject, terms: [], path };
    const id = r.id(item, 'id', path, 'optional');
    if (id !== undefined) entry.subjectId = id;
    for (const p of r.objects(own(item, 'periods'), childPath(path, 'periods'), 'optional')) {
      const value = markValueAt(r, p.item, 'final_mark', p.path);
      if (value === undefined) continue;
      const term: MeshYearMarks['terms'][number] = { value };
      const name = nonEmpty(r.text(p.item, 'name', p.path, 'optional'));
      if (name) term.name = name;
      const start = r.day(p.item, 'start_date', p.path, 'optional');
      if (start) term.start = start;
      const end = r.day(p.item, 'end_date', p.path, 'optional');
      if (end) term.end = end;
      entry.terms.push(term);
    }
    const yearMark = markValueAt(r, item, 'year_mark', path);
    if (yearMark !== undefined) entry.yearMark = yearMark;
    const attestation = markValueAt(r, item, 'intermediate_attestation_mark', path);
    if (attestation !== undefined) entry.attestation = attestation;
    const camp = markValueAt(r, item, 'training_camp_mark', path);
    if (camp !== undefined) entry.trainingCamp = camp;
    out.push(entry);
  }
  return r.result(out);
}

// ───────────────────────────── schedule, homework, attendance ─────────────────────────────

/** `GET /api/family/web/v1/schedule/short` */
export function parseScheduleShort(json: unknown): SourceResult<WithSubjects<ScheduleEntry> | null> {
  const r = new Reader(E.scheduleShort);
  const at = listOf(r, json);
  const entries: ScheduleEntry[] = [];
  const names = new Map<string, string | undefined>();
  if (!at) return r.result(null);
  for (const { item: day, path: dayPath } of r.objects(at.items, at.path)) {
    const date = r.day(day, 'date', dayPath, 'required');
    if (date === undefined) continue;
    for (const { item, path } of r.objects(own(day, 'lessons'), childPath(dayPath, 'lessons'))) {
      // Extracurricular lessons come with `subject_id` null, or 0 for several different courses: each keeps its own name.
      const rawId = own(item, 'subject_id');
      const extracurricular = rawId === null || rawId === undefined || rawId === 0 || rawId === '0';
      const subject = extracurricular ? undefined : r.id(item, 'subject_id', path, 'required');
      const title =
        nonEmpty(r.text(item, 'subject_name', path, 'optional')) ??
        nonEmpty(r.text(item, 'lesson_name', path, 'optional')) ??
        nonEmpty(r.text(item, 'group_name', path, 'optional'));
      if (subject === undefined && !(extracurricular && title)) {
        if (extracurricular) r.report(childPath(path, 'subject_name'), 'missing');
        continue;
      }
      const entry: ScheduleEntry = subject !== undefined ? { date, subject } : { date, title: title! };
      const start = r.time(item, 'begin_time', path, 'optional');
      if (start) entry.start = start;
      const end = r.time(item, 'end_time', path, 'optional');
      if (end) entry.end = end;
      const room = nonEmpty(r.text(item, 'room_number', path, 'optional'));
      if (room) entry.room = room;
      entries.push(entry);
      if (subject !== undefined) addSubject(names, subject, r.text(item, 'subject_name', path, 'optional'));
    }
  }
  return r.result({ items: entries, subjects: subjectsOf(names) });
}

/** The task's text: `description`, or `homework` when that is the one filled in. */
function homeworkTextOf(r: Reader, item: JsonObject, path: string): string | undefined {
  const present = ['description', 'homework'].filter((k) => own(item, k) !== undefined && own(item, k) !== null);
  if (!present.length) {
    r.report(childPath(path, 'description'), 'missing');
    return undefined;
  }
  const texts = present.map((k) => r.text(item, k, path, 'optional'));
  if (texts.every((t) => t === undefined)) return undefined;
  return texts.map(nonEmpty).find((t) => t !== undefined) ?? '';
}

/** `GET /api/family/web/v1/homeworks` */
export function parseHomeworks(json: unknown): SourceResult<WithSubjects<HomeworkEntry> | null> {
  const r = new Reader(E.homeworks);
  const at = listOf(r, json);
  const entries: HomeworkEntry[] = [];
  const names = new Map<string, string | undefined>();
  if (!at) return r.result(null);
  for (const { item, path } of r.objects(at.items, at.path)) {
    const subject = r.id(item, 'subject_id', path, 'required');
    const date = r.day(item, keyOf(item, 'date_prepared_for', 'date'), path, 'required');
    const text = homeworkTextOf(r, item, path);
    if (subject === undefined || date === undefined || text === undefined) continue;
    const entry: HomeworkEntry = { date, subject, text };
    const assigned = r.day(item, 'date_assigned_on', path, 'optional');
    if (assigned) entry.assigned = assigned;
    const done = r.bool(item, 'is_done', path);
    if (done !== undefined) entry.done = done;
    entries.push(entry);
    addSubject(names, subject, r.text(item, 'subject_name', path, 'optional'));
  }
  return r.result({ items: entries, subjects: subjectsOf(names) });
}

/**
 * `GET /api/eventcalendar/v1/api/events`: missed lessons. A lesson is missed when the calendar says
 * so (`is_missed_lesson`) or carries an absence reason (`absence_reason_id`: every public reader
 * takes any value as an absence). Whether an absence was excused is not in what Tabel reads (the
 * reason ids, `nonattendance_reason_id` and `health_status` name nothing without MESH's list of
 * reasons), so every one is `absent`: nothing here claims more than the data says.
 */
export function parseEvents(json: unknown): SourceResult<WithSubjects<AttendanceEntry> | null> {
  const r = new Reader(E.events);
  const at = listOf(r, json, 'response');
  const entries: AttendanceEntry[] = [];
  const names = new Map<string, string | undefined>();
  if (!at) return r.result(null);
  for (const { item, path } of r.objects(at.items, at.path)) {
    const reason = own(item, 'absence_reason_id');
    if (r.bool(item, 'is_missed_lesson', path) !== true && (reason === undefined || reason === null)) continue;
    // start_at is a local date-time ("…T08:30:00+03:00"); its date part is the school day.
    const date = r.day(item, 'start_at', path, 'required');
    if (date === undefined) continue;
    const entry: AttendanceEntry = { date, kind: 'absent' };
    const subject = r.id(item, 'subject_id', path, 'optional');
    if (subject !== undefined) {
      entry.subject = subject;
      addSubject(names, subject, r.text(item, 'subject_name', path, 'optional'));
    }
    entries.push(entry);
  }
  return r.result({ items: entries, subjects: subjectsOf(names) });
}
