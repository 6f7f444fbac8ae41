export type * from './types';
export { parseDiary, parseMarks, normalizeMarkValue, formatPath, TabelDataError } from './validate';
export type { DataIssue, ParseResult } from './validate';
