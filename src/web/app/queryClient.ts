import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { PASSWORD_CHANGE_REQUIRED, SESSION_KEY } from '../features/auth/session';
import { ApiError } from '../lib/api';

export function createQueryClient(): QueryClient {
  // Any call may reveal that the session changed under us: an expired session (401) or a password
  // to change first (403 auth.password_change_required). Ask /auth/me again: the routes follow it.
  const onError = (error: Error, key?: readonly unknown[]) => {
    if (!(error instanceof ApiError)) return;
    const isSessionQuery = key?.[0] === SESSION_KEY[0] && key[1] === SESSION_KEY[1];
    if (isSessionQuery) return;
    if (error.status === 401 || error.code === PASSWORD_CHANGE_REQUIRED) {
      void client.invalidateQueries({ queryKey: SESSION_KEY });
    }
  };

  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx answer will not change by asking again; a lost connection might.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) &&
          failureCount < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
