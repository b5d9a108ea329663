import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';
import { sortByName } from '../../lib/format';
import type { Unit, UnitPage } from './types';

export type UnitsQuery = { asOf: string } & ({ level: 'province' } | { parent: string });

export interface UnitsResult {
  /** False when the server has no units endpoint yet (404): show the empty state, not an error. */
  available: boolean;
  items: Unit[];
  total: number;
}

export async function fetchUnits(query: UnitsQuery, signal?: AbortSignal): Promise<UnitsResult> {
  try {
    const page = await api<UnitPage>('/api/v1/units', { query, signal });
    const items = Array.isArray(page.items) ? sortByName(page.items) : [];
    return {
      available: true,
      items,
      total: typeof page.total === 'number' ? page.total : items.length,
    };
  } catch (error) {
    if (error instanceof ApiError && error.isNotFound) {
      return { available: false, items: [], total: 0 };
    }
    throw error;
  }
}

export function useUnits(query: UnitsQuery, enabled = true) {
  return useQuery({
    queryKey: ['units', query],
    queryFn: ({ signal }) => fetchUnits(query, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}
