/**
 * `dist/widgets/tabel-all.js`: registers every `tabel-*` element at once (guarded), for a page whose
 * elements live in shadow roots the autoloader cannot see, or that wants them all up front. The
 * extension's panel loads this one.
 */
export type * from './tabel';
export { define } from './internal/define';
export { TabelAverage } from './average/tabel-average';
export { TabelGradeTable } from './grade-table/tabel-grade-table';
export { TabelProgressChart } from './progress-chart/tabel-progress-chart';
export { TabelSummary } from './summary/tabel-summary';
export { TabelTarget } from './target/tabel-target';
