import type { Diary, Student } from '../../model/types';
import { SourceError, type DiarySourceAdapter, type SchemaIssue, type SourceResult } from '../types';
import { assembleDiary } from './assemble';
import type { MeshQuery, MeshTransport } from './client';
import { todayIn } from '../../dates';
import { addDays, MESH_TIME_ZONE, schoolWeekOf, schoolYearAround } from './dates';
import { EVENTS_EXPAND, MESH_ENDPOINTS as E } from './endpoints';
import { isoDayOf } from './reader';
import {
  currentAcademicYear,
  parseAcademicYears,
  parseEvents,
  parseFinalMarks,
  parseHomeworks,
  parseMarksByDate,
  parsePeriodsSchedules,
  parseProfile,
  parseScheduleShort,
  parseSubjectMarks,
  parseSubjects,
  yearPeriodIdOf,
  type AcademicYear,
  type MeshProfile,
} from './parse';

/**
 * The MESH `DiarySourceAdapter`. Profile and marks are essential (their failure rejects); subjects,
 * years, periods, subject_marks, schedule, homework and attendance are not: when one fails the
 * diary comes without it and an issue says why.
 */

export interface MeshSourceOptions {
  /** `YYYY-MM-DD`; default today in Moscow (`todayIn`). Decides the school week and the homework window. */
  today?: string;
  /** Clock for `source.fetchedAt` (and `today` when not given). */
  now?: () => Date;
}

/** How many days of homework around today: the past week and the next two. */
const HOMEWORK_BEFORE = 7;
const HOMEWORK_AFTER = 14;

type Parser<T> = (json: unknown) => SourceResult<T>;

/** An untyped rejection from a custom transport still leaves as the typed error. */
function asSourceError(err: unknown, endpoint: string): SourceError {
  return err instanceof SourceError ? err : new SourceError('network', endpoint, 'request failed');
}

/** Runs a parser, turning a parser bug into an issue instead of a throw. */
function parsedSafely<T>(endpoint: string, parse: Parser<T>, json: unknown): SourceResult<T | undefined> {
  try {
    return parse(json);
  } catch {
    return { value: undefined, issues: [{ endpoint, path: '', message: 'could not be read' }] };
  }
}

function notLoaded(endpoint: string, err: SourceError): SchemaIssue[] {
  const status = err.status !== undefined ? ` ${err.status}` : '';
  return [{ endpoint, path: '', message: `not loaded (${err.kind}${status})` }, ...err.issues];
}

export function createMeshSource(client: MeshTransport, options: MeshSourceOptions = {}): DiarySourceAdapter {
  const now = options.now ?? (() => new Date());

  async function get(endpoint: string, query?: MeshQuery): Promise<unknown> {
    try {
      return await client.get(endpoint, query);
    } catch (err) {
      throw asSourceError(err, endpoint);
    }
  }

  /** An endpoint the diary cannot do without: any failure rejects. */
  async function essential<T>(endpoint: string, query: MeshQuery | undefined, parse: Parser<T | null>): Promise<SourceResult<T>> {
    const r = parsedSafely(endpoint, parse, await get(endpoint, query));
    if (r.value === undefined || r.value === null) throw new SourceError('schema', endpoint, 'nothing usable in the response', undefined, r.issues);
    return { value: r.value, issues: r.issues };
  }

  /** An endpoint the diary can do without: a failure becomes an issue and `undefined`. Never rejects. */
  async function optional<T>(endpoint: string, query: MeshQuery | undefined, parse: Parser<T | null>): Promise<SourceResult<T | undefined>> {
    let json: unknown;
    try {
      json = await get(endpoint, query);
    } catch (err) {
      return { value: undefined, issues: notLoaded(endpoint, asSourceError(err, endpoint)) };
    }
    const r = parsedSafely(endpoint, parse, json);
    return { value: r.value ?? undefined, issues: r.issues };
  }

  const skipped: Promise<SourceResult<undefined>> = Promise.resolve({ value: undefined, issues: [] });

  async function profile(): Promise<SourceResult<MeshProfile>> {
    const p = await essential(E.profile, undefined, parseProfile);
    client.identify?.(p.value.profileId !== undefined ? { role: p.value.role, profileId: p.value.profileId } : { role: p.value.role });
    return p;
  }

  async function schoolYear(today: string): Promise<SourceResult<{ year: AcademicYear; fromServer: boolean }>> {
    const years = await optional(E.academicYears, undefined, parseAcademicYears);
    const year = currentAcademicYear(years.value ?? [], today);
    if (year) return { value: { year, fromServer: true }, issues: years.issues };
    const around = schoolYearAround(today);
    const fallback = { id: `${around.start.slice(0, 4)}-${around.end.slice(0, 4)}`, ...around };
    return { value: { year: fallback, fromServer: false }, issues: [...years.issues, { endpoint: E.academicYears, path: '', message: `no current year; using ${around.start} – ${around.end}` }] };
  }

  async function fetchDiary(studentId: string): Promise<SourceResult<Diary>> {
    const account = await profile();
    const found = account.value.students.find((s) => s.student.id === studentId);
    if (!found) throw new SourceError('schema', E.profile, `no student ${studentId} in this account`, undefined, [...account.issues, { endpoint: E.profile, path: 'children', message: `no child with id ${studentId}` }]);
    // A malformed `today` would turn every date window into nonsense; the clock is the safer guess.
    const today = (options.today !== undefined ? isoDayOf(options.today) : null) ?? todayIn(MESH_TIME_ZONE, now());
    const school = await schoolYear(today);
    const { year, fromServer } = school.value;
    const sid = found.student.id;
    const guid = found.personGuid;

    // Marks may fail while the others are still running: its outcome is caught at once so no rejection goes unobserved.
    const marks = essential(E.marks, { student_id: sid, from: year.start, to: year.end }, parseMarksByDate).then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
    const [outcome, periods, subjects, subjectMarks, schedule, homework, attendance, finals] = await Promise.all([
      marks,
      fromServer ? optional(E.periodsSchedules, { academic_year_id: year.id, student_id: sid }, (json) => parsePeriodsSchedules(json, yearPeriodIdOf(year))) : skipped,
      optional(E.subjects, { student_id: sid }, parseSubjects),
      optional(E.subjectMarks, { student_id: sid }, parseSubjectMarks),
      optional(E.scheduleShort, { student_id: sid, dates: schoolWeekOf(today).join(',') }, parseScheduleShort),
      optional(E.homeworks, { from: addDays(today, -HOMEWORK_BEFORE), to: addDays(today, HOMEWORK_AFTER), student_id: sid }, parseHomeworks),
      guid ? optional(E.events, { person_ids: guid, begin_date: year.start, end_date: year.end, expand: EVENTS_EXPAND }, parseEvents) : skipped,
      // Past years' year marks only matter where a certificate is coming (and cost a request).
      found.student.grade === undefined || found.student.grade >= 8 ? optional(E.finalMarks, { student_id: sid }, parseFinalMarks) : skipped,
    ]);
    if ('error' in outcome) throw asSourceError(outcome.error, E.marks);

    const built = assembleDiary({
      student: found.student,
      year,
      subjects: subjects.value,
      periods: periods.value,
      marks: outcome.ok.value,
      subjectMarks: subjectMarks.value,
      schedule: schedule.value,
      homework: homework.value,
      attendance: attendance.value,
      finals: finals.value,
      fetchedAt: now().toISOString(),
    });
    const issues = [
      ...account.issues,
      ...school.issues,
      ...subjects.issues,
      ...periods.issues,
      ...outcome.ok.issues,
      ...subjectMarks.issues,
      ...schedule.issues,
      ...homework.issues,
      ...attendance.issues,
      ...finals.issues,
      ...(guid ? [] : [{ endpoint: E.profile, path: 'children', message: 'no contingent_guid for this student; attendance not loaded' }]),
      ...built.issues,
    ];
    if (!built.value) throw new SourceError('schema', E.profile, 'the student record is unusable', undefined, issues);
    return { value: built.value, issues };
  }

  async function listStudents(): Promise<SourceResult<Student[]>> {
    const account = await profile();
    return { value: account.value.students.map((s) => s.student), issues: account.issues };
  }

  /** Nothing but a `SourceError` ever leaves the adapter, whatever the server or a bug does. */
  const guarded =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (err) {
        throw err instanceof SourceError ? err : new SourceError('schema', 'mesh', 'unexpected failure while reading the diary');
      }
    };

  return { system: 'mesh', listStudents: guarded(listStudents), fetchDiary: guarded(fetchDiary) };
}
