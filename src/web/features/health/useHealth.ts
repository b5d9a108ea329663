import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { HealthReport } from './types';

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api<HealthReport>('/api/health', { signal, acceptStatuses: [503] }),
    refetchInterval: 60_000,
    staleTime: 10_000,
  });
}
