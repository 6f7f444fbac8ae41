/**
 * The chart.js part of `<tabel-progress-chart>`, loaded with a dynamic `import()` only when a chart
 * is shown, so it is a chunk of its own. chart.js is registered component by component (never
 * `chart.js/auto`): a line chart on linear axes, with tooltip and legend.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type Plugin } from 'chart.js';
import { chartConfig, type BoundaryOptions, type ChartInput } from './chart-config';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

/** Period boundaries: a dotted vertical line at each period's start, labelled with its name. */
const boundaries: Plugin<'line', BoundaryOptions> = {
  id: 'tabelBounds',
  afterDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    const x = scales['x'];
    if (!x || !options.lines?.length) return;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.fillStyle = options.color;
    ctx.setLineDash([2, 3]);
    ctx.font = '11px system-ui, sans-serif';
    for (const line of options.lines) {
      const px = x.getPixelForValue(line.x);
      if (px < chartArea.left || px > chartArea.right) continue;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.fillText(line.label, px + 4, chartArea.top + 11);
    }
    ctx.restore();
  },
};

export type DrawnChart = Chart<'line', Array<{ x: number; y: number }>>;

/** Draws the series on the canvas; the caller destroys the previous chart first. */
export function drawChart(canvas: HTMLCanvasElement, input: ChartInput): DrawnChart {
  return new Chart(canvas, { ...chartConfig(input), plugins: [boundaries] });
}
