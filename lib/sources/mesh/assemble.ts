import { acceptedDiary } from '../../model/accept';
import type {
  AttendanceEntry,
  Diary,
  FinalMark,
  HomeworkEntry,
  Mark,
  Period,
  ReportedFigure,
  ScheduleEntry,
  Student,
  Subject,
} from '../../model/types';
import type { SchemaIssue, SourceResult } from '../types';
import { MESH_TIME_ZONE } from './dates';
import { MESH_ENDPOINTS } from './endpoints';
import {
  chooseSchedule,
  periodKindOf,
  uniquePeriodId,
  yearPeriodIdOf,
  yearPeriodOf,
  type AcademicYear,
  type MeshPeriodFigures,
  type MeshSubjectFigures,
  type MeshYearMarks,
  type PeriodSchedule,
  type WithSubjects,
} from './parse';

/**
 * Builds one student's `Diary` from what the MESH endpoints gave. Pure: the endpoints that failed
 * are simply absent here (`undefined`), which the diary shows by leaving the matching list out.
 */

export interface MeshDiaryParts {
  student: Student;
  /** The school year (the server's, or 1 Sep – 31 Aug around today when it did not say). */
  year: AcademicYear;
  /** `subjects/list` */
  subjects?: Subject[];
  /** `periods_schedules`: the attestation schedules (the student's is chosen here), terms with `parent` = the year period. */
  schedules?: PeriodSchedule[];
  /** `marks` */
  marks: WithSubjects<Mark>;
  /** `subject_marks` */
  subjectMarks?: MeshSubjectFigures[];
  schedule?: WithSubjects<ScheduleEntry>;
  homework?: WithSubjects<HomeworkEntry>;
  attendance?: WithSubjects<AttendanceEntry>;
  /** `final_marks` v1: past years' year marks */
  finals?: FinalMark[];
  /** `final_marks/v2` per school year: this year's (term, year and attestation marks) and past years' (`year` = their label, e.g. "2025-2026"). */
  yearMarks?: { current?: MeshYearMarks[]; past?: Array<{ year: string; marks: MeshYearMarks[] }> };
  fetchedAt?: string;
  /** `Diary.source.system`: `mesh`, or a «Моя школа» node's system, which reads the same API. Default `mesh`. */
  system?: string;
  /** The host's time zone. Default Moscow's. */
  timeZone?: string;
}

/** The period a `subject_marks` period is: same dates, else same start, else same title. */
function periodMatching(periods: readonly Period[], fig: MeshPeriodFigures): Period | undefined {
  // The year starts the day its first term does, so it never stands in for a term.
  const terms = periods.filter((p) => p.kind !== 'year');
  return (
    (fig.start && fig.end ? terms.find((p) => p.start === fig.start && p.end === fig.end) : undefined) ??
    (fig.start ? terms.find((p) => p.start === fig.start) : undefined) ??
    (fig.title ? terms.find((p) => p.name.toLowerCase() === fig.title!.toLowerCase()) : undefined)
  );
}

/**
 * The periods, with any term `subject_marks` knows and `periods_schedules` did not give (e.g. when
 * that call failed) added from the dates `subject_marks` carries.
 */
function periodsWith(base: readonly Period[], figures: readonly MeshSubjectFigures[], yearId: string): Period[] {
  const out = [...base];
  const ids = new Set(out.map((p) => p.id));
  for (const f of figures) {
    for (const p of f.periods) {
      if (periodMatching(out, p) || !p.start || !p.end || p.end < p.start) continue;
      const id = uniquePeriodId(ids, p.start, p.end);
      ids.add(id);
      out.push({
        id,
        name: p.title ?? `${p.start} – ${p.end}`,
        start: p.start,
        end: p.end,
        kind: periodKindOf(p.title ?? ''),
        parent: yearId,
      });
    }
  }
  // By start, the longer first: the year before the term that opens it.
  return out.sort((a, b) => (a.start !== b.start ? (a.start < b.start ? -1 : 1) : a.end !== b.end ? (a.end > b.end ? -1 : 1) : 0));
}

/** MESH's own figures beside ours: one per subject and term, one per subject for the year. */
function reportedFigures(
  figures: readonly MeshSubjectFigures[],
  periods: readonly Period[],
  yearId: string,
  issues: SchemaIssue[],
): { reported: ReportedFigure[]; markPeriods: Map<string, string> } {
  const reported: ReportedFigure[] = [];
  const markPeriods = new Map<string, string>();
  for (const f of figures) {
    for (const p of f.periods) {
      const period = periodMatching(periods, p);
      if (!period) {
        issues.push({ endpoint: MESH_ENDPOINTS.subjectMarks, path: p.path, message: 'no matching period; its figures are left out' });
        continue;
      }
      const figure: ReportedFigure = { subject: f.subject, period: period.id };
      if (p.average !== undefined) figure.average = p.average;
      if (p.periodMark !== undefined) figure.periodMark = p.periodMark;
      if (p.count !== undefined) figure.count = p.count;
      if (p.target) figure.target = p.target;
      reported.push(figure);
      for (const id of p.markIds) if (!markPeriods.has(id)) markPeriods.set(id, period.id);
    }
    // average_by_all is what MESH clients show as the year's average; `average` is the fallback.
    const yearAverage = f.averageByAll ?? f.average;
    if (yearAverage !== undefined || f.yearMark !== undefined) {
      const year: ReportedFigure = { subject: f.subject, period: yearId };
      if (yearAverage !== undefined) year.average = yearAverage;
      if (f.yearMark !== undefined) year.yearMark = f.yearMark;
      reported.push(year);
    }
  }
  return { reported, markPeriods };
}

/** Every subject any endpoint mentions, the `subjects/list` order first. */
function subjectRegistry(parts: MeshDiaryParts): Map<string, string> {
  const names = new Map<string, string>();
  const lists = [
    parts.subjects,
    parts.marks.subjects,
    parts.subjectMarks?.flatMap((f) => (f.name ? [{ id: f.subject, name: f.name }] : [])),
    parts.schedule?.subjects,
    parts.homework?.subjects,
    parts.attendance?.subjects,
  ];
  for (const list of lists) for (const s of list ?? []) if (!names.has(s.id)) names.set(s.id, s.name);
  // A subject no endpoint named still needs an entry for the marks and lessons that point at it.
  const ids = [
    ...parts.marks.items.map((m) => m.subject),
    ...(parts.subjectMarks ?? []).map((f) => f.subject),
    ...(parts.schedule?.items ?? []).flatMap((e) => (e.subject !== undefined ? [e.subject] : [])),
    ...(parts.homework?.items ?? []).map((e) => e.subject),
  ];
  for (const id of ids) if (!names.has(id)) names.set(id, `Предмет ${id}`);
  return names;
}

const ENDPOINT_OF_LIST: Record<string, string> = {
  student: MESH_ENDPOINTS.profile,
  subjects: MESH_ENDPOINTS.subjects,
  periods: MESH_ENDPOINTS.periodsSchedules,
  marks: MESH_ENDPOINTS.marks,
  reported: MESH_ENDPOINTS.subjectMarks,
  schedule: MESH_ENDPOINTS.scheduleShort,
  homework: MESH_ENDPOINTS.homeworks,
  attendance: MESH_ENDPOINTS.events,
  finals: MESH_ENDPOINTS.finalMarksV2,
};

/**
 * The diary as the model accepts it (lib/model/accept.ts): what it refuses is left out, each left-out
 * thing reported against the endpoint it came from.
 */
function validated(diary: Diary, issues: SchemaIssue[]): Diary | null {
  const { diary: kept, rejected } = acceptedDiary(diary);
  for (const r of rejected)
    issues.push({ endpoint: ENDPOINT_OF_LIST[String(r.keys[0])] ?? '', path: `diary.${r.path}`, message: `${r.message}; left out` });
  return kept;
}

/** A finished year's marks as the data model keeps them: the year mark with its attestation and terms; a subject without a year mark says so. */
function finalsOf(year: string, marks: readonly MeshYearMarks[], issues: SchemaIssue[]): FinalMark[] {
  const out: FinalMark[] = [];
  for (const m of marks) {
    if (m.yearMark === undefined) {
      if (m.terms.length || m.attestation !== undefined)
        issues.push({
          endpoint: MESH_ENDPOINTS.finalMarksV2,
          path: m.path,
          message: `${year}: no year mark for «${m.subject}»; its term marks are not kept`,
        });
      continue;
    }
    const f: FinalMark = { year, subject: m.subject, value: m.yearMark };
    if (m.subjectId !== undefined) f.subjectId = m.subjectId;
    if (m.attestation !== undefined) f.attestation = m.attestation;
    if (m.terms.length) f.terms = m.terms;
    out.push(f);
  }
  return out;
}

/**
 * This year's `final_marks/v2` beside `subject_marks`' figures: a term mark the term's figure lacks,
 * the year mark and the attestation on the year's figure. Subjects are matched by id, else by name.
 */
function withYearMarks(
  reported: ReportedFigure[],
  current: readonly MeshYearMarks[],
  periods: readonly Period[],
  subjects: ReadonlyMap<string, string>,
  yearId: string,
  issues: SchemaIssue[],
): void {
  const byName = new Map([...subjects].map(([id, name]) => [name.toLowerCase(), id]));
  const terms = periods.filter((p) => p.kind !== 'year');
  for (const m of current) {
    const subject = m.subjectId !== undefined && subjects.has(m.subjectId) ? m.subjectId : byName.get(m.subject.toLowerCase());
    if (subject === undefined) {
      if (m.yearMark !== undefined || m.attestation !== undefined || m.terms.length)
        issues.push({
          endpoint: MESH_ENDPOINTS.finalMarksV2,
          path: m.path,
          message: `no subject «${m.subject}» in this year's diary; its marks are left out`,
        });
      continue;
    }
    const figure = (period: string) => {
      let f = reported.find((r) => r.subject === subject && r.period === period);
      if (!f) reported.push((f = { subject, period }));
      return f;
    };
    for (const t of m.terms) {
      const p = terms.find((x) => (t.start && x.start === t.start) || (t.name && x.name.toLowerCase() === t.name.toLowerCase()));
      if (!p) continue;
      const f = figure(p.id);
      f.periodMark ??= t.value;
    }
    if (m.yearMark !== undefined || m.attestation !== undefined) {
      const f = figure(yearId);
      if (m.yearMark !== undefined) f.yearMark ??= m.yearMark;
      if (m.attestation !== undefined) f.attestation = m.attestation;
    }
  }
}

/** One student's diary; null only when even the student record fails the model. */
export function assembleDiary(parts: MeshDiaryParts): SourceResult<Diary | null> {
  const issues: SchemaIssue[] = [];
  const yearId = yearPeriodIdOf(parts.year);
  const chosen = chooseSchedule(parts.schedules ?? [], {
    grade: parts.student.grade,
    terms: (parts.subjectMarks ?? []).flatMap((f) => f.periods),
  });
  if (chosen.issue) issues.push({ endpoint: MESH_ENDPOINTS.periodsSchedules, path: '', message: chosen.issue });
  const periods = periodsWith([yearPeriodOf(parts.year), ...(chosen.schedule?.periods ?? [])], parts.subjectMarks ?? [], yearId);
  const { reported, markPeriods } = reportedFigures(parts.subjectMarks ?? [], periods, yearId, issues);
  const names = subjectRegistry(parts);
  const marks = parts.marks.items.map((m): Mark => {
    const period = m.id !== undefined ? markPeriods.get(m.id) : undefined;
    return period !== undefined ? { ...m, period } : m;
  });
  const diary: Diary = {
    version: 1,
    student: parts.student,
    subjects: [...names].map(([id, name]) => ({ id, name })),
    periods,
    marks,
    source: {
      system: parts.system ?? 'mesh',
      ...(parts.fetchedAt ? { fetchedAt: parts.fetchedAt } : {}),
      timeZone: parts.timeZone ?? MESH_TIME_ZONE,
    },
  };
  if (parts.attendance) {
    diary.attendance = parts.attendance.items.map((e) => {
      if (e.subject === undefined || names.has(e.subject)) return e;
      const { subject: _unknown, ...rest } = e;
      return rest;
    });
  }
  if (parts.homework) diary.homework = parts.homework.items;
  if (parts.schedule) diary.schedule = parts.schedule.items;
  if (parts.yearMarks?.current) withYearMarks(reported, parts.yearMarks.current, periods, names, yearId, issues);
  if (parts.subjectMarks || reported.length) diary.reported = reported;
  const finals = [...(parts.yearMarks?.past ?? []).flatMap((y) => finalsOf(y.year, y.marks, issues)), ...(parts.finals ?? [])];
  // One year mark per year and subject: v2's, where both versions gave one.
  const seenFinal = new Set<string>();
  const unique = finals.filter((f) => {
    const k = `${f.year}|${f.subject.toLowerCase()}`;
    return !seenFinal.has(k) && (seenFinal.add(k), true);
  });
  if (parts.finals || parts.yearMarks?.past) diary.finals = unique;
  return { value: validated(diary, issues), issues };
}
