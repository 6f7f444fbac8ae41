/**
 * The widget library's entry (`dist/widgets/tabel.js`). Loading it registers every `tabel-*`
 * element; it also re-exports the data model's validators and the grade engine, so a portal can
 * compute with the same functions the widgets use.
 */
export * from '../lib/grades';
export { parseDiary, parseMarks, TabelDataError } from '../lib/model';
export type * from '../lib/model/types';
