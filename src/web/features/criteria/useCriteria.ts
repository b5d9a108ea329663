import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type {
  CriteriaSet,
  CriteriaSetDiff,
  CriteriaSetList,
  CriteriaSetSource,
  InvalidSetBody,
  SetIssue,
  ValidationResult,
} from './types';

/** A text the server refused (422): its message and every problem with its line and column. */
export class SetInvalidError extends Error {
  override readonly name = 'SetInvalidError';

  constructor(
    message: string,
    readonly issues: SetIssue[],
  ) {
    super(message);
  }
}

/** Sends a draft; a 422 answer becomes a SetInvalidError carrying the issues. */
async function sendDraft(
  url: string,
  method: 'POST' | 'PUT',
  json: Record<string, unknown>,
): Promise<CriteriaSet> {
  const body = await api<CriteriaSet | InvalidSetBody>(url, {
    method,
    json,
    acceptStatuses: [422],
  });
  if ('errors' in body) throw new SetInvalidError(body.error.message, body.errors);
  return body;
}

const CRITERIA_KEY = ['criteria-sets'] as const;

const setUrl = (code: string) => `/api/v1/criteria-sets/${encodeURIComponent(code)}`;

/** GET /api/v1/criteria-sets: published sets (and drafts, for administrators). */
export function useCriteriaSets() {
  return useQuery({
    queryKey: [...CRITERIA_KEY, 'list'],
    queryFn: ({ signal }) =>
      api<CriteriaSetList>('/api/v1/criteria-sets', { query: { pageSize: 200 }, signal }),
    staleTime: 60_000,
  });
}

/** One set with its criteria, indicators and thresholds. */
export function useCriteriaSet(code: string) {
  return useQuery({
    queryKey: [...CRITERIA_KEY, 'detail', code],
    queryFn: ({ signal }) => api<CriteriaSet>(setUrl(code), { signal }),
    staleTime: 60_000,
  });
}

/** The YAML a set was written in (the editor's starting point). */
export function useCriteriaSetSource(code: string | undefined) {
  return useQuery({
    queryKey: [...CRITERIA_KEY, 'yaml', code],
    queryFn: ({ signal }) => api<CriteriaSetSource>(`${setUrl(code ?? '')}/yaml`, { signal }),
    enabled: code !== undefined,
    staleTime: 0,
  });
}

export function useValidateSet() {
  return useMutation({
    mutationFn: ({ code, yaml }: { code: string; yaml: string }) =>
      api<ValidationResult>(`${setUrl(code)}/validate`, { method: 'POST', json: { yaml } }),
  });
}

export function useCreateSet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { yaml: string; basedOn?: string }) =>
      sendDraft('/api/v1/criteria-sets', 'POST', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CRITERIA_KEY }),
  });
}

export function useUpdateSet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...input }: { code: string; yaml: string; version: number }) =>
      sendDraft(setUrl(code), 'PUT', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CRITERIA_KEY }),
  });
}

export function usePublishSet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, version }: { code: string; version: number }) =>
      api<CriteriaSet>(`${setUrl(code)}/publish`, { method: 'POST', json: { version } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CRITERIA_KEY }),
  });
}

/** POST …/amendments: an amending decision becomes a new draft version (new code, valid from its date). */
export function useAmendSet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...input }: { code: string; decision: string; date: string }) =>
      api<CriteriaSet>(`${setUrl(code)}/amendments`, { method: 'POST', json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CRITERIA_KEY }),
  });
}

/** GET …/diff: what changed from `withCode` (default: the version amended or started from). */
export function useCriteriaDiff(code: string, withCode: string | undefined) {
  return useQuery({
    queryKey: [...CRITERIA_KEY, 'diff', code, withCode ?? null],
    queryFn: ({ signal }) =>
      api<CriteriaSetDiff>(`${setUrl(code)}/diff`, {
        query: withCode ? { with: withCode } : {},
        signal,
      }),
    staleTime: 60_000,
  });
}
