import { describe, expect, it } from 'vitest';
import type { ChildRow } from '../stats';
import {
  bandsOption,
  childrenOption,
  COLORS,
  criteriaOption,
  horizontalChartHeight,
  trendOption,
} from './options';

type Formatter = (params: { value: unknown }) => string;

const row = (
  code: string,
  name: string,
  metShare: number | null,
  average: number | null,
): ChildRow => ({
  code,
  name,
  level: 'province',
  communes: 10,
  evaluated: metShare === null ? 0 : 10,
  met: metShare === null ? 0 : metShare / 10,
  metShare,
  averageCriteriaMet: average,
  withMissing: 0,
});

describe('chart options', () => {
  it('ranks the children, highest on top, with Vietnamese percentages', () => {
    const option = childrenOption(
      [
        row('01', 'Hà Nội', 40, 17),
        row('15', 'Lào Cai', 62.5, 18.4),
        row('11', 'Điện Biên', null, null),
      ],
      'share',
      19,
      'Tỷ lệ xã đạt chuẩn',
    );
    const yAxis = option.yAxis as { data: string[]; inverse: boolean };
    expect(yAxis.inverse).toBe(true);
    expect(yAxis.data).toEqual(['Lào Cai', 'Hà Nội', 'Điện Biên']);
    const series = (
      option.series as {
        data: { value: unknown; code: string }[];
        label: { formatter: Formatter };
      }[]
    )[0]!;
    expect(series.data.map((item) => item.code)).toEqual(['15', '01', '11']);
    expect(series.data[2]?.value).toBe('-');
    expect(series.label.formatter({ value: 62.5 })).toBe('62,5%');
    expect(series.label.formatter({ value: '-' })).toBe('—');
  });

  it('shows communes by their criteria met on a 0–19 axis', () => {
    const option = childrenOption([row('a', 'Xã A', 100, 19)], 'criteria', 19, 'Số tiêu chí đạt');
    expect((option.xAxis as { max: number }).max).toBe(19);
    const series = (option.series as { data: { value: unknown }[] }[])[0]!;
    expect(series.data[0]?.value).toBe(19);
  });

  it('stacks the bands of each year, only this year’s bar leading to lists', () => {
    const segments = (all: number) => [
      { key: 'all' as const, label: '19 tiêu chí', count: all, share: all, filter: 'band:all' },
      {
        key: 'none' as const,
        label: '',
        count: 100 - all,
        share: 100 - all,
        filter: 'unevaluated',
      },
    ];
    const option = bandsOption(
      [
        { label: '2025', segments: segments(60) },
        { label: '2024', segments: segments(50) },
      ],
      { all: '19 tiêu chí', b1: '', b2: '', b3: '', b4: '', none: 'Chưa có kết quả' },
    );
    const series = option.series as {
      name: string;
      stack: string;
      data: { value: number; filter?: string }[];
      itemStyle: { color: string };
    }[];
    expect(series.map((s) => s.name)).toEqual(['19 tiêu chí', 'Chưa có kết quả']);
    expect(series.every((s) => s.stack === 'bands')).toBe(true);
    expect(series[0]?.data).toEqual([
      { value: 60, filter: 'band:all' },
      { value: 50, filter: undefined },
    ]);
    expect(series[1]?.itemStyle.color).toBe(COLORS.bands.none);
  });

  it('labels criteria with their code and marks those not met by every commune', () => {
    const option = criteriaOption(
      [
        { code: '17', name: 'Môi trường', met: 5, notMet: 4, missing: 1, share: 50 },
        { code: '1', name: 'Quy hoạch', met: 10, notMet: 0, missing: 0, share: 100 },
      ],
      'Tỷ lệ',
    );
    expect((option.yAxis as { data: string[] }).data).toEqual(['17. Môi trường', '1. Quy hoạch']);
    const data = (option.series as { data: { itemStyle: { color: string } }[] }[])[0]!.data;
    expect(data[0]?.itemStyle.color).toBe(COLORS.bands.b2);
    expect(data[1]?.itemStyle.color).toBe(COLORS.met);
  });

  it('leaves a gap in the trend for a year without data', () => {
    const option = trendOption(
      [
        { year: 2023, communes: 10, evaluated: 0, met: 0, share: null, set: 'x' },
        { year: 2024, communes: 10, evaluated: 10, met: 5, share: 50, set: 'x' },
      ],
      'Tỷ lệ',
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['2023', '2024']);
    expect((option.series as { data: unknown[] }[])[0]?.data).toEqual(['-', 50]);
  });

  it('grows horizontal charts with their rows', () => {
    expect(horizontalChartHeight(2)).toBe(160);
    expect(horizontalChartHeight(34)).toBe(34 * 24 + 56);
  });
});
