/** The MESH (school.mos.ru) diary source: client, adapter and the pure parsers behind them. */
export { MeshClient, queryStringOf } from './client';
export type { MeshAuth, MeshClientOptions, MeshQuery, MeshTransport } from './client';
export { createMeshSource } from './source';
export type { MeshSourceOptions } from './source';
export { assembleDiary } from './assemble';
export type { MeshDiaryParts } from './assemble';
export { MESH_ENDPOINTS, MESH_ORIGIN } from './endpoints';
export type { MeshEndpoint } from './endpoints';
export {
  parseProfile,
  parseSubjects,
  parseAcademicYears,
  parsePeriodsSchedules,
  parseMarksByDate,
  parseSubjectMarks,
  parseScheduleShort,
  parseHomeworks,
  parseEvents,
  parseFinalMarks,
  currentAcademicYear,
  periodKindOf,
  periodIdOf,
  yearPeriodIdOf,
  yearPeriodOf,
} from './parse';
export type { AcademicYear, MeshPeriodFigures, MeshProfile, MeshRole, MeshStudent, MeshSubjectFigures, WithSubjects } from './parse';
