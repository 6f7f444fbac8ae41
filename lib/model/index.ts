export type * from './types';
export { parseDiary, parseMarks, normalizeMarkValue, formatPath, TabelDataError } from './validate';
export { acceptedDiary } from './accept';
export type { Accepted } from './accept';
export { SCALES, PERIOD_KINDS, ATTENDANCE_KINDS } from './vocabulary';
export type { DataIssue, ParseResult } from './validate';
