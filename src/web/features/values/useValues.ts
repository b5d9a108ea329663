import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { compileCriteriaSet } from '../../../domain/criteria/evaluate';
import type { CompiledCriteriaSet } from '../../../domain/criteria/evaluate';
import type { CriteriaSet } from '../../../domain/criteria/types';
import { api, ApiError } from '../../lib/api';
import type { CriteriaSetList } from '../criteria/types';
import type { SaveOutcome } from './entryStore';
import type {
  ConflictBody,
  PutValueBody,
  PutValueResponse,
  SubmissionAction,
  SubmissionView,
  UnitValuesResponse,
} from './types';

export interface ValuesTarget {
  unitCode: string;
  setCode: string;
  year: number;
}

const unitUrl = (code: string) => `/api/v1/units/${encodeURIComponent(code)}`;

export const valuesKey = ({ unitCode, setCode, year }: ValuesTarget) =>
  ['values', unitCode, setCode, year] as const;

/** GET /units/{code}/values: every indicator of the set with its value, status and rights. */
export function fetchUnitValues(
  target: ValuesTarget,
  signal?: AbortSignal,
): Promise<UnitValuesResponse> {
  return api<UnitValuesResponse>(`${unitUrl(target.unitCode)}/values`, {
    query: { set: target.setCode, year: target.year },
    signal,
  });
}

export function useUnitValues(target: ValuesTarget) {
  return useQuery({
    queryKey: valuesKey(target),
    queryFn: ({ signal }) => fetchUnitValues(target, signal),
    staleTime: 0,
    // Others may have changed values or the status while the officer was away.
    refetchOnWindowFocus: true,
  });
}

/** The published set as the evaluation engine reads it, compiled once (cached by the browser too). */
export function useSetDefinition(code: string) {
  return useQuery({
    queryKey: ['criteria-sets', 'definition', code],
    queryFn: async ({ signal }): Promise<CompiledCriteriaSet> =>
      compileCriteriaSet(
        await api<CriteriaSet>(`/api/v1/criteria-sets/${encodeURIComponent(code)}/definition`, {
          signal,
        }),
      ),
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });
}

/** Commune-level criteria sets (published ones, and drafts for administrators). */
export function useCommuneSets() {
  return useQuery({
    queryKey: ['criteria-sets', 'list', 'commune'],
    queryFn: ({ signal }) =>
      api<CriteriaSetList>('/api/v1/criteria-sets', {
        query: { level: 'commune', status: 'published', pageSize: 200 },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

/** PUT one value; every answer becomes an outcome the entry store understands. */
export async function putValue(
  target: ValuesTarget,
  indicator: string,
  body: PutValueBody,
): Promise<SaveOutcome> {
  try {
    const answer = await api<PutValueResponse | ConflictBody>(
      `${unitUrl(target.unitCode)}/values/${encodeURIComponent(indicator)}`,
      {
        method: 'PUT',
        query: { set: target.setCode, year: target.year },
        json: body,
        acceptStatuses: [409],
      },
    );
    if ('current' in answer) return { kind: 'conflict', current: answer.current };
    return { kind: 'saved', item: answer.item };
  } catch (error) {
    if (error instanceof ApiError) {
      return { kind: 'error', status: error.status, message: error.message };
    }
    return { kind: 'error', status: 0, message: (error as Error).message };
  }
}

/** Submit, approve, return or reopen; the page's data is read again afterwards. */
export function useSubmissionAction(target: ValuesTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: SubmissionAction; reason?: string }) =>
      api<SubmissionView>(`${unitUrl(target.unitCode)}/submission/${action}`, {
        method: 'POST',
        query: { set: target.setCode, year: target.year },
        json: reason === undefined ? {} : { reason },
      }),
    onSuccess: (submission) => {
      queryClient.setQueryData<UnitValuesResponse>(valuesKey(target), (data) =>
        data ? { ...data, submission } : data,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: valuesKey(target) }),
  });
}
