import { formatNumber, formatPercent } from '../../../lib/format';
import type { BandSegment, ChildRow, CriterionShare, TrendPoint } from '../stats';
import type { ChartOption } from './types';

/**
 * ECharts options of the dashboards, built from the page's figures (pure: tested in Node). Numbers
 * are written the Vietnamese way (70,5%); every chart also has a table view on the page.
 */

/** Colours with their words on the page: the chart is never the only way to read a figure. */
export const COLORS = {
  met: '#157a5f',
  notMet: '#c92a2a',
  trend: '#1c4f8a',
  axis: '#5c6670',
  grid: '#e3e9e7',
  bands: {
    all: '#157a5f',
    b1: '#63b38f',
    b2: '#e0a100',
    b3: '#e8590c',
    b4: '#b02525',
    none: '#adb5bd',
  },
} as const;

const FONT = '"Be Vietnam Pro", "Noto Sans", sans-serif';

const percentValue = (value: unknown) => (typeof value === 'number' ? formatPercent(value) : '—');

const axisLabel = { color: COLORS.axis, fontFamily: FONT, fontSize: 12 };
const splitLine = { lineStyle: { color: COLORS.grid } };

function percentAxis(compact = false) {
  return {
    type: 'value' as const,
    min: 0,
    max: 100,
    // A phone has room for 0%, 50% and 100% only.
    ...(compact ? { interval: 50 } : {}),
    axisLabel: { ...axisLabel, formatter: (value: number) => formatPercent(value, 0) },
    splitLine,
  };
}

/** Bar height per row of a horizontal bar chart, and the room around the bars. */
const ROW = 24;
const FRAME = 56;

export function horizontalChartHeight(rows: number): number {
  return Math.max(160, rows * ROW + FRAME);
}

/**
 * The children of the scope: share of communes meeting the standard (provinces, districts), or a
 * commune's criteria met when the children are communes. Highest on top.
 */
export function childrenOption(
  rows: readonly ChildRow[],
  mode: 'share' | 'criteria',
  criteriaTotal: number,
  seriesName: string,
  compact = false,
): ChartOption {
  const value = (row: ChildRow) => (mode === 'share' ? row.metShare : row.averageCriteriaMet);
  const sorted = [...rows].sort((a, b) => (value(b) ?? -1) - (value(a) ?? -1));
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) =>
        mode === 'share'
          ? percentValue(v)
          : typeof v === 'number'
            ? `${formatNumber(v, 1)}/${criteriaTotal}`
            : '—',
    },
    xAxis:
      mode === 'share'
        ? percentAxis(compact)
        : {
            type: 'value',
            min: 0,
            max: criteriaTotal,
            axisLabel,
            splitLine,
          },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((row) => row.name),
      axisLabel: { ...axisLabel, width: compact ? 96 : 150, overflow: 'truncate' },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: seriesName,
        data: sorted.map((row) => ({
          value: value(row) ?? '-',
          code: row.code,
          itemStyle: {
            color:
              mode === 'criteria' && row.met === 0 && row.evaluated > 0
                ? COLORS.bands.b1
                : COLORS.met,
          },
        })),
        barMaxWidth: 18,
        cursor: 'pointer',
        label: {
          show: true,
          position: 'right',
          color: COLORS.axis,
          fontFamily: FONT,
          formatter: ({ value: v }) =>
            typeof v === 'number'
              ? mode === 'share'
                ? formatPercent(v)
                : formatNumber(v, 1)
              : '—',
        },
      },
    ],
  };
}

/**
 * The official distribution by criteria met: one 100 % stacked bar per year shown (this year,
 * and the year before on the same map when it has data).
 */
export function bandsOption(
  rows: readonly { label: string; segments: readonly BandSegment[] }[],
  names: Readonly<Record<BandSegment['key'], string>>,
  compact = false,
): ChartOption {
  const keys = rows[0]?.segments.map((segment) => segment.key) ?? [];
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    legend: {
      bottom: 0,
      itemWidth: 14,
      itemHeight: 14,
      textStyle: { color: COLORS.axis, fontFamily: FONT },
    },
    grid: { left: 8, right: 16, top: 8, bottom: compact ? 104 : 64, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percentValue },
    xAxis: percentAxis(compact),
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((row) => row.label),
      axisLabel,
      axisTick: { show: false },
    },
    series: keys.map((key) => ({
      type: 'bar' as const,
      name: names[key],
      stack: 'bands',
      barMaxWidth: 36,
      cursor: 'pointer',
      itemStyle: { color: COLORS.bands[key] },
      // Only the first row (the year shown) leads to a list: the lists are of that year.
      data: rows.map((row, index) => {
        const segment = row.segments.find((item) => item.key === key);
        return { value: segment?.share ?? 0, filter: index === 0 ? segment?.filter : undefined };
      }),
    })),
  };
}

/** Share of communes meeting each criterion, lowest on top: which criteria hold communes back. */
export function criteriaOption(
  shares: readonly CriterionShare[],
  seriesName: string,
  compact = false,
): ChartOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percentValue },
    xAxis: percentAxis(compact),
    yAxis: {
      type: 'category',
      inverse: true,
      data: shares.map((item) => `${item.code}. ${item.name}`),
      axisLabel: { ...axisLabel, width: compact ? 120 : 260, overflow: 'truncate' },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: 18,
        cursor: 'pointer',
        data: shares.map((item) => ({
          value: item.share ?? '-',
          code: item.code,
          itemStyle: { color: (item.share ?? 0) < 100 ? COLORS.bands.b2 : COLORS.met },
        })),
        label: {
          show: true,
          position: 'right',
          color: COLORS.axis,
          fontFamily: FONT,
          formatter: ({ value: v }) => percentValue(v),
        },
      },
    ],
  };
}

/** Share of communes meeting the standard, year by year (a year without data leaves a gap). */
export function trendOption(points: readonly TrendPoint[], seriesName: string): ChartOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: percentValue },
    xAxis: {
      type: 'category',
      data: points.map((point) => String(point.year)),
      axisLabel,
      axisTick: { alignWithLabel: true },
    },
    yAxis: percentAxis(),
    series: [
      {
        type: 'line',
        name: seriesName,
        data: points.map((point) => point.share ?? '-'),
        connectNulls: false,
        symbolSize: 9,
        lineStyle: { width: 3, color: COLORS.trend },
        itemStyle: { color: COLORS.trend },
        label: {
          show: true,
          position: 'top',
          color: COLORS.axis,
          fontFamily: FONT,
          formatter: ({ value: v }) => percentValue(v),
        },
      },
    ],
  };
}
