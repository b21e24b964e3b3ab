// Separation of duties (三权分立; GB/T 22239-2019 8.1.4.2 c "应授予管理用户所需的最小权限，实现
// 管理用户的权限分离", 8.1.5.1–8.1.5.3 system, audit and security administrators): one account
// holds at most one of the system, security and audit duties, ever. The duties an account has
// held are kept (admin_duties), so a security administrator turned engineer cannot later become
// the auditor of its own work. A platform or tenant administrator holds the system duty.
import type { Kysely } from 'kysely';
import { RongheError } from '../kernel/index.ts';
import type { Database } from '../storage/index.ts';
import type { Role } from './roles.ts';

export type Duty = 'system' | 'security' | 'audit';

export function dutyOf(role: Role): Duty | undefined {
  switch (role) {
    case 'platform_admin':
    case 'tenant_admin':
    case 'system_admin':
      return 'system';
    case 'security_admin':
      return 'security';
    case 'audit_admin':
      return 'audit';
    default:
      return undefined;
  }
}

/** The rule's name in refusals (details[].reason), as the password policy names its rules. */
export const SEPARATION_RULE = 'separation.one-duty';

/**
 * Refuses `role` for an account that holds or has held another duty (`userId` undefined for a
 * new account). `currentRole` is the account's role now, which counts as held.
 */
export async function checkDuty(
  k: Kysely<Database>,
  userId: string | undefined,
  role: Role,
  currentRole?: Role,
): Promise<void> {
  const duty = dutyOf(role);
  if (!duty) return;
  const held = new Set<Duty>();
  const now = currentRole && dutyOf(currentRole);
  if (now) held.add(now);
  if (userId) {
    const rows = await k
      .selectFrom('admin_duties')
      .select('duty')
      .where('user_id', '=', userId)
      .execute();
    for (const r of rows) held.add(r.duty as Duty);
  }
  const other = [...held].find((d) => d !== duty);
  if (other)
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `role: separation of duties (${SEPARATION_RULE}): this account holds or has held the ${other} administrator duty and cannot take the ${duty} duty; one account holds one of system, security and audit administration. Create a separate account.`,
        'zh-CN': `role：三权分立（${SEPARATION_RULE}）：该账号担任或曾担任${dutyZh[other]}，不能再担任${dutyZh[duty]}；系统、安全、审计管理员须由不同账号担任，请另建账号。`,
      },
      [{ field: 'role', reason: SEPARATION_RULE, held: other, requested: duty }],
    );
}

const dutyZh: Record<Duty, string> = {
  system: '系统管理员',
  security: '安全管理员',
  audit: '审计管理员',
};

/** Notes the duty of `role` as held by the account (in the caller's transaction). */
export async function recordDuty(k: Kysely<Database>, userId: string, role: Role): Promise<void> {
  const duty = dutyOf(role);
  if (!duty) return;
  const has = await k
    .selectFrom('admin_duties')
    .select('duty')
    .where('user_id', '=', userId)
    .where('duty', '=', duty)
    .executeTakeFirst();
  if (!has)
    await k
      .insertInto('admin_duties')
      .values({ user_id: userId, duty, granted_at: Date.now() })
      .execute();
}
