/** `<tabel-progress-chart>`: import this module to register the element (guarded). chart.js loads on first draw. */
import { define } from '../internal/define';
import { TabelProgressChart } from './progress-chart.component';

define('tabel-progress-chart', TabelProgressChart);

export { TabelProgressChart };
export type { ChartInput, ChartSeries, ChartColors, LineConfig } from './chart-config';
export default TabelProgressChart;
