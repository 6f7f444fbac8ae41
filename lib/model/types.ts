/**
 * The Tabel diary data model: one JSON contract shared by every diary source, the grade engine,
 * the widgets and portal developers who feed widgets their own data.
 *
 * Documented in docs/data-model.md. Validate untrusted input with `parseDiary` / `parseMarks`
 * (lib/model/validate.ts) before handing it to anything else.
 */

import type { ATTENDANCE_KINDS, PERIOD_KINDS, SCALES } from './vocabulary';

/** The scale a mark was given on. Averages are only ever taken within one scale. */
export type Scale = (typeof SCALES)[number];

/**
 * A numeric mark on its scale, or a non-numeric one ("Н", "НВ", "См", "ОСВ", "зачёт", "незачёт",
 * "5-", …) that is kept and shown but never enters an average.
 */
export type MarkValue = number | string;

export interface Mark {
  /** The source's own id, when it has one (stable across fetches). */
  id?: string;
  value: MarkValue;
  /** Positive; 1 when the source gives none. */
  weight: number;
  /**
   * True when the site does not say this mark's weight (ЭлЖур's grid, Дневник.ру): it counts as
   * `weight` (1), and every average it enters is approximate, and says so.
   */
  weightUnknown?: boolean;
  /** ISO date `YYYY-MM-DD` (a full ISO date-time is accepted too). */
  date: string;
  /** Id of a `Subject` in the same diary. */
  subject: string;
  scale: Scale;
  /** Id of the `Period` the source filed the mark under; otherwise the date decides. */
  period?: string;
  /** Control form, e.g. "Контрольная работа". */
  kind?: string;
  comment?: string;
  teacher?: string;
  isExam?: boolean;
  /** MESH «точка»: a provisional mark the student must fix by `pointDate`. */
  isPoint?: boolean;
  pointDate?: string;
  /** The mark as the teacher gave it when `value` is a conversion (e.g. a 10-point mark read as five). */
  original?: { value: MarkValue; scale: string };
}

export interface Student {
  id: string;
  name: string;
  school?: string;
  /** Class name as the school writes it, e.g. "6-В". */
  className?: string;
  /** Grade level (1–11) where known: decides whether the certificate average applies. */
  grade?: number;
}

export interface Subject {
  id: string;
  name: string;
}

export type PeriodKind = (typeof PERIOD_KINDS)[number];

export type AttendanceKind = (typeof ATTENDANCE_KINDS)[number];

export interface Period {
  id: string;
  name: string;
  /** Inclusive ISO dates. */
  start: string;
  end: string;
  kind: PeriodKind;
  /** The enclosing period (a quarter's year). */
  parent?: string;
}

export interface AttendanceEntry {
  date: string;
  subject?: string;
  kind: AttendanceKind;
  reason?: string;
}

export interface HomeworkEntry {
  /** The date the homework is due. */
  date: string;
  subject: string;
  text: string;
  assigned?: string;
  done?: boolean;
}

export interface ScheduleEntry {
  date: string;
  /** Id of a `Subject`; absent for a lesson that is not one of the diary's subjects (a club, «Разговоры о важном»), which has a `title`. */
  subject?: string;
  /** The lesson's own name where it has no subject. */
  title?: string;
  /** `HH:MM`, local school time. */
  start?: string;
  end?: string;
  room?: string;
}

/** A figure the diary system itself reports (its own average, the teacher's period mark), kept beside ours. */
export interface ReportedFigure {
  subject: string;
  period?: string;
  /** The system's own average for the subject (and period). */
  average?: number;
  /** The period mark the teacher set (MESH `fixed_value`). */
  periodMark?: MarkValue;
  yearMark?: MarkValue;
  /** The intermediate attestation's mark (промежуточная аттестация), where the system gives one. */
  attestation?: MarkValue;
  /** The system's own "marks to the next grade" hint. */
  target?: { mark: number; remaining: number };
  /** Number of marks the system says it counted. */
  count?: number;
}

/**
 * A year mark of a finished school year (MESH `final_marks`): what the certificate (аттестат)
 * is built from. Named by the subject's name, since subject ids change between years.
 */
export interface FinalMark {
  /** The school year as the diary names it, e.g. "2024-2025". */
  year: string;
  /** The subject's name as the diary wrote it. */
  subject: string;
  /** The subject's id in that year, when the source gives one. */
  subjectId?: string;
  value: MarkValue;
  /** That year's intermediate attestation mark, where the source gives one. */
  attestation?: MarkValue;
  /** That year's term marks, where the source gives them. */
  terms?: Array<{ name?: string; start?: string; end?: string; value: MarkValue }>;
}

export interface DiarySource {
  /** e.g. "mesh", "netschool", "eljur", "dnevnik-ru", "manual". */
  system: string;
  /** When the data was read from the system (ISO date-time). */
  fetchedAt?: string;
  /**
   * The school's time zone (IANA, e.g. `Europe/Moscow`): what "today" is for this diary (the
   * current period, new marks). The browser's own zone when absent.
   */
  timeZone?: string;
}

export interface Diary {
  /** The contract's version; this file describes version 1. */
  version: 1;
  student: Student;
  subjects: Subject[];
  periods: Period[];
  marks: Mark[];
  attendance?: AttendanceEntry[];
  homework?: HomeworkEntry[];
  schedule?: ScheduleEntry[];
  reported?: ReportedFigure[];
  /** Year marks of past school years, for the certificate average. */
  finals?: FinalMark[];
  source?: DiarySource;
}
