import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { NewTarget, Target, TargetChanges, TargetList } from './types';

const TARGETS_KEY = ['targets'] as const;

/** GET /targets: the programme's targets (and the province's own), each with its progress. */
export function useTargets(unit: string | undefined, year: number | undefined) {
  return useQuery({
    queryKey: [...TARGETS_KEY, unit ?? null, year ?? null],
    queryFn: ({ signal }) => api<TargetList>('/api/v1/targets', { query: { unit, year }, signal }),
    staleTime: 60_000,
  });
}

/** Adds, changes or deletes a province's own target; the lists are read again afterwards. */
export function useTargetMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: TARGETS_KEY });
  const create = useMutation({
    mutationFn: (body: NewTarget) => api<Target>('/api/v1/targets', { method: 'POST', json: body }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ code, body }: { code: string; body: TargetChanges }) =>
      api<Target>(`/api/v1/targets/${encodeURIComponent(code)}`, { method: 'PUT', json: body }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (code: string) =>
      api<unknown>(`/api/v1/targets/${encodeURIComponent(code)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { create, update, remove, refresh };
}
