import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { formatNumber } from '../../../domain/criteria';
import { formatPercent, type ReportData } from './data';

/**
 * Charts of the PDF report, drawn on the server with ECharts (SVG renderer, no DOM) and embedded
 * as vectors. Text uses the family of the PDF's embedded font, so the PDF needs no other font.
 */

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

export const CHART_FONT = 'Roboto';
const GREEN = '#2e7d32';
const BAR = '#1565c0';
const GREY = '#9e9e9e';
const TEXT = '#212121';

/** Children drawn in the bar chart at most (a longer list stays in the table). */
export const MAX_CHART_CHILDREN = 40;

function render(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT, color: TEXT, fontSize: 9 },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const percentAxis = {
  type: 'value',
  min: 0,
  max: 100,
  interval: 20,
  axisLabel: { formatter: (value: number) => `${value}%`, fontSize: 8 },
  splitLine: { lineStyle: { color: '#e0e0e0' } },
};

/** Horizontal bars of shares (0–100), one per row, value at the end of the bar. */
function shareBars(
  width: number,
  rows: Array<{ label: string; share: number | null }>,
  colour: string,
): string {
  const height = Math.max(80, rows.length * 15 + 36);
  return render(width, height, {
    grid: { left: 4, right: 44, top: 6, bottom: 20, containLabel: true },
    xAxis: percentAxis,
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((row) => row.label),
      axisTick: { show: false },
      axisLabel: { fontSize: 8, width: 240, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barWidth: '62%',
        itemStyle: { color: colour },
        data: rows.map((row) => (row.share === null ? null : Math.round(row.share * 10) / 10)),
        label: {
          show: true,
          position: 'right',
          fontSize: 8,
          color: TEXT,
          formatter: (params: { value: unknown }) =>
            typeof params.value === 'number' ? formatPercent(params.value) : '—',
        },
      },
    ],
  });
}

/** % of communes meeting the standard in each child unit, highest first. */
export function childrenChart(data: ReportData, width: number): string | null {
  if (data.childLevel === 'commune' || data.children.length === 0) return null;
  if (data.children.length > MAX_CHART_CHILDREN) return null;
  // Highest first; ties keep the table's Vietnamese order (the sort is stable).
  const rows = [...data.children]
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1))
    .map((child) => ({ label: child.name, share: child.share }));
  return shareBars(width, rows, GREEN);
}

/** % of communes meeting each criterion, in the order of the set. */
export function criteriaChart(data: ReportData, width: number): string | null {
  if (data.criteria.length === 0) return null;
  return shareBars(
    width,
    data.criteria.map((criterion) => ({
      label: `${criterion.code}. ${criterion.name}`,
      share: criterion.share,
    })),
    BAR,
  );
}

/** Number of communes in each official band (all criteria, 15–18, …), this year and last. */
export function bandsChart(data: ReportData, width: number): string | null {
  const { summary } = data;
  if (data.bands.length === 0) return null;
  const previous = summary.previousYear;
  const label = {
    show: true,
    position: 'top',
    fontSize: 8,
    color: TEXT,
    formatter: (params: { value: unknown }) =>
      typeof params.value === 'number' ? formatNumber(params.value) : '',
  };
  return render(width, 190, {
    legend: { top: 0, itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 8 } },
    grid: { left: 4, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: data.bands.map((band) => band.label),
      axisTick: { show: false },
      axisLabel: { fontSize: 8, interval: 0 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { fontSize: 8, formatter: (value: number) => formatNumber(value) },
      splitLine: { lineStyle: { color: '#e0e0e0' } },
    },
    series: [
      ...(previous
        ? [
            {
              type: 'bar',
              name: `Năm ${previous.year}`,
              itemStyle: { color: GREY },
              data: data.bands.map((band) => band.previousCommunes ?? 0),
              label,
            },
          ]
        : []),
      {
        type: 'bar',
        name: `Năm ${summary.year}`,
        itemStyle: { color: GREEN },
        data: data.bands.map((band) => band.communes),
        label,
      },
    ],
  });
}
