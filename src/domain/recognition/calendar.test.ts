import { describe, expect, it } from 'vitest';
import {
  WEEKENDS_ONLY,
  addDays,
  addWorkingDays,
  calendarCovers,
  dueDate,
  isWorkingDay,
  parseHolidayCalendar,
  vietnamDate,
  workingDaysBetween,
} from './calendar';
import { CAL } from './test-helpers';

describe('working-day calendar', () => {
  it('covers 2022–2027', () => {
    expect(CAL.years).toEqual([2022, 2023, 2024, 2025, 2026, 2027]);
    expect(calendarCovers(CAL, '2026-03-12')).toBe(true);
    expect(calendarCovers(CAL, '2028-01-03')).toBe(false);
  });
  it('Tết Bính Ngọ 2026: nine days off from 14/02 to 22/02', () => {
    for (let d = '2026-02-14'; d <= '2026-02-22'; d = addDays(d, 1))
      expect(isWorkingDay(d, CAL), d).toBe(false);
    expect(isWorkingDay('2026-02-13', CAL)).toBe(true);
    expect(isWorkingDay('2026-02-23', CAL)).toBe(true);
    expect(addWorkingDays('2026-02-13', 1, CAL)).toBe('2026-02-23');
    expect(workingDaysBetween('2026-02-13', '2026-02-23', CAL)).toBe(1);
    expect(addWorkingDays('2026-02-10', 5, CAL)).toBe('2026-02-24');
  });
  it('Quốc khánh 2025: 01/09 and 02/09 off', () => {
    expect(isWorkingDay('2025-08-29', CAL)).toBe(true);
    expect(isWorkingDay('2025-09-01', CAL)).toBe(false);
    expect(isWorkingDay('2025-09-02', CAL)).toBe(false);
    expect(addWorkingDays('2025-08-29', 1, CAL)).toBe('2025-09-03');
    expect(addWorkingDays('2025-08-29', 1, WEEKENDS_ONLY)).toBe('2025-09-01');
  });
  it('a make-up Saturday is worked: 26/04/2025 for 02/05/2025', () => {
    expect(isWorkingDay('2025-04-26', CAL)).toBe(true);
    expect(isWorkingDay('2025-05-02', CAL)).toBe(false);
    expect(addWorkingDays('2025-04-25', 1, CAL)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-29', 1, CAL)).toBe('2025-05-05');
    expect(workingDaysBetween('2025-04-24', '2025-05-05', CAL)).toBe(5); // 25, 26 (Sat), 28, 29, 05/05
  });
  it('day 0 is the start itself; counts backwards; between is the inverse', () => {
    expect(addWorkingDays('2026-03-14', 0, CAL)).toBe('2026-03-14');
    expect(addWorkingDays('2026-03-16', -1, CAL)).toBe('2026-03-13');
    expect(workingDaysBetween('2026-03-20', '2026-03-13', CAL)).toBe(-5);
    for (const start of ['2025-01-20', '2025-08-25', '2026-02-11', '2027-02-01'])
      for (const n of [1, 5, 20])
        expect(workingDaysBetween(start, addWorkingDays(start, n, CAL), CAL)).toBe(n);
  });
  it('due dates in working or calendar days, from a Vietnam timestamp', () => {
    expect(vietnamDate('2025-06-30T17:30:00Z')).toBe('2025-07-01');
    expect(vietnamDate('2025-06-30T16:59:59Z')).toBe('2025-06-30');
    expect(vietnamDate('2025-06-30')).toBe('2025-06-30');
    expect(dueDate('2026-02-09T01:00:00Z', { amount: 20, unit: 'working_days' }, CAL)).toBe(
      '2026-03-16',
    );
    expect(dueDate('2026-02-09', { amount: 15, unit: 'days' }, CAL)).toBe('2026-02-24');
  });
  it('years outside the data: weekends only', () => {
    expect(isWorkingDay('2028-01-03', CAL)).toBe(true);
    expect(addWorkingDays('2028-01-07', 1, CAL)).toBe('2028-01-10');
  });
  it('reports file errors with their paths', () => {
    const r = parseHolidayCalendar(`years:
  - year: 2030
    verified: false
    basis: [x]
    holidays:
      - { date: 2031-01-01, name: Tết }
      - { date: 2030-02-30, name: Sai }
    extraWorkdays:
      - { date: 2030-01-02, name: Thứ Tư }
`);
    expect('errors' in r && r.errors).toEqual([
      'years[0].holidays[1].date: phải là ngày dạng YYYY-MM-DD (ví dụ 2025-07-01)',
    ]);
    const r2 = parseHolidayCalendar(`years:
  - year: 2030
    verified: false
    basis: [x]
    holidays:
      - { date: 2031-01-01, name: Tết }
    extraWorkdays:
      - { date: 2030-01-02, name: Thứ Tư }
`);
    expect('errors' in r2 && r2.errors).toEqual([
      'years[0].holidays[0].date: ngày 2031-01-01 không thuộc năm 2030',
      'years[0].extraWorkdays[0].date: ngày làm bù 2030-01-02 phải là thứ Bảy hoặc Chủ nhật',
    ]);
  });
});
