import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';
import { setLoginNotice } from './notice';
import type { Me } from './types';

export const SESSION_KEY = ['auth', 'me'] as const;

/** The error code of every call refused until the user changes a password set by someone else. */
export const PASSWORD_CHANGE_REQUIRED = 'auth.password_change_required';

/** GET /api/v1/auth/me: the signed-in user, or null when nobody is (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api<Me>('/api/v1/auth/me', { signal });
  } catch (error) {
    // 401: not signed in. 404: a server without accounts yet: nobody can be signed in either.
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

/** The session: `data` is the user, null when signed out, undefined while loading. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
    // Network trouble must not sign the user out of the page: keep the last answer.
    retry: 1,
  });
}

/** After a sign-in or sign-out: set the session, forget every other answer (it was per user). */
function replaceSession(queryClient: QueryClient, me: Me | null): void {
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] !== SESSION_KEY[0],
  });
  queryClient.setQueryData(SESSION_KEY, me);
}

export interface LoginInput {
  username: string;
  password: string;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) =>
      api<{ user: Me }>('/api/v1/auth/login', { method: 'POST', json: input }),
    onSuccess: ({ user }) => replaceSession(queryClient, user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api<unknown>('/api/v1/auth/logout', { method: 'POST', json: {} });
      } catch (error) {
        // Already signed out (expired session): that is what was asked.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      // A page for signed-in users may send to the login page before the caller does:
      // the notice waits there whichever way the user arrives.
      setLoginNotice({ kind: 'loggedOut' });
      replaceSession(queryClient, null);
    },
  });
}

export function useLogoutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ revoked: number }>('/api/v1/auth/logout-all', { method: 'POST', json: {} }),
    onSuccess: ({ revoked }) => {
      setLoginNotice({ kind: 'loggedOutEverywhere', revoked });
      replaceSession(queryClient, null);
    },
  });
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) =>
      api<unknown>('/api/v1/auth/password', { method: 'POST', json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
