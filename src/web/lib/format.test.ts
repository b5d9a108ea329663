import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatVnd,
  isIsoDate,
  parseDisplayDate,
  previousDay,
  sortByName,
  todayIso,
} from './format';

describe('dates', () => {
  it('shows moments as dd/mm/yyyy hh:mm:ss in local time', () => {
    expect(formatDateTime(new Date(2025, 6, 1, 14, 5, 9))).toBe('01/07/2025 14:05:09');
    expect(formatDateTime('nonsense')).toBe('');
    expect(formatDateTime(null)).toBe('');
  });

  it('steps back one calendar day and recognises ISO dates', () => {
    expect(previousDay('2025-07-01')).toBe('2025-06-30');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(isIsoDate('2025-06-30')).toBe(true);
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('30/06/2025')).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it('shows ISO dates as dd/mm/yyyy without time-zone shifts', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate('2025-06-30')).toBe('30/06/2025');
    expect(formatDate(new Date(2022, 7, 2))).toBe('02/08/2022');
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('parses dd/mm/yyyy back to ISO and rejects impossible dates', () => {
    expect(parseDisplayDate('01/07/2025')).toBe('2025-07-01');
    expect(parseDisplayDate(' 1/7/2025 ')).toBe('2025-07-01');
    expect(parseDisplayDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDisplayDate('29/02/2025')).toBeNull();
    expect(parseDisplayDate('31/04/2025')).toBeNull();
    expect(parseDisplayDate('2025-07-01')).toBeNull();
    expect(parseDisplayDate('')).toBeNull();
  });

  it('gives today as a local calendar date', () => {
    expect(todayIso(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});

describe('numbers', () => {
  it('uses a decimal comma and dot thousands', () => {
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatPercent(70.5)).toBe('70,5%');
    expect(formatVnd(1500000)).toBe('1.500.000 đồng');
  });

  it('writes durations in words', () => {
    expect(formatDuration(12, 'vi')).toBe('12 giây');
    expect(formatDuration(3725, 'vi')).toBe('1 giờ 2 phút');
    expect(formatDuration(190_000, 'vi')).toBe('2 ngày 4 giờ');
    expect(formatDuration(0, 'vi')).toBe('0 giây');
    expect(formatDuration(3600, 'en')).toBe('1 hour');
    expect(formatDuration(90, 'en')).toBe('1 minute 30 seconds');
  });
});

describe('Vietnamese collation', () => {
  it('sorts names in Vietnamese alphabetical order', () => {
    const names = ['Điện Biên', 'Bắc Ninh', 'Đà Nẵng', 'An Giang', 'Cà Mau', 'Ăn Thử'];
    expect(sortByName(names.map((name) => ({ name }))).map((u) => u.name)).toEqual([
      'An Giang',
      'Ăn Thử',
      'Bắc Ninh',
      'Cà Mau',
      'Đà Nẵng',
      'Điện Biên',
    ]);
  });
});
