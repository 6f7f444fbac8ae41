/**
 * The widget library's engine entry (`dist/widgets/engine.js`): the grade engine and the data
 * model's validators, the same functions the widgets use, for a portal that computes with them.
 * Kept out of `tabel.js`, which then carries only what the elements need.
 */
export * from '../lib/grades';
export { parseDiary, parseMarks, TabelDataError } from '../lib/model';
export type { DataIssue, ParseResult } from '../lib/model';
export type * from '../lib/model/types';
