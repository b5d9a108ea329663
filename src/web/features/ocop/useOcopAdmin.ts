import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentLanguage, i18n } from '../../i18n';
import { ApiError, api, toApiError } from '../../lib/api';
import type { OcopStatsResponse } from '../../../server/modules/ocop/api';
import type { CertificateView, OcopRuleVersion, SheetSummary } from './types';
import { OCOP_API } from './useOcop';

/* Score sheets (list, import, publish), revocation and the figures (docs/ocop.md). */

const enc = encodeURIComponent;
export const sheetTemplateUrl = `${OCOP_API}/sheets/template.xlsx`;

export type OcopStats = OcopStatsResponse;

/** One problem of an imported sheet (422): Excel row and column when the file is Excel. */
export interface SheetProblem {
  row: number | null;
  column: string | null;
  message: string;
}

/** The problems a 422 of the sheet import lists (empty for any other error). */
export function sheetProblems(error: unknown): SheetProblem[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const body = error.body as { errors?: SheetProblem[] } | undefined;
  return Array.isArray(body?.errors) ? body.errors : [];
}

const SHEETS_KEY = ['ocop', 'sheets'] as const;

/** Every sheet the reader may see, drafts included (admin, central). */
export function useAllSheets(enabled = true) {
  return useQuery({
    queryKey: [...SHEETS_KEY, 'all'],
    queryFn: ({ signal }) => api<{ items: SheetSummary[] }>(`${OCOP_API}/sheets`, { signal }),
    enabled,
  });
}

/** Imports a draft: YAML text (a .yaml/.yml file) or an Excel file (multipart `file`). */
export function useImportSheet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File): Promise<SheetSummary> => {
      const excel = /\.xlsx$/i.test(file.name);
      let body: BodyInit;
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'Accept-Language': currentLanguage(),
      };
      if (excel) {
        const form = new FormData();
        form.append('file', file, file.name);
        body = form;
      } else {
        headers['Content-Type'] = 'application/yaml';
        body = await file.text();
      }
      let response: Response;
      try {
        response = await fetch(`${OCOP_API}/sheets`, {
          method: 'POST',
          headers,
          body,
          credentials: 'same-origin',
        });
      } catch {
        throw new ApiError(0, 'NETWORK_ERROR', i18n.t('errors.network'));
      }
      const text = await response.text();
      let data: unknown;
      try {
        data = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        data = undefined;
      }
      if (!response.ok) throw toApiError(response.status, data);
      return data as SheetSummary;
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: SHEETS_KEY }),
  });
}

export function usePublishSheet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sheet: { id: string; rowVersion: number }) =>
      api<SheetSummary>(`${OCOP_API}/sheets/${enc(sheet.id)}/publish`, {
        method: 'POST',
        json: { version: sheet.rowVersion },
      }),
    onSettled: (_data, _error, sheet) => {
      void queryClient.invalidateQueries({ queryKey: SHEETS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['ocop', 'sheet', sheet.id] });
    },
  });
}

export function useRuleVersion(code: string | undefined) {
  return useQuery({
    queryKey: ['ocop', 'rule', code],
    queryFn: ({ signal }) =>
      api<OcopRuleVersion>(`${OCOP_API}/rules/${enc(code ?? '')}`, { signal }),
    enabled: !!code,
    staleTime: 10 * 60_000,
  });
}

export function useCertificate(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'certificate', id],
    queryFn: ({ signal }) =>
      api<CertificateView>(`${OCOP_API}/certificates/${enc(id ?? '')}`, { signal }),
    enabled: enabled && !!id,
  });
}

export function useRevokeCertificate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; note: string | null; version: number }) =>
      api<CertificateView>(`${OCOP_API}/certificates/${enc(id)}/revoke`, {
        method: 'POST',
        json: body,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['ocop', 'catalogue'] });
      void queryClient.invalidateQueries({ queryKey: ['ocop', 'stats'] });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['ocop', 'certificate', id] }),
  });
}

export function useOcopStats(enabled = true) {
  return useQuery({
    queryKey: ['ocop', 'stats'],
    queryFn: ({ signal }) => api<OcopStats>(`${OCOP_API}/stats`, { signal }),
    enabled,
    staleTime: 60_000,
  });
}
