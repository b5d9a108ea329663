import { z } from 'zod';
import { DATE_RANGE_ISSUE } from './validation-messages';

/**
 * Schema pieces shared by every module's request contract: numbers with a domain range (never
 * unbounded — a value PostgreSQL stores but nothing downstream can compute or serialise breaks
 * every later read), and dates inside a sane calendar range.
 */

/** Earliest and latest dates any request may carry (validity periods, queries, documents). */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';

/** True for a real calendar date written YYYY-MM-DD between `DATE_MIN` and `DATE_MAX`. */
export function isSaneIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return false;
  return text >= DATE_MIN && text <= DATE_MAX;
}

/** A date YYYY-MM-DD, real, from 1900 to 2100. */
export const saneIsoDate = z.string().refine(isSaneIsoDate, {
  message: 'Cần một ngày có thật dạng YYYY-MM-DD, từ 01/01/1900 đến 31/12/2100',
  params: { issue: DATE_RANGE_ISSUE },
});

/** A finite number within [min, max] (zod 4 already refuses NaN and ±Infinity). */
export function boundedNumber(min: number, max: number) {
  return z.number().min(min).max(max);
}

/** A whole number within [min, max]. */
export function boundedInteger(min: number, max: number) {
  return z.number().int().min(min).max(max);
}

/** Largest value of a PostgreSQL `integer` column. */
export const PG_INTEGER_MAX = 2_147_483_647;

/** An optimistic-concurrency version as read (an `integer` column). */
export function versionNumber(min = 1) {
  return boundedInteger(min, PG_INTEGER_MAX);
}

/** A percentage. */
export const percentNumber = boundedNumber(0, 100);

/** A count of units (communes, districts) in any scope: the country has about 10,000 communes. */
export const unitCountNumber = boundedInteger(0, 100_000);

/** A measured value of an indicator (percent 0–100 is checked by the criteria rules). */
export const indicatorNumber = boundedNumber(-1e12, 1e12);

/** A page number in a query string. */
export const pageParam = z.coerce.number().int().min(1).max(100_000);
