// Who an alarm notification may reach, asked at delivery time rather than when a subscription
// was written: a subscriber (a user or an API key, as alarm subscriptions record them) may since
// have been disabled, revoked, deleted or moved to another customer. Scope rules are the ones
// authenticate.ts applies to a signed-in request, so an e-mail never shows more than the
// console would.
import type { CustomerId, TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { customerScope } from './authenticate.ts';
import { personalOf, toUser } from './users.ts';

export interface SubscriberContact {
  kind: 'user' | 'apikey';
  /** Where e-mail goes; null for an API key, which has no mailbox. */
  email: string | null;
  /** Customers whose alarms the subscriber may see now; null for the whole tenant. */
  customerIds: CustomerId[] | null;
}

/**
 * The current delivery facts of a subscriber within a tenant, or undefined when it may receive
 * nothing: a user that is gone, disabled or of another tenant, an API key that is gone or revoked.
 */
export async function subscriberContact(
  db: Db,
  tenantId: TenantId,
  subscriberId: string,
): Promise<SubscriberContact | undefined> {
  const row = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', subscriberId)
    .executeTakeFirst();
  if (row) {
    const user = toUser(row, personalOf(db));
    // A platform admin belongs to no tenant and acts in any, tenant-wide (X-Ronghe-Tenant).
    const inTenant = user.tenantId === tenantId || user.role === 'platform_admin';
    if (!inTenant || user.disabled) return undefined;
    const customerIds =
      user.role === 'customer_viewer' ? await customerScope(db, tenantId, user.customerId) : null;
    return { kind: 'user', email: user.email, customerIds };
  }
  const key = await db.kysely
    .selectFrom('api_keys')
    .select('revoked_at')
    .where('id', '=', subscriberId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!key || key.revoked_at !== null) return undefined;
  // API keys are never customer_viewer (createApiKey refuses it): tenant-wide, as authenticated.
  return { kind: 'apikey', email: null, customerIds: null };
}
