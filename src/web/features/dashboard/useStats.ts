import {
  keepPreviousData,
  queryOptions,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { CriteriaSet } from '../../../domain/criteria/types';
import { api, ApiError } from '../../lib/api';
import type { CriteriaSetList } from '../criteria/types';
import { FIRST_YEAR, statsQuery } from './params';
import { latestYearWithData } from './stats';
import type { CommuneValues, MapMode, StatsCommunes, StatsScope, StatsSummary } from './types';

/** Statistics change when values are saved; a minute is fresh enough for a dashboard. */
const STATS_STALE = 60_000;

export function summaryOptions(scope: StatsScope) {
  return queryOptions({
    queryKey: ['stats', 'summary', scope.unit ?? null, scope.year, scope.map, scope.set ?? null],
    queryFn: ({ signal }) =>
      api<StatsSummary>('/api/v1/stats/summary', { query: statsQuery(scope), signal }),
    staleTime: STATS_STALE,
  });
}

/** GET /stats/summary: totals, bands, criteria, children of the scope. */
export function useStatsSummary(scope: StatsScope | null) {
  return useQuery({
    ...summaryOptions(scope ?? { year: 0, map: 'year' }),
    enabled: scope !== null,
    placeholderData: keepPreviousData,
  });
}

/** A year the API has no answer for (no criteria set then, or no unit with this code then). */
function isNoAnswer(error: unknown): boolean {
  return error instanceof ApiError && [400, 404, 422].includes(error.status);
}

/**
 * The latest year, from this year back to 2022, in which some commune of the scope has an
 * evaluation (the reader sees); last year when none has. The summaries read are kept in the
 * cache: the page and its trend use them again.
 */
export function useLatestYear(
  unit: string | undefined,
  map: MapMode,
  set: string | undefined,
  enabled: boolean,
) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['stats', 'latest-year', unit ?? null, map, set ?? null],
    queryFn: async () => {
      const thisYear = new Date().getFullYear();
      const evaluated = new Map<number, number>();
      for (let year = thisYear; year >= FIRST_YEAR; year--) {
        try {
          const summary = await queryClient.fetchQuery(summaryOptions({ unit, year, map, set }));
          evaluated.set(year, summary.totals.evaluated);
          if (summary.totals.evaluated > 0) break;
        } catch (error) {
          if (!isNoAnswer(error)) throw error;
        }
      }
      return latestYearWithData(evaluated, thisYear, FIRST_YEAR, thisYear - 1);
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Summaries of `years` (for the trend); a year without an answer is left out. */
export function useTrendSummaries(scope: Omit<StatsScope, 'year'>, years: readonly number[]) {
  return useQueries({
    queries: years.map((year) => ({ ...summaryOptions({ ...scope, year }), retry: false })),
    combine: (results) => ({
      pending: results.some((result) => result.isPending),
      failed: results.some((result) => result.isError && !isNoAnswer(result.error)),
      summaries: results.flatMap((result) => (result.data ? [result.data] : [])),
    }),
  });
}

export interface CommunesRequest {
  filter: string;
  page: number;
  pageSize: number;
}

/** GET /stats/communes: the communes behind a figure, in Vietnamese order, one page. */
export function useStatsCommunes(scope: StatsScope, request: CommunesRequest | null) {
  return useQuery({
    queryKey: [
      'stats',
      'communes',
      scope.unit ?? null,
      scope.year,
      scope.map,
      scope.set ?? null,
      request?.filter ?? null,
      request?.page ?? 1,
      request?.pageSize ?? 0,
    ],
    queryFn: ({ signal }) =>
      api<StatsCommunes>('/api/v1/stats/communes', {
        query: { ...statsQuery(scope), ...request },
        signal,
      }),
    enabled: request !== null,
    staleTime: STATS_STALE,
    placeholderData: keepPreviousData,
  });
}

/** A commune's values, evaluation and submission for a set and year (readers in scope). */
export function useCommuneValues(code: string, set: string | undefined, year: number) {
  return useQuery({
    queryKey: ['dashboard', 'values', code, set ?? null, year],
    queryFn: ({ signal }) =>
      api<CommuneValues>(`/api/v1/units/${encodeURIComponent(code)}/values`, {
        query: { set, year },
        signal,
      }),
    enabled: set !== undefined,
    staleTime: 30_000,
  });
}

/** The set as the evaluation engine reads it (the browser keeps it: a published set never changes). */
export function useSetDefinition(code: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'definition', code ?? null],
    queryFn: ({ signal }) =>
      api<CriteriaSet>(`/api/v1/criteria-sets/${encodeURIComponent(code ?? '')}/definition`, {
        signal,
      }),
    enabled: code !== undefined,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });
}

/**
 * The central standard commune set that applies to `year` (what the dashboards count with), for
 * a scorecard opened without its set in the address.
 */
export function useDefaultCommuneSet(year: number, enabled: boolean) {
  return useQuery({
    queryKey: ['dashboard', 'default-set', year],
    queryFn: async ({ signal }) => {
      const list = await api<CriteriaSetList>('/api/v1/criteria-sets', {
        query: { level: 'commune', status: 'published', pageSize: 200 },
        signal,
      });
      const fits = list.items
        .filter(
          (set) =>
            set.issuer === 'central' &&
            set.kind === 'standard' &&
            Number(set.validFrom.slice(0, 4)) <= year &&
            Number(set.validTo.slice(0, 4)) >= year,
        )
        .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
      return fits[0]?.code ?? null;
    },
    enabled,
    staleTime: 10 * 60_000,
  });
}
