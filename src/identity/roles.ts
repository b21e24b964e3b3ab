// Roles and their permissions: the one table every route is checked against.
export const roles = [
  'platform_admin',
  'tenant_admin',
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
  'contract:approve',
  'telemetry:retention',
  'tenant:settings',
  'region:review',
  'region:grant',
];

const grants: Record<Role, ReadonlySet<Permission>> = {
  platform_admin: new Set<Permission>([...tenantAdmin, 'tenant:manage']),
  tenant_admin: new Set(tenantAdmin),
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

export const can = (role: Role, permission: Permission): boolean => grants[role].has(permission);

/** Devices act with a token that may only write telemetry for their own asset. */
export const principalCan = (p: { kind: string; role: Role }, permission: Permission): boolean =>
  p.kind === 'device' ? permission === 'telemetry:write' : can(p.role, permission);

/** A role may only hand out roles at or below its own rank (no privilege escalation). */
const rank: Record<Role, number> = {
  platform_admin: 4,
  tenant_admin: 3,
  engineer: 2,
  technician: 1,
  customer_viewer: 0,
};
export const canGrant = (granter: Role, role: Role): boolean =>
  rank[granter] >= rank[role] && (role !== 'platform_admin' || granter === 'platform_admin');
