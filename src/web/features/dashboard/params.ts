import { paths, valuesPath, YEAR_PARAM } from '../../app/paths';
import type { MapMode, StatsScope } from './types';

/**
 * Addresses of the dashboards, with Vietnamese query parameters as officials read them:
 * /bang-dieu-khien?don-vi=15&nam=2025&ban-do=hien-nay&danh-sach=met.
 */

export const UNIT_PARAM = 'don-vi';
export const MAP_PARAM = 'ban-do';
export const SET_PARAM = 'bo';
/** The list of communes behind a figure: the filter of /stats/communes. */
export const LIST_PARAM = 'danh-sach';
export const PAGE_PARAM = 'trang';

/** `ban-do` values: the map of the year (default, left out) or today's map. */
const MAP_WORDS: Record<MapMode, string> = { year: 'nam-do', current: 'hien-nay' };

/** The first year the dashboards offer (the 2021–2025 programme's data). */
export const FIRST_YEAR = 2022;

/** Filters of the list behind a figure, as the API takes them. */
const FILTER =
  /^(all|met|not_met|missing|unclassified|unevaluated|band:(all|b[1-4])|criterion:[^:]+:(met|not_met)|indicator:[^:]+:(met|not_met|missing))$/;

export function isStatsFilter(value: string | null | undefined): value is string {
  return !!value && FILTER.test(value);
}

export interface DashboardParams {
  /** Unit code; undefined: the whole country. */
  unit?: string;
  /** Undefined: the latest year with data. */
  year?: number;
  map: MapMode;
  set?: string;
  /** Filter of the list of communes open over the page. */
  list?: string;
  page: number;
}

function readYear(text: string | null): number | undefined {
  if (!text || !/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return year >= 2000 && year <= 2100 ? year : undefined;
}

/** Reads the dashboard's query; anything unreadable is left out (defaults apply). */
export function readDashboardParams(search: URLSearchParams): DashboardParams {
  const unit = search.get(UNIT_PARAM) ?? '';
  const set = search.get(SET_PARAM) ?? '';
  const list = search.get(LIST_PARAM);
  const page = Number(search.get(PAGE_PARAM) ?? '1');
  return {
    unit: /^\d{2,5}$/.test(unit) ? unit : undefined,
    year: readYear(search.get(YEAR_PARAM)),
    map: search.get(MAP_PARAM) === MAP_WORDS.current ? 'current' : 'year',
    set: /^[a-z0-9][a-z0-9.-]{1,80}$/.test(set) ? set : undefined,
    list: isStatsFilter(list) ? list : undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function withQuery(path: string, entries: [string, string | number | undefined][]): string {
  const query = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A dashboard: /bang-dieu-khien?don-vi=15&nam=2025 (the map of the year is the default). */
export function dashboardPath(params: Partial<DashboardParams>): string {
  return withQuery(paths.dashboard, [
    [UNIT_PARAM, params.unit],
    [YEAR_PARAM, params.year],
    [MAP_PARAM, params.map === 'current' ? MAP_WORDS.current : undefined],
    [SET_PARAM, params.set],
    [LIST_PARAM, params.list],
    [PAGE_PARAM, params.list && params.page && params.page > 1 ? params.page : undefined],
  ]);
}

/** A commune's scorecard: /bang-dieu-khien/xa/04381?nam=2025&bo=xa-ntm-2021-2025. */
export function scorecardPath(code: string, year?: number, set?: string): string {
  return withQuery(`${paths.dashboard}/xa/${encodeURIComponent(code)}`, [
    [YEAR_PARAM, year],
    [SET_PARAM, set],
  ]);
}

/** The targets page: /muc-tieu?don-vi=15. */
export function targetsPath(unit?: string, year?: number): string {
  return withQuery(paths.targets, [
    [UNIT_PARAM, unit],
    [YEAR_PARAM, year],
  ]);
}

/** The entry page of a commune's values (for people who may edit). */
export function entryPath(code: string, year: number, set: string): string {
  return valuesPath(code, year, set);
}

/** The API query of a scope (stats summary, communes, reports). */
export function statsQuery(scope: StatsScope): Record<string, string | number | undefined> {
  return { unit: scope.unit, year: scope.year, map: scope.map, set: scope.set };
}

/** A report of the scope, in the format asked: /api/v1/stats/report.xlsx?unit=15&year=2025&map=year. */
export function reportUrl(scope: StatsScope, format: 'xlsx' | 'pdf'): string {
  return withQuery(`/api/v1/stats/report.${format}`, Object.entries(statsQuery(scope)));
}

/** Years the year picker offers, newest first: `FIRST_YEAR` to this year. */
export function dashboardYears(currentYear: number): number[] {
  const years: number[] = [];
  for (let year = Math.max(currentYear, FIRST_YEAR); year >= FIRST_YEAR; year--) years.push(year);
  return years;
}
