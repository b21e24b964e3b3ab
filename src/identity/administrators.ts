// The platform's own administrators: accounts outside any tenant holding one separated duty
// (system, security or audit; GB/T 22239-2019 8.1.5.1–8.1.5.3). A platform security
// administrator (or, with separation off, the platform admin) creates them; each starts with
// a temporary password and, under mlps3, enrols a second factor at its first login.
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import { insertUser, personalOf, toUser, type User } from './users.ts';

export const platformDuties = ['system_admin', 'security_admin', 'audit_admin'] as const;
export type PlatformDuty = (typeof platformDuties)[number];

export async function createPlatformAccount(
  db: Db,
  actor: string,
  input: { email: string; name: string; role: PlatformDuty; password: string },
  /** Chosen by someone else than the user (every creation over HTTP): changed at first login. */
  temporaryPassword = true,
): Promise<User> {
  return insertUser(
    db,
    { ...input, temporaryPassword, tenantId: null, customerId: null },
    (trx, row) =>
      recordAudit(trx, {
        tenantId: null,
        actor,
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        details: { role: input.role, platform: true },
      }),
  );
}

/** Accounts outside any tenant: the platform admin and the platform's separated administrators. */
export async function listPlatformAccounts(db: Db): Promise<User[]> {
  const rows = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', 'is', null)
    .execute();
  const p = personalOf(db);
  // Sealed e-mails do not sort in the database: opened, then ordered.
  return rows
    .map((r) => toUser(r, p))
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}
