// Roles and their permissions: the one table every route is checked against.
export const roles = [
  'platform_admin',
  'tenant_admin',
  /** The separated administrators (三权分立, GB/T 22239-2019 8.1.5.1–8.1.5.3): see duties.ts. */
  'system_admin',
  'security_admin',
  'audit_admin',
  'engineer',
  'technician',
  'customer_viewer',
] as const;
export type Role = (typeof roles)[number];
export const isRole = (s: string): s is Role => (roles as readonly string[]).includes(s);

export const permissions = [
  'tenant:manage',
  'tenant:read',
  /** The tenant's own settings, such as its time zone. */
  'tenant:settings',
  'customer:read',
  'customer:write',
  'user:read',
  'user:write',
  'apikey:write',
  'audit:read',
  /** How long audit records stay in the database before they are archived (≥ 180 days). */
  'audit:retention',
  /** Administrator settings: second factor required, separation of duties (admin-policy.ts). */
  'security:read',
  'security:write',
  'model:read',
  'model:write',
  'asset:read',
  'asset:write',
  'asset:lifecycle',
  'device:read',
  'device:write',
  'telemetry:read',
  'telemetry:write',
  /** How long a tenant's telemetry is kept: shortening it deletes data for good. */
  'telemetry:retention',
  'alarm:read',
  'alarm:write',
  'rule:write',
  'phm:read',
  'phm:write',
  'energy:read',
  'energy:write',
  'contract:approve',
  'production:read',
  'production:report',
  'production:write',
  'service:read',
  'service:request',
  'service:work',
  'service:write',
  /** Pilot programmes of a region tenant (issue #22): read, keep the registry, review reports. */
  'region:read',
  'region:write',
  'region:review',
  /** An enterprise's grant of its aggregate platform indicators to a region tenant. */
  'region:grant',
] as const;
export type Permission = (typeof permissions)[number];

// Read access shared by every role within its data scope.
const viewer: Permission[] = [
  'tenant:read',
  'customer:read',
  'model:read',
  'asset:read',
  'telemetry:read',
  'alarm:read',
  'phm:read',
  'energy:read',
  'production:read',
  'service:read',
];
const technician: Permission[] = [
  ...viewer,
  'asset:lifecycle',
  'device:read',
  'alarm:write',
  'production:report',
  'service:request',
  'service:work',
];
const engineer: Permission[] = [
  ...technician,
  'model:write',
  'asset:write',
  'device:write',
  'telemetry:write',
  'rule:write',
  'phm:write',
  'energy:write',
  'production:write',
  'service:write',
  'region:read',
  'region:write',
];
const tenantAdmin: Permission[] = [
  ...engineer,
  'customer:write',
  'user:read',
  'user:write',
  'apikey:write',
  'audit:read',
  'audit:retention',
  'contract:approve',
  'telemetry:retention',
  'tenant:settings',
  'region:review',
  'region:grant',
];

/** What separation of duties takes from the all-powerful roles, and gives to security and audit. */
const securityDuty: Permission[] = ['user:read', 'user:write', 'security:read', 'security:write'];
const auditDuty: Permission[] = ['audit:read', 'audit:retention'];
const separatedAway = new Set<Permission>([...securityDuty, ...auditDuty]);
/** The system administrator: configuration and operation, no accounts, no audit. */
const systemAdmin = tenantAdmin.filter((p) => !separatedAway.has(p));

const grants: Record<Role, ReadonlySet<Permission>> = {
  platform_admin: new Set<Permission>([
    ...tenantAdmin,
    'security:read',
    'security:write',
    'tenant:manage',
  ]),
  tenant_admin: new Set<Permission>([...tenantAdmin, 'security:read', 'security:write']),
  // tenant:manage acts on the platform: only a system administrator outside tenants uses it
  // (principalCan).
  system_admin: new Set<Permission>([...systemAdmin, 'tenant:manage']),
  // Accounts, roles and policies; the customer directory to place accounts in; no business data.
  security_admin: new Set<Permission>([...securityDuty, 'customer:read']),
  // Reads the audit log and keeps it (its retention, GB/T 22239-2019 8.1.5.3 b), nothing else.
  audit_admin: new Set<Permission>(auditDuty),
  engineer: new Set(engineer),
  technician: new Set(technician),
  // The customer party of an energy performance contract approves its baseline and settlement
  // statements (GB/T 24915); the tenant admin approves for the provider. A customer also asks
  // for service and confirms and rates a visit (service:request). It reads the audit of its
  // customers' users (listAudit narrows it), so a provider's reset of one of their passwords is
  // visible to them.
  customer_viewer: new Set<Permission>([
    ...viewer,
    'contract:approve',
    'audit:read',
    'service:request',
  ]),
};

export const can = (role: Role, permission: Permission, separated = false): boolean =>
  grants[role].has(permission) &&
  !(
    separated &&
    (role === 'platform_admin' || role === 'tenant_admin') &&
    separatedAway.has(permission)
  );

/**
 * Devices act with a token that may only write telemetry for their own asset. With separation
 * of duties on (`separated`, the principal's tenant or platform setting), the platform and
 * tenant administrators lose accounts, policies and audit to the security and audit
 * administrators, so no role can do all. Tenants are managed only from outside any tenant.
 */
export const principalCan = (
  p: { kind: string; role: Role; tenantId?: string | null; separated?: boolean },
  permission: Permission,
): boolean => {
  if (p.kind === 'device') return permission === 'telemetry:write';
  if (permission === 'tenant:manage' && p.role === 'system_admin' && p.tenantId) return false;
  return can(p.role, permission, p.separated ?? false);
};

/** Roles whose holders administer: a second factor may be required of them (admin-policy.ts). */
export const adminRoles: readonly Role[] = [
  'platform_admin',
  'tenant_admin',
  'system_admin',
  'security_admin',
  'audit_admin',
];
export const isAdminRole = (r: Role): boolean => adminRoles.includes(r);

/** A role may only hand out roles at or below its own rank (no privilege escalation). */
const rank: Record<Role, number> = {
  platform_admin: 4,
  tenant_admin: 3,
  // A security administrator hands out every tenant role; a system administrator, who has
  // apikey:write but no accounts, makes keys up to an engineer's.
  security_admin: 3,
  system_admin: 2,
  audit_admin: 3,
  engineer: 2,
  technician: 1,
  customer_viewer: 0,
};
export const canGrant = (granter: Role, role: Role): boolean =>
  rank[granter] >= rank[role] && (role !== 'platform_admin' || granter === 'platform_admin');
