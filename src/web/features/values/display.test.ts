import { describe, expect, it } from 'vitest';
import type { IndicatorResult } from '../../../domain/criteria/evaluate';
import { changeTime, comparisonText, formatEntryValue } from './display';

const result = (partial: Partial<IndicatorResult>): IndicatorResult => ({
  code: '3.1',
  status: 'met',
  value: 85.5,
  threshold: 80,
  op: 'gte',
  verified: true,
  thresholdClass: null,
  thresholdYear: null,
  judged: false,
  gap: null,
  ...partial,
});

describe('formatEntryValue', () => {
  it('writes values with their unit, the Vietnamese way', () => {
    expect(formatEntryValue(70.5, '%', 'vi', '(trống)')).toBe('70,5%');
    expect(formatEntryValue(1250000, 'đồng', 'vi', '(trống)')).toBe('1.250.000 đồng');
    expect(formatEntryValue(true, undefined, 'vi', '(trống)')).toBe('Đạt');
    expect(formatEntryValue(false, undefined, 'en', '(empty)')).toBe('not met');
    expect(formatEntryValue(null, '%', 'vi', '(trống)')).toBe('(trống)');
  });
});

describe('comparisonText', () => {
  it('shows the comparison behind a numeric verdict', () => {
    expect(comparisonText(result({}), '%', 'vi')).toBe('85,5% ≥ 80%');
    expect(comparisonText(result({ status: 'not_met', value: 70.5 }), '%', 'vi')).toBe(
      '70,5% < 80%',
    );
    expect(
      comparisonText(result({ status: 'not_met', value: 25, threshold: 24, op: 'lte' }), '%', 'vi'),
    ).toBe('25% > 24%');
  });

  it('says nothing for yes/no, judged or missing values', () => {
    expect(
      comparisonText(result({ value: true, threshold: true, op: 'eq' }), undefined, 'vi'),
    ).toBe(null);
    expect(comparisonText(result({ judged: true }), '%', 'vi')).toBeNull();
    expect(comparisonText(result({ status: 'missing', value: null }), '%', 'vi')).toBeNull();
    expect(comparisonText(undefined, '%', 'vi')).toBeNull();
  });
});

describe('changeTime', () => {
  const onDay = (time: string, date: string) => `${time} ngày ${date}`;
  it('gives the time today, the time and day otherwise', () => {
    const now = new Date(2026, 10, 23, 15, 0);
    expect(changeTime(new Date(2026, 10, 23, 14, 2).toISOString(), onDay, now)).toBe('14:02');
    expect(changeTime(new Date(2026, 10, 20, 9, 5).toISOString(), onDay, now)).toBe(
      '09:05 ngày 20/11/2026',
    );
    expect(changeTime(null, onDay, now)).toBe('');
    expect(changeTime('not a date', onDay, now)).toBe('');
  });
});
