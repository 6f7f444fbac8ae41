/**
 * The widget library's entry (`dist/widgets/tabel.js`). Loading it registers every `tabel-*`
 * element and exports their classes. The grade engine and the data model's validators are in
 * `engine.js` (components/engine.ts), so that this file carries only what the elements use.
 */
export type * from '../lib/model/types';

import './average/tabel-average';
import './grade-table/tabel-grade-table';
import './progress-chart/tabel-progress-chart';
import './summary/tabel-summary';
import './target/tabel-target';

export { define } from './internal/define';
export { TabelAverage } from './average/average.component';
export { TabelGradeTable, type GradeTableSort } from './grade-table/grade-table.component';
export { TabelProgressChart } from './progress-chart/progress-chart.component';
export type { ChartInput, ChartSeries, LineConfig } from './progress-chart/chart-config';
export { TabelSummary } from './summary/summary.component';
export { TabelTarget, type TargetChangeDetail, type WhatIfMark } from './target/target.component';
