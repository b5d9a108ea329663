import { viCollator } from '../../lib/format';
import type { StatsChild, StatsCommune, StatsSummary, StatsTotals } from './types';

/**
 * The figures of a dashboard, from a stats summary: shares, the change since last year, the
 * official distribution, the criteria that hold communes back. Pure, so it is tested without a
 * browser.
 */

/** `part` of `whole` in % (0–100); null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** Share of the communes meeting the standard (over every rural commune, as the programme counts). */
export function metShare(totals: StatsTotals): number | null {
  return share(totals.met, totals.communes);
}

/** Communes with no stored evaluation (no data, or not approved yet for readers of approved data). */
export function unevaluatedCount(totals: StatsTotals): number {
  return Math.max(0, totals.communes - totals.evaluated);
}

/** Communes judged against thresholds: evaluated and placed in a region or group. */
export function judgedCount(totals: StatsTotals): number {
  return Math.max(0, totals.evaluated - totals.unclassified);
}

/** Share of the evaluated communes that still miss a value. */
export function missingShare(totals: StatsTotals): number | null {
  return share(totals.withMissing, totals.evaluated);
}

export interface YearChange {
  previousYear: number;
  /** Change of the met share, in percentage points (positive: more communes meet). */
  points: number;
}

/**
 * The change of the met share since the previous year, on the same map; null when either year
 * has no evaluated commune (nothing to compare).
 */
export function yearChange(
  summary: Pick<StatsSummary, 'totals' | 'previousYear'>,
): YearChange | null {
  const previous = summary.previousYear;
  if (!previous || previous.totals.evaluated === 0 || summary.totals.evaluated === 0) return null;
  const now = metShare(summary.totals);
  const before = metShare(previous.totals);
  if (now === null || before === null) return null;
  return { previousYear: previous.year, points: now - before };
}

export type BandKey = 'all' | 'b1' | 'b2' | 'b3' | 'b4' | 'none';

export interface BandSegment {
  key: BandKey;
  /** "19 tiêu chí", "15–18 tiêu chí"… ; empty for `none` (the page names it). */
  label: string;
  count: number;
  /** Share of every commune of the scope. */
  share: number | null;
  /** The list of communes behind the segment. */
  filter: string;
}

/**
 * The official distribution by criteria met (19 / 15–18 / 10–14 / 5–9 / under 5), then the
 * communes without a result (not evaluated, or not placed in a region), so the segments add up
 * to every commune of the scope.
 */
export function bandSegments(
  summary: Pick<StatsSummary, 'bands'>,
  totals: StatsTotals,
): BandSegment[] {
  const segments: BandSegment[] = summary.bands.map((band) => {
    const count = totals.bands[band.key] ?? 0;
    return {
      key: band.key as BandKey,
      label: band.label,
      count,
      share: share(count, totals.communes),
      filter: `band:${band.key}`,
    };
  });
  const banded = segments.reduce((sum, segment) => sum + segment.count, 0);
  const none = Math.max(0, totals.communes - banded);
  segments.push({
    key: 'none',
    label: '',
    count: none,
    share: share(none, totals.communes),
    filter:
      totals.unclassified > 0 && unevaluatedCount(totals) === 0 ? 'unclassified' : 'unevaluated',
  });
  return segments;
}

export interface CriterionShare {
  code: string;
  name: string;
  met: number;
  /** Communes with a failing value for the criterion. */
  notMet: number;
  /** Communes lacking data for the criterion (no failing value): not counted as not met. */
  missing: number;
  /** Share of the judged communes meeting the criterion; null when none was judged. */
  share: number | null;
}

/**
 * Each criterion with the share of judged communes meeting it, lowest first: the criteria that
 * hold communes back come on top. Ties keep the set's order.
 */
export function criterionShares(
  summary: Pick<StatsSummary, 'criteria' | 'totals'>,
): CriterionShare[] {
  const judged = judgedCount(summary.totals);
  return summary.criteria
    .map((criterion, index) => ({
      index,
      code: criterion.code,
      name: criterion.name,
      met: criterion.met,
      // Missing data is not failure: the API counts not met and missing apart.
      notMet: criterion.notMet,
      missing: criterion.missing,
      share: share(criterion.met, judged),
    }))
    .sort((a, b) => (a.share ?? 101) - (b.share ?? 101) || a.index - b.index)
    .map(({ index: _index, ...rest }) => rest);
}

export interface ChildRow {
  code: string;
  name: string;
  level: string;
  communes: number;
  evaluated: number;
  met: number;
  metShare: number | null;
  averageCriteriaMet: number | null;
  withMissing: number;
}

/** The children that hold rural communes (wards and towns without communes are left out). */
export function childRows(children: readonly StatsChild[]): { rows: ChildRow[]; hidden: number } {
  const rows: ChildRow[] = [];
  let hidden = 0;
  for (const child of children) {
    if (child.communes === 0) {
      hidden++;
      continue;
    }
    rows.push({
      code: child.code,
      name: child.name,
      level: child.level,
      communes: child.communes,
      evaluated: child.evaluated,
      met: child.met,
      metShare: metShare(child),
      averageCriteriaMet: child.averageCriteriaMet,
      withMissing: child.withMissing,
    });
  }
  return { rows, hidden };
}

export type SortDirection = 'asc' | 'desc';

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

/**
 * Sorts rows by a column: names with Vietnamese collation, numbers numerically; empty values
 * (no data) always last; ties in Vietnamese name order.
 */
export function sortRows<T extends { name: string }, K extends keyof T & string>(
  rows: readonly T[],
  sort: SortState<K>,
): T[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return viCollator.compare(a.name, b.name);
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    const order =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : viCollator.compare(String(x), String(y));
    return order === 0 ? viCollator.compare(a.name, b.name) : order * sign;
  });
}

/** The next sort when a column header is pressed: same column flips, a new one starts ascending for names, descending for numbers. */
export function nextSort<K extends string>(
  current: SortState<K>,
  key: K,
  textual: boolean,
): SortState<K> {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { key, direction: textual ? 'asc' : 'desc' };
}

/** A commune's result for sorting the list behind a figure. */
export type CommuneSortKey = 'name' | 'criteriaMet' | 'indicatorsMissing' | 'parents';

export function sortCommunes(
  items: readonly StatsCommune[],
  sort: SortState<CommuneSortKey>,
): StatsCommune[] {
  return sortRows(items, sort);
}

export interface TrendPoint {
  year: number;
  communes: number;
  evaluated: number;
  met: number;
  /** Met share over every commune; null when no commune was evaluated that year. */
  share: number | null;
  set: string;
}

/** One point per year (oldest first); a year without any evaluated commune has no share. */
export function trendPoints(
  summaries: readonly Pick<StatsSummary, 'year' | 'totals' | 'set'>[],
): TrendPoint[] {
  return [...summaries]
    .sort((a, b) => a.year - b.year)
    .map((summary) => ({
      year: summary.year,
      communes: summary.totals.communes,
      evaluated: summary.totals.evaluated,
      met: summary.totals.met,
      share: summary.totals.evaluated > 0 ? metShare(summary.totals) : null,
      set: summary.set.code,
    }));
}

/**
 * The year a dashboard opens on: the latest year, from `fromYear` down, with at least one
 * evaluated commune; `fallback` when none has.
 */
export function latestYearWithData(
  evaluatedByYear: ReadonlyMap<number, number>,
  fromYear: number,
  firstYear: number,
  fallback: number,
): number {
  for (let year = fromYear; year >= firstYear; year--) {
    if ((evaluatedByYear.get(year) ?? 0) > 0) return year;
  }
  return fallback;
}

/**
 * How many communes the list behind a filter holds, from the summary (null when the summary does
 * not tell: an indicator's "not met" leaves out the indicators with no rule).
 */
export function expectedCount(
  filter: string,
  summary: Pick<StatsSummary, 'totals' | 'criteria' | 'indicators'>,
): number | null {
  const totals = summary.totals;
  switch (filter) {
    case 'all':
      return totals.communes;
    case 'met':
      return totals.met;
    case 'not_met':
      return totals.notMet;
    case 'incomplete':
      return totals.incomplete;
    case 'missing':
      return totals.withMissing;
    case 'unclassified':
      return totals.unclassified;
    case 'unevaluated':
      return unevaluatedCount(totals);
  }
  const [kind, code = '', status] = filter.split(':');
  if (kind === 'band') return totals.bands[code] ?? null;
  if (kind === 'criterion') {
    const criterion = summary.criteria.find((item) => item.code === code);
    if (!criterion) return null;
    return status === 'met'
      ? criterion.met
      : status === 'incomplete'
        ? criterion.missing
        : criterion.notMet;
  }
  if (kind === 'indicator') {
    const indicator = summary.indicators.find((item) => item.code === code);
    if (!indicator) return null;
    if (status === 'met') return indicator.met;
    if (status === 'missing') return indicator.missing;
  }
  return null;
}
