import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListNotificationsResponse } from '../../../server/modules/notifications/api';
import { api } from '../../lib/api';

export type { ListNotificationsResponse };
export type NotificationItem = ListNotificationsResponse['items'][number];

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** How often the bell asks for news while someone is signed in. */
export const NOTIFICATIONS_POLL_MS = 60_000;

/** The latest notifications and the unread count; asked again every minute and on focus. */
export function useNotifications(signedIn: boolean) {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: ({ signal }) =>
      api<ListNotificationsResponse>('/api/v1/notifications', { query: { limit: 10 }, signal }),
    enabled: signedIn,
    refetchInterval: NOTIFICATIONS_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: 15_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') =>
      api<{ updated: number }>(
        id === 'all' ? '/api/v1/notifications/read-all' : `/api/v1/notifications/${id}/read`,
        { method: 'POST', json: {} },
      ),
    onMutate: (id) => {
      // Show it read at once; the answer confirms it.
      const readAt = new Date().toISOString();
      queryClient.setQueryData<ListNotificationsResponse>(NOTIFICATIONS_KEY, (data) => {
        if (!data) return data;
        const items = data.items.map((item) =>
          (id === 'all' || item.id === id) && item.readAt === null ? { ...item, readAt } : item,
        );
        const newlyRead = data.items.filter(
          (item) => (id === 'all' || item.id === id) && item.readAt === null,
        ).length;
        return { items, unread: Math.max(0, data.unread - newlyRead) };
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
