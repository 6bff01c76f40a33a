import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** The signed-in account's query key; `null` data means "logged out". */
export const ME_KEY = ['auth', 'me'] as const;

/** A session that ended under the user's feet (expired, logged out elsewhere) sends them to the login page. */
function onSessionLost(err: unknown) {
  if (err instanceof ApiError && err.code === 'unauthenticated') queryClient.setQueryData(ME_KEY, null);
}

const retry = (failures: number, err: unknown) => {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
  return failures < 2;
};

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionLost }),
  mutationCache: new MutationCache({ onError: onSessionLost }),
  defaultOptions: {
    queries: { retry, staleTime: 30_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});
