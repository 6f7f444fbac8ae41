import type { Diary, Student } from '../model/types';

/**
 * The contract every diary source (MESH now; Сетевой город, Eljur, Dnevnik.ru later) fulfils.
 * System specifics stay inside lib/sources/<system>/; everything downstream sees only the model.
 */

/** Why a call to a diary system failed. */
export type SourceErrorKind =
  /** 401/403: the user's session is gone or expired; only a (silent or real) login helps. */
  | 'session-expired'
  /** 502/503/504 or a "технические работы" page: the site is down, try later. */
  | 'site-down'
  /** Any other HTTP status. */
  | 'http'
  /** No answer at all (DNS, TLS, connection reset, offline). */
  | 'network'
  | 'timeout'
  /** The body was not the JSON the endpoint should return. */
  | 'bad-json'
  /** The JSON's shape changed so much that nothing usable came through (see `issues`). */
  | 'schema';

/** A field the source expected and did not find (schema drift), named by endpoint and JSON path. */
export interface SchemaIssue {
  /** e.g. `/api/family/web/v1/marks` */
  endpoint: string;
  /** e.g. `payload[3].weight` */
  path: string;
  /** e.g. `missing`, `expected a number` */
  message: string;
}

/** The one error type sources throw or return; never anything untyped. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    readonly kind: SourceErrorKind,
    readonly endpoint: string,
    message: string,
    readonly status?: number,
    readonly issues: readonly SchemaIssue[] = [],
  ) {
    super(`${endpoint}: ${message}`);
  }
}

/** Data that came through, with what did not (partial results are the rule under drift). */
export interface SourceResult<T> {
  value: T;
  issues: SchemaIssue[];
}

/** Inclusive `YYYY-MM-DD` days. */
export interface DayRange {
  from: string;
  to: string;
}

export interface FetchOptions {
  /**
   * Marks and attendance from this day on only: the caller knows the days before (Tabel's
   * archive), so an ordinary page load asks only for the recent window. Default: the whole year.
   */
  since?: string;
  /** Whether to read finished years' year marks (a request per year); the caller may have them. Default true. */
  pastYears?: boolean;
}

/** A diary as read, with the days it is complete for: marks and attendance of other days are not in it, whether or not they exist. */
export interface DiaryFetch extends SourceResult<Diary> {
  covered: { marks: DayRange[]; attendance: DayRange[] };
}

export interface DiarySourceAdapter {
  /** e.g. "mesh" — also `Diary.source.system`. */
  readonly system: string;
  /** The students this account sees: the children of a parent, or the student themself. */
  listStudents(): Promise<SourceResult<Student[]>>;
  /**
   * One student's diary for the current school year (or the days `options.since` leaves). A part
   * that could not be read is an issue and missing from `covered`, not a rejection. Rejects only
   * with `SourceError`.
   */
  fetchDiary(studentId: string, options?: FetchOptions): Promise<DiaryFetch>;
}
