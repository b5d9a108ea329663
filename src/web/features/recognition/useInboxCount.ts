import { useQuery } from '@tanstack/react-query';
import type { InboxResponse } from '../../../server/modules/recognition/api';
import { api } from '../../lib/api';

export const INBOX_KEY = ['recognition', 'inbox'] as const;

/** The signed-in user's work queue (also its count in the navigation), asked every two minutes. */
export function useInbox(signedIn: boolean) {
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: ({ signal }) => api<InboxResponse>('/api/v1/inbox', { signal }),
    enabled: signedIn,
    refetchInterval: 120_000,
    refetchIntervalInBackground: false,
    staleTime: 30_000,
    retry: false,
  });
}
