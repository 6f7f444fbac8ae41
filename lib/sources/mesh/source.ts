import type { AttendanceEntry, Mark, Student, Subject } from '../../model/types';
import { inBatches } from '../batches';
import {
  SourceError,
  type DayRange,
  type DiaryFetch,
  type DiarySourceAdapter,
  type FetchOptions,
  type SchemaIssue,
  type SourceResult,
} from '../types';
import { assembleDiary } from './assemble';
import type { MeshQuery, MeshTransport } from './client';
import { todayIn } from '../../dates';
import { schoolYearAround } from '../periods';
import { addDays, MESH_TIME_ZONE, monthWindows, schoolWeekOf, schoolYearLabel } from './dates';
import { EVENTS_EXPAND, MESH_ENDPOINTS as E } from './endpoints';
import { isoDayOf } from './reader';
import {
  currentAcademicYear,
  parseAcademicYears,
  parseEvents,
  parseFinalMarks,
  parseFinalMarksV2,
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
  type MeshYearMarks,
} from './parse';

/**
 * The MESH `DiarySourceAdapter`. The profile is essential, and so are the marks as a whole (every
 * window failing, or a lost session, rejects); one marks window, subjects, years, periods,
 * subject_marks, schedule, homework, attendance and year marks are not: when one fails the diary
 * comes without it, an issue says why, and `covered` tells the days the marks are complete for.
 */

export interface MeshSourceOptions {
  /** `YYYY-MM-DD`; default today in Moscow (`todayIn`). Decides the school week and the homework window. */
  today?: string;
  /** Clock for `source.fetchedAt` (and `today` when not given). */
  now?: () => Date;
  /** `Diary.source.system` and the adapter's `system`: a «Моя школа» node reads the same API as its own system. Default `mesh`. */
  system?: string;
  /** The host's time zone (today, the school week). Default Moscow's. */
  timeZone?: string;
}

/** Month windows asked at once: enough to read a year in a few round trips, few enough not to look like a flood. */
const WINDOWS_AT_ONCE = 3;

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
  const system = options.system ?? 'mesh';
  const timeZone = options.timeZone ?? MESH_TIME_ZONE;

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
    if (r.value === undefined || r.value === null)
      throw new SourceError('schema', endpoint, 'nothing usable in the response', undefined, r.issues);
    return { value: r.value, issues: r.issues };
  }

  /** An endpoint the diary can do without: a failure becomes an issue and `undefined`. Never rejects. */
  async function optional<T>(
    endpoint: string,
    query: MeshQuery | undefined,
    parse: Parser<T | null>,
  ): Promise<SourceResult<T | undefined>> {
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

  async function schoolYear(today: string): Promise<SourceResult<{ year: AcademicYear; fromServer: boolean; years: AcademicYear[] }>> {
    const years = await optional(E.academicYears, undefined, parseAcademicYears);
    const year = currentAcademicYear(years.value ?? [], today);
    if (year) return { value: { year, fromServer: true, years: years.value ?? [] }, issues: years.issues };
    const around = schoolYearAround(today);
    const fallback = { id: `${around.start.slice(0, 4)}-${around.end.slice(0, 4)}`, ...around };
    return {
      value: { year: fallback, fromServer: false, years: [] },
      issues: [...years.issues, { endpoint: E.academicYears, path: '', message: `no current year; using ${around.start} – ${around.end}` }],
    };
  }

  /**
   * Marks (and, with a GUID, attendance) in month windows from `from` to `to`, a few at a time, as
   * every real client asks (7–31 days a call): a window that fails is an issue and left out of what
   * the diary covers, never the whole diary. Only a lost session, or every window failing, rejects.
   */
  async function windowed(sid: string, guid: string | undefined, from: string, to: string) {
    const windows = monthWindows(from, to);
    const marks: Mark[] = [];
    const subjects: Subject[] = [];
    const attendance: AttendanceEntry[] = [];
    const attendanceSubjects: Subject[] = [];
    const issues: SchemaIssue[] = [];
    const covered = { marks: [] as DayRange[], attendance: [] as DayRange[] };
    let firstError: SourceError | null = null;
    let lost: SourceError | null = null;
    const seen = new Set<string>();
    await inBatches(windows, WINDOWS_AT_ONCE, async (w) => {
      const [m, e] = await Promise.all([
        get(E.marks, { student_id: sid, from: w.from, to: w.to }).then(
          (json) => ({ json }),
          (error: unknown) => ({ error: asSourceError(error, E.marks) }),
        ),
        guid ? optional(E.events, { person_ids: guid, begin_date: w.from, end_date: w.to, expand: EVENTS_EXPAND }, parseEvents) : null,
      ]);
      // Each window's issues name the window: a drift or a failure is told per request.
      const at = (list: readonly SchemaIssue[], endpoint: string) =>
        list.map((i) => (i.endpoint === endpoint ? { ...i, endpoint: `${endpoint}?from=${w.from}&to=${w.to}` } : i));
      if ('error' in m) {
        if (m.error.kind === 'session-expired') lost ??= m.error;
        firstError ??= m.error;
        issues.push(...at(notLoaded(E.marks, m.error), E.marks));
      } else {
        const r = parsedSafely(E.marks, parseMarksByDate, m.json);
        issues.push(...at(r.issues, E.marks));
        if (r.value) {
          // A mark on a window's edge comes once.
          for (const mark of r.value.items) {
            if (mark.id !== undefined && seen.has(mark.id)) continue;
            if (mark.id !== undefined) seen.add(mark.id);
            marks.push(mark);
          }
          subjects.push(...r.value.subjects);
          covered.marks.push(w);
        } else firstError ??= new SourceError('schema', E.marks, 'nothing usable in the response', undefined, r.issues);
      }
      if (e) {
        issues.push(...at(e.issues, E.events));
        if (e.value) {
          attendance.push(...e.value.items);
          attendanceSubjects.push(...e.value.subjects);
          covered.attendance.push(w);
        }
      }
    });
    if (lost) throw lost;
    if (!covered.marks.length && firstError) throw firstError;
    const byDay = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
    covered.marks.sort((a, b) => (a.from < b.from ? -1 : 1));
    covered.attendance.sort((a, b) => (a.from < b.from ? -1 : 1));
    // Attendance no window gave is unknown, not «none».
    return {
      marks: { items: marks.sort(byDay), subjects },
      attendance: covered.attendance.length ? { items: attendance.sort(byDay), subjects: attendanceSubjects } : undefined,
      covered,
      issues,
    };
  }

  /** This year's `final_marks/v2`, and (when asked) finished years' — back to the certificate's first year; v1 where v2 is not served. */
  async function yearMarks(
    sid: string,
    guid: string | undefined,
    year: AcademicYear,
    years: readonly AcademicYear[],
    grade: number | undefined,
    pastYears: boolean,
  ) {
    const issues: SchemaIssue[] = [];
    if (!guid) return { value: undefined, finals: undefined, issues };
    const v2 = (y: AcademicYear) =>
      get(E.finalMarksV2, { person_id: guid, academic_year_id: y.id }).then(
        (json) => parsedSafely(E.finalMarksV2, parseFinalMarksV2, json),
        (error: unknown) => asSourceError(error, E.finalMarksV2),
      );
    const current = await v2(year);
    if (current instanceof SourceError) {
      // Not served here (an older node): the v1 list of past years' year marks.
      if (current.kind === 'session-expired') throw current;
      const v1 = pastYears ? await optional(E.finalMarks, { student_id: sid }, parseFinalMarks) : { value: undefined, issues: [] };
      return { value: undefined, finals: v1.value, issues: [...notLoaded(E.finalMarksV2, current), ...v1.issues] };
    }
    issues.push(...current.issues);
    const past: Array<{ year: string; marks: MeshYearMarks[] }> = [];
    if (pastYears) {
      const back = Math.min(4, Math.max(1, grade === undefined ? 2 : grade >= 10 ? grade - 10 : grade - 5));
      const earlier = years
        .filter((y) => y.end < year.start)
        .sort((a, b) => (a.start < b.start ? 1 : -1))
        .slice(0, back);
      for (const y of earlier) {
        const r = await v2(y);
        if (r instanceof SourceError) {
          if (r.kind === 'session-expired') throw r;
          issues.push(...notLoaded(E.finalMarksV2, r));
          continue;
        }
        issues.push(...r.issues);
        if (r.value) past.push({ year: schoolYearLabel(y), marks: r.value });
      }
    }
    return { value: { current: current.value ?? undefined, past: pastYears ? past : undefined }, finals: undefined, issues };
  }

  async function fetchDiary(studentId: string, fetchOptions: FetchOptions = {}): Promise<DiaryFetch> {
    const account = await profile();
    const found = account.value.students.find((s) => s.student.id === studentId);
    if (!found)
      throw new SourceError('schema', E.profile, `no student ${studentId} in this account`, undefined, [
        ...account.issues,
        { endpoint: E.profile, path: 'children', message: `no child with id ${studentId}` },
      ]);
    // A malformed `today` would turn every date window into nonsense; the clock is the safer guess.
    const today = (options.today !== undefined ? isoDayOf(options.today) : null) ?? todayIn(timeZone, now());
    const school = await schoolYear(today);
    const { year, fromServer, years } = school.value;
    const sid = found.student.id;
    const guid = found.personGuid;
    const since = fetchOptions.since !== undefined ? isoDayOf(fetchOptions.since) : null;
    const from = since && since > year.start ? since : year.start;
    const to = today < year.end ? (today < from ? from : today) : year.end;

    // Windows may fail while the others are still running: the outcome is caught at once so no rejection goes unobserved.
    const read = windowed(sid, guid, from, to).then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
    const [outcome, periods, subjects, subjectMarks, schedule, homework, marksOfYears] = await Promise.all([
      read,
      // The site's own readers send `student_profile_id`; one sends `student_id`: both go (the other is ignored where unknown).
      fromServer
        ? optional(E.periodsSchedules, { academic_year_id: year.id, student_profile_id: sid, student_id: sid }, (json) =>
            parsePeriodsSchedules(json, yearPeriodIdOf(year)),
          )
        : skipped,
      optional(E.subjects, { student_id: sid }, parseSubjects),
      optional(E.subjectMarks, { student_id: sid }, parseSubjectMarks),
      optional(E.scheduleShort, { student_id: sid, dates: schoolWeekOf(today).join(',') }, parseScheduleShort),
      optional(
        E.homeworks,
        { from: addDays(today, -HOMEWORK_BEFORE), to: addDays(today, HOMEWORK_AFTER), student_id: sid },
        parseHomeworks,
      ),
      fromServer
        ? yearMarks(sid, guid, year, years, found.student.grade, fetchOptions.pastYears ?? true).then(
            (ok) => ({ ok }),
            (error: unknown) => ({ error }),
          )
        : Promise.resolve({ ok: { value: undefined, finals: undefined, issues: [] as SchemaIssue[] } }),
    ]);
    if ('error' in outcome) throw asSourceError(outcome.error, E.marks);
    if ('error' in marksOfYears) throw asSourceError(marksOfYears.error, E.finalMarksV2);

    const built = assembleDiary({
      student: found.student,
      year,
      subjects: subjects.value,
      schedules: periods.value,
      marks: outcome.ok.marks,
      subjectMarks: subjectMarks.value,
      schedule: schedule.value,
      homework: homework.value,
      attendance: outcome.ok.attendance,
      finals: marksOfYears.ok.finals,
      yearMarks: marksOfYears.ok.value,
      fetchedAt: now().toISOString(),
      system,
      timeZone,
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
      ...marksOfYears.ok.issues,
      ...(guid
        ? []
        : [
            { endpoint: E.profile, path: 'children', message: 'no contingent_guid for this student; attendance and year marks not loaded' },
          ]),
      ...built.issues,
    ];
    if (!built.value) throw new SourceError('schema', E.profile, 'the student record is unusable', undefined, issues);
    return { value: built.value, issues, covered: outcome.ok.covered };
  }

  async function listStudents(): Promise<SourceResult<Student[]> & { person?: string }> {
    const account = await profile();
    const r = { value: account.value.students.map((s) => s.student), issues: account.issues };
    return account.value.profileId !== undefined ? { ...r, person: account.value.profileId } : r;
  }

  /** Nothing but a `SourceError` ever leaves the adapter, whatever the server or a bug does. */
  const guarded =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (err) {
        throw err instanceof SourceError ? err : new SourceError('schema', system, 'unexpected failure while reading the diary');
      }
    };

  return { system, listStudents: guarded(listStudents), fetchDiary: guarded(fetchDiary) };
}
