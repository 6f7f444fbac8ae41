/**
 * The raw JSON of the MESH endpoints, as far as Tabel reads it (diary-systems.md §1.3). Partial on
 * purpose and documentation only: parsers take `unknown` and check every field they use, because
 * the server changes without notice. Every field is optional or nullable for the same reason.
 */

export type Id = number | string;

export interface RawSchool {
  id?: Id;
  name?: string;
  short_name?: string;
}

export interface RawPerson {
  id?: Id;
  type?: 'parent' | 'student' | string;
  contingent_guid?: string;
  last_name?: string;
  first_name?: string;
  middle_name?: string;
  class_name?: string;
  class_level_id?: number;
  school?: RawSchool;
}

/** `GET /api/family/web/v1/profile` */
export interface RawProfileResponse {
  profile?: RawPerson;
  children?: RawPerson[];
  hash?: string;
}

/** `GET /api/family/web/v1/subjects/list` (shape assumed; `id`/`name` accepted too). */
export interface RawSubjectsResponse {
  payload?: Array<{ subject_id?: Id; subject_name?: string; id?: Id; name?: string }>;
}

/** `GET /api/ej/core/family/v1/academic_years` (a copied answer: names like «2025 - 2026», a calendar id; `current_year` is absent there). */
export type RawAcademicYears = Array<{
  id?: Id;
  name?: string;
  begin_date?: string;
  end_date?: string;
  current_year?: boolean;
  calendar_id?: number;
}>;

/** `GET /api/ej/core/family/v1/periods_schedules`: one or more schedules, dates ISO or `dd.MM.yyyy`, holidays flagged (a recorded regional answer). */
export type RawPeriodsSchedules = Array<{
  id?: Id;
  name?: string;
  academic_year_id?: Id;
  periods?: Array<{ id?: Id; name?: string; begin_date?: string; end_date?: string; is_vacation?: boolean }>;
}>;

/** `GET /api/family/web/v1/final_marks/v2?person_id=&academic_year_id=`: one school year (read from what the site calls; no answer recorded). */
export interface RawFinalMarksV2 {
  subjects?: Array<{
    id?: Id;
    name?: string;
    periods?: Array<{ name?: string; start_date?: string; end_date?: string; final_mark?: string | number | null }>;
    year_mark?: string | number | null;
    intermediate_attestation_mark?: string | number | null;
    training_camp_mark?: string | number | null;
  }>;
}

export interface RawGrade {
  origin?: string;
  five?: number;
  ten?: number;
  hundred?: number;
}

export interface RawMark {
  id?: Id;
  date?: string;
  subject_id?: Id;
  subject_name?: string;
  value?: string;
  weight?: number;
  control_form_name?: string;
  is_exam?: boolean;
  is_point?: boolean;
  point_date?: string | null;
  comment?: string | null;
  original_grade_system_type?: 'five' | 'ten' | 'hundred' | string;
  values?: Array<{ name?: string; nmax?: number; grade_system_type?: string; grade?: RawGrade }> | null;
}

/** `GET /api/family/web/v1/marks` */
export interface RawMarksResponse {
  payload?: RawMark[];
}

export interface RawTarget {
  value?: number;
  remain?: number;
  round?: string;
  paths?: Array<{ value?: number; remain?: number; weight?: number }>;
}

export interface RawSubjectPeriod {
  title?: string;
  start?: string;
  end?: string;
  start_iso?: string;
  end_iso?: string;
  value?: string | null;
  dynamic?: string;
  count?: number;
  fixed_value?: string | number | null;
  target?: RawTarget | string | null;
  marks?: RawMark[];
}

/** `GET /api/family/web/v1/subject_marks` */
export interface RawSubjectMarksResponse {
  payload?: Array<{
    subject_id?: Id;
    subject_name?: string;
    average?: string | null;
    average_by_all?: string | null;
    dynamic?: string;
    year_mark?: string | number | null;
    periods?: RawSubjectPeriod[];
  }>;
}

/** `GET /api/family/web/v1/schedule/short` */
export interface RawScheduleShortResponse {
  payload?: Array<{
    date?: string;
    /** `subject_id` null (e.g. «Разговоры о важном», named by `lesson_name`) or 0 (clubs) for extracurricular lessons. */
    lessons?: Array<{
      subject_id?: Id | null;
      subject_name?: string | null;
      lesson_name?: string | null;
      group_name?: string;
      begin_time?: string;
      end_time?: string;
      room_number?: string;
    }>;
  }>;
}

/** `GET /api/family/web/v1/homeworks` */
export interface RawHomeworksResponse {
  payload?: Array<{
    subject_id?: Id;
    subject_name?: string;
    date?: string;
    date_assigned_on?: string;
    date_prepared_for?: string;
    description?: string;
    homework?: string;
    is_done?: boolean;
  }>;
}

/** `GET /api/eventcalendar/v1/api/events` */
export interface RawEventsResponse {
  total_count?: number;
  response?: Array<{
    id?: Id;
    start_at?: string;
    subject_id?: Id | null;
    subject_name?: string | null;
    is_missed_lesson?: boolean;
    absence_reason_id?: Id | null;
    nonattendance_reason_id?: Id | null;
    health_status?: string | null;
  }>;
}
