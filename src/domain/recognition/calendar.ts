import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { StepDuration } from './types';
import { formatZodIssues, isoDateSchema } from './zod-messages';

/**
 * The working-day calendar of Vietnam's public offices: Monday to Friday, minus the public holidays
 * and Tết days off (Bộ luật Lao động 2019, Điều 112, and the yearly notices), plus the compensating
 * Saturdays (ngày làm bù) announced with a swap. Shipped as `data/calendar/ngay-nghi-le.yaml`, which
 * an administrator may edit. A year outside `years` counts only weekends as non-working: the server
 * warns when a due date falls in such a year.
 */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  /** Compensating Saturdays (ngày làm bù): worked although a weekend day. */
  extraWorkdays: ReadonlySet<string>;
  /** The years the calendar covers, ascending. */
  years: number[];
}

/** One year of the holiday file, as written (for display: its basis and its `verified` mark). */
export interface HolidayYear {
  year: number;
  verified: boolean;
  basis: string[];
  note?: string;
  holidays: Array<{ date: string; name: string }>;
  extraWorkdays: Array<{ date: string; name: string }>;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toEpochDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  return fromEpochDay(toEpochDay(value)) === value;
}

/** The date `n` calendar days after (before, if negative) an ISO date. */
export function addDays(isoDate: string, n: number): string {
  return fromEpochDay(toEpochDay(isoDate) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(isoDate: string): number {
  return new Date(toEpochDay(isoDate) * DAY_MS).getUTCDay();
}

/** The date in Vietnam (UTC+7, no daylight saving) of an ISO timestamp; an ISO date is returned as is. */
export function vietnamDate(isoTimestamp: string): string {
  if (ISO_DATE.test(isoTimestamp)) return isoTimestamp;
  const ms = Date.parse(isoTimestamp);
  if (Number.isNaN(ms)) throw new Error(`not an ISO timestamp: ${isoTimestamp}`);
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** A working day: Monday to Friday and not a holiday, or a compensating working day. */
export function isWorkingDay(isoDate: string, cal: WorkingCalendar): boolean {
  if (cal.extraWorkdays.has(isoDate)) return true;
  const d = weekday(isoDate);
  if (d === 0 || d === 6) return false;
  return !cal.holidays.has(isoDate);
}

/**
 * The date `n` working days after `isoDate` (the start date itself is day 0, never counted): with
 * n = 0 the start date itself; with n < 0, counts backwards.
 */
export function addWorkingDays(isoDate: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n)) throw new Error(`not a whole number of days: ${n}`);
  let day = toEpochDay(isoDate);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    day += step;
    if (isWorkingDay(fromEpochDay(day), cal)) left -= 1;
  }
  return fromEpochDay(day);
}

/**
 * The working days in (from, to]: the start is not counted, the end is. Negative when `to` is
 * before `from`. So `addWorkingDays(from, workingDaysBetween(from, to))` is `to` when `to` is a
 * working day.
 */
export function workingDaysBetween(fromIso: string, toIso: string, cal: WorkingCalendar): number {
  const from = toEpochDay(fromIso);
  const to = toEpochDay(toIso);
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let day = lo + 1; day <= hi; day += 1) if (isWorkingDay(fromEpochDay(day), cal)) count += 1;
  return sign * count;
}

/** The last day of a duration started on `startIso` (a date or a timestamp, taken in Vietnam). */
export function dueDate(
  startIso: string,
  duration: Pick<StepDuration, 'amount' | 'unit'>,
  cal: WorkingCalendar,
): string {
  const start = vietnamDate(startIso);
  return duration.unit === 'days'
    ? addDays(start, duration.amount)
    : addWorkingDays(start, duration.amount, cal);
}

/** A calendar with no holidays: only weekends are non-working (for tests and years not covered). */
export const WEEKENDS_ONLY: WorkingCalendar = {
  holidays: new Set(),
  extraWorkdays: new Set(),
  years: [],
};

/** Does the calendar cover the year of this date (else only weekends count as non-working)? */
export function calendarCovers(cal: WorkingCalendar, isoDate: string): boolean {
  return cal.years.includes(Number(isoDate.slice(0, 4)));
}

const dayEntry = z.strictObject({ date: isoDateSchema, name: z.string().trim().min(1) });
const yearSchema = z.strictObject({
  year: z.number().int().min(1900).max(2200),
  verified: z.boolean(),
  basis: z.array(z.string().trim().min(1)).min(1),
  note: z.string().trim().min(1).optional(),
  holidays: z.array(dayEntry),
  extraWorkdays: z.array(dayEntry).default([]),
});
const fileSchema = z.strictObject({ years: z.array(yearSchema).min(1) });

/** Reads the holiday file; errors in Vietnamese, each naming its path (`years[1].holidays[3].date`). */
export function parseHolidayCalendar(
  yamlText: string,
): { calendar: WorkingCalendar; years: HolidayYear[] } | { errors: string[] } {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (e) {
    return { errors: [`tệp lịch không đọc được (YAML): ${(e as Error).message}`] };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return { errors: formatZodIssues(parsed.error.issues) };
  const errors: string[] = [];
  const holidays = new Set<string>();
  const extra = new Set<string>();
  const seenYears = new Set<number>();
  parsed.data.years.forEach((y, i) => {
    if (seenYears.has(y.year)) errors.push(`years[${i}].year: năm ${y.year} đã khai báo ở trên`);
    seenYears.add(y.year);
    y.holidays.forEach((h, j) => {
      const at = `years[${i}].holidays[${j}].date`;
      if (Number(h.date.slice(0, 4)) !== y.year)
        errors.push(`${at}: ngày ${h.date} không thuộc năm ${y.year}`);
      if (holidays.has(h.date)) errors.push(`${at}: ngày ${h.date} đã khai báo ở trên`);
      holidays.add(h.date);
    });
    y.extraWorkdays.forEach((h, j) => {
      const at = `years[${i}].extraWorkdays[${j}].date`;
      if (Number(h.date.slice(0, 4)) !== y.year)
        errors.push(`${at}: ngày ${h.date} không thuộc năm ${y.year}`);
      const d = weekday(h.date);
      if (d !== 0 && d !== 6)
        errors.push(`${at}: ngày làm bù ${h.date} phải là thứ Bảy hoặc Chủ nhật`);
      if (holidays.has(h.date))
        errors.push(`${at}: ngày ${h.date} vừa là ngày nghỉ vừa là ngày làm bù`);
      extra.add(h.date);
    });
  });
  if (errors.length > 0) return { errors };
  const years: HolidayYear[] = parsed.data.years.map((y) => ({
    year: y.year,
    verified: y.verified,
    basis: y.basis,
    ...(y.note ? { note: y.note } : {}),
    holidays: y.holidays,
    extraWorkdays: y.extraWorkdays,
  }));
  return {
    calendar: {
      holidays,
      extraWorkdays: extra,
      years: [...seenYears].sort((a, b) => a - b),
    },
    years,
  };
}
