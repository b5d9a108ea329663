import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntryView } from '../../../server/modules/accounts/api';
import { api } from '../../lib/api';

export type AuditEntry = AuditEntryView;
export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditFilters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  outcome?: AuditOutcome;
  /** YYYY-MM-DD */
  from?: string;
  /** YYYY-MM-DD, that day included */
  to?: string;
}

export function useAuditLog(filters: AuditFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: ({ signal }) =>
      api<{ items: AuditEntry[]; total: number }>('/api/v1/audit', {
        query: { ...filters, page, pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
