/**
 * The parts of ECharts the dashboards use, registered once. Loaded on demand (dynamic import from
 * EChart.tsx): the charts never weigh on the first load, and the figures and tables show before
 * them on a slow line. SVG renderer: sharp when printed, no canvas.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as register } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

register([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init };
