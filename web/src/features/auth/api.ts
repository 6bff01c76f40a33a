import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TLoginRequest, TMe } from '../../../../contracts/auth.ts';
import { api, ApiError } from '../../app/api.ts';
import { ME_KEY } from '../../app/queryClient.ts';

/** The signed-in account, or `null` when logged out. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<TMe | null> => {
      try {
        return await api<TMe>('/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

/** The signed-in account inside the authenticated layout, where it is always present. */
export function useCurrentUser(): TMe {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside an authenticated route');
  return data;
}

/** Whether the signed-in account may change the command structure: other roles see it read-only (the server decides). */
export function useMayCommand(): boolean {
  return useCurrentUser().mayCommand;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TLoginRequest) => api<TMe>('/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      client.setQueryData(ME_KEY, null);
      // Nothing of the last user's data may outlive their session in this tab.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    },
  });
}
