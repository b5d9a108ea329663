import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { UnitDetail, UnitLineage, UnitPage, UnitSearchPage } from './types';

/** Units per request: every province, and the communes of almost any province, in one answer. */
export const UNITS_PAGE_SIZE = 200;

export type UnitsQuery = { asOf: string } & ({ level: 'province' } | { parent: string });

/** The units of one level of the tree, sorted by the server in Vietnamese order, page by page. */
export function useUnitList(query: UnitsQuery) {
  return useInfiniteQuery({
    queryKey: ['units', 'list', query],
    queryFn: ({ signal, pageParam }) =>
      api<UnitPage>('/api/v1/units', {
        query: { ...query, page: pageParam, pageSize: UNITS_PAGE_SIZE },
        signal,
      }),
    initialPageParam: 1,
    getNextPageParam: (last, pages) =>
      pages.reduce((count, page) => count + page.items.length, 0) < last.total &&
      last.items.length > 0
        ? pages.length + 1
        : undefined,
    staleTime: 10 * 60_000,
  });
}

/** A unit as of a date, with its ancestors, attributes and the versions of its code. */
export function useUnit(code: string, asOf: string | undefined) {
  return useQuery({
    queryKey: ['units', 'detail', code, asOf],
    queryFn: ({ signal }) =>
      api<UnitDetail>(`/api/v1/units/${encodeURIComponent(code)}`, { query: { asOf }, signal }),
    enabled: asOf !== undefined,
    staleTime: 10 * 60_000,
  });
}

/** Predecessors and successors of the version of `code` valid at `asOf` (latest version without). */
export function useUnitLineage(code: string, asOf: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['units', 'lineage', code, asOf ?? null],
    queryFn: ({ signal }) =>
      api<UnitLineage>(`/api/v1/units/${encodeURIComponent(code)}/lineage`, {
        query: { asOf },
        signal,
      }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** Accent- and case-insensitive search ("cao bang" finds Cao Bằng); best match first. */
export function useUnitSearch(
  q: string,
  asOf: string | undefined,
  options: { level?: 'province' | 'district' | 'commune'; pageSize?: number } = {},
) {
  const text = q.trim();
  return useQuery({
    queryKey: ['units', 'search', text, asOf ?? null, options.level ?? null, options.pageSize],
    queryFn: ({ signal }) =>
      api<UnitSearchPage>('/api/v1/units/search', {
        query: { q: text, asOf, level: options.level, pageSize: options.pageSize ?? 20 },
        signal,
      }),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });
}
