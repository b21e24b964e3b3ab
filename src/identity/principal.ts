import type { CustomerId, TenantId, UserId, AssetId, DeviceId } from '../kernel/index.ts';
import type { ApiKeyLineMapping } from './credentials.ts';
import type { Role } from './roles.ts';

/**
 * Who is calling, resolved once per request by the edge. `tenantId` is null only for a platform
 * admin acting outside any tenant. `customerIds` is the set of customers whose data the
 * principal may see (the user's customer and its descendants), or null for all of the tenant.
 */
export type Principal =
  | {
      kind: 'user';
      userId: UserId;
      tenantId: TenantId | null;
      role: Role;
      customerIds: CustomerId[] | null;
      label: string;
      /** The password was set by someone else: the session may only change it. */
      mustChangePassword: boolean;
      /** Separation of duties is on where this administrator works (admin-policy.ts). */
      separated?: boolean;
    }
  | {
      kind: 'apikey';
      keyId: string;
      tenantId: TenantId | null;
      role: Role;
      customerIds: null;
      label: string;
      /** Line protocol mapping set on the key (migration 020); absent: the defaults. */
      lineMapping?: ApiKeyLineMapping;
      separated?: boolean;
    }
  | {
      kind: 'device';
      deviceId: DeviceId;
      deviceAssetId: AssetId;
      tenantId: TenantId;
      role: 'engineer';
      customerIds: null;
      label: string;
    };

/** The data scope a service call runs in: always one tenant, maybe a subset of its customers. */
export interface Scope {
  tenantId: TenantId;
  customerIds: CustomerId[] | null;
  actor: string;
}
