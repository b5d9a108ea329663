import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateUserInput,
  UpdateUserInput,
  UserView,
} from '../../../server/modules/accounts/api';
import { api } from '../../lib/api';

export type User = UserView;
export type { CreateUserInput, UpdateUserInput };

export interface UserListQuery {
  q?: string;
  unit?: string;
  page: number;
  pageSize: number;
}

const USERS_KEY = ['users'] as const;

/** GET /api/v1/users: the accounts inside the manager's scope, page by page. */
export function useUserList(query: UserListQuery) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', query],
    queryFn: ({ signal }) =>
      api<{ items: User[]; total: number }>('/api/v1/users', {
        query: {
          q: query.q || undefined,
          unit: query.unit,
          page: query.page,
          pageSize: query.pageSize,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) =>
      api<User>('/api/v1/users', { method: 'POST', json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateUserInput & { id: string }) =>
      api<User>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: input }),
    // On success the list shows the new version; on a conflict (409) it fetches the one that won.
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, newPassword }: { id: string; newPassword: string }) =>
      api<unknown>(`/api/v1/users/${encodeURIComponent(id)}/reset-password`, {
        method: 'POST',
        json: { newPassword },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}
