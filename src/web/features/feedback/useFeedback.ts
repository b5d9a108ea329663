import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type {
  ActionBody,
  CreateReportBody,
  CreateReportResponse,
  OfficeListResponse,
  OfficeReportDetail,
  PublicReportView,
  ReportStatus,
} from './types';

const BASE = '/api/v1/community-reports';
export const reportUrl = (code: string) => `${BASE}/${encodeURIComponent(code)}`;

export function useCreateReport() {
  return useMutation({
    mutationFn: (body: CreateReportBody) =>
      api<CreateReportResponse>(BASE, { method: 'POST', json: body }),
  });
}

export function usePublicReport(code: string) {
  return useQuery({
    queryKey: ['feedback', 'public', code],
    queryFn: ({ signal }) => api<PublicReportView>(reportUrl(code), { signal }),
    retry: (count, error) =>
      count < 2 && !(error instanceof Error && 'status' in error && error.status === 404),
  });
}

export interface OfficeFilters {
  status?: ReportStatus;
  moderation?: 'pending' | 'published';
  overdue?: 'true';
  page: number;
}

export function useOfficeReports(filters: OfficeFilters) {
  return useQuery({
    queryKey: ['feedback', 'office', filters],
    queryFn: ({ signal }) =>
      api<OfficeListResponse>(`${BASE}/office`, { query: { ...filters, pageSize: 25 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOfficeReport(code: string) {
  return useQuery({
    queryKey: ['feedback', 'detail', code],
    queryFn: ({ signal }) => api<OfficeReportDetail>(`${reportUrl(code)}/office`, { signal }),
  });
}

export function useReportAction(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ActionBody) =>
      api<OfficeReportDetail>(`${reportUrl(code)}/actions`, { method: 'POST', json: body }),
    onSuccess: (detail) => {
      client.setQueryData(['feedback', 'detail', code], detail);
      void client.invalidateQueries({ queryKey: ['feedback', 'office'] });
    },
    onError: () => {
      // A conflict or a refusal: show the report as it is now.
      void client.invalidateQueries({ queryKey: ['feedback', 'detail', code] });
    },
  });
}
