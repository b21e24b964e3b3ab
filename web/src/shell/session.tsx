// Who is logged in (GET /api/v1/auth/me) and what the role may do: the same permission table
// the server checks every route against (src/identity/roles.ts), so a button the server would
// refuse is not shown at all (a customer_viewer sees no "create").
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isRole, can, type Permission } from '../../../src/identity/roles.ts';
import { api, isApiError } from '../api/client';
import type { Principal } from '../api/types';

export type { Permission };
export const sessionKey = ['session', 'me'] as const;

const sessionQuery = {
  queryKey: sessionKey,
  queryFn: async () => {
    try {
      return await api.get<'/api/v1/auth/me', Principal>('/api/v1/auth/me');
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
} as const;

export function useSession() {
  return useQuery(sessionQuery);
}

export function prefetchSession(qc: QueryClient): void {
  void qc.prefetchQuery(sessionQuery);
}

export function allowed(
  p: Principal | null | undefined,
  permission: Permission | undefined,
): boolean {
  if (!permission) return true;
  if (!p || !isRole(p.role)) return false;
  return can(p.role, permission, p.separated ?? false);
}

/** True when the logged-in role has the permission. */
export function useCan(permission: Permission): boolean {
  return allowed(useSession().data, permission);
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await api.post('/api/v1/auth/logout', {}).catch(() => undefined);
    // Keep the session query (its observers see null and send the user to login); drop the
    // rest so the next user sees nothing of this one's data.
    qc.setQueryData(sessionKey, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
  };
}
