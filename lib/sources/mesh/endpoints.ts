/**
 * The MESH family web API paths Tabel reads (docs/sources-mesh.md). Paths only: the origin comes
 * from the client, so regional «Моя школа» nodes that serve the same API work unchanged.
 */

export const MESH_ORIGIN = 'https://school.mos.ru';

export const MESH_ENDPOINTS = {
  profile: '/api/family/web/v1/profile',
  subjects: '/api/family/web/v1/subjects/list',
  academicYears: '/api/ej/core/family/v1/academic_years',
  periodsSchedules: '/api/ej/core/family/v1/periods_schedules',
  marks: '/api/family/web/v1/marks',
  subjectMarks: '/api/family/web/v1/subject_marks',
  scheduleShort: '/api/family/web/v1/schedule/short',
  homeworks: '/api/family/web/v1/homeworks',
  events: '/api/eventcalendar/v1/api/events',
  /** v1: past years' year marks; the fallback where v2 is not served. */
  finalMarks: '/api/family/web/v1/final_marks',
  /** What the site itself calls: one school year's term, year and attestation marks. */
  finalMarksV2: '/api/family/web/v1/final_marks/v2',
} as const;

export type MeshEndpoint = (typeof MESH_ENDPOINTS)[keyof typeof MESH_ENDPOINTS];

/** What the events endpoint is asked to expand: marks and homework ride along, absences need the reason id. */
export const EVENTS_EXPAND = 'marks,homework,absence_reason_id,health_status,nonattendance_reason_id';
