import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface LoginInput {
  username: string;
  password: string;
}

/** POST /api/v1/auth/login; the session cookie is set by the server (wired in the accounts issue). */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) =>
      api<unknown>('/api/v1/auth/login', { method: 'POST', json: input }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
