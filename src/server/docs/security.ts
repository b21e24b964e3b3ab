// Documentation of the second-factor, administrator-settings, platform-administrator and audit
// view routes (issue 26) for /openapi.json (see route-docs.ts).
import { type RouteDocs } from './route-docs.ts';

const user = {
  id: 'us_vga5khsha6cwbtjk',
  tenantId: 'tn_e3bbhx3sv8hh3nx6',
  customerId: null,
  email: 'admin@acme.test',
  name: 'Admin',
  role: 'tenant_admin',
  createdAt: 1796585090768,
  disabled: false,
  mustChangePassword: false,
};
const policy = {
  scope: 'tn_e3bbhx3sv8hh3nx6',
  mfaForAdmins: true,
  separation: true,
  floor: { mfaForAdmins: true, separation: true },
};

export const securityDocs: RouteDocs = {
  'POST /api/v1/auth/mfa/verify': {
    summary: 'Second login step: a one-time code',
    description:
      'After POST /auth/login answered 202 `{ step: "totp" }`, sends the 6-digit TOTP code (RFC 6238, ±1 step of 30 s) or an unused recovery code with the half-login cookie `ronghe_mfa`; opens the session (cookie `ronghe_session`). A code is accepted once (replay refused); five wrong codes or five minutes end the half-login, and wrong codes count towards the login lockout. 401 with `details: [{ field: "code", reason: "mfa.code" }]` on a wrong code.',
    example: user,
    body: { code: '287082' },
  },
  'GET /api/v1/auth/mfa': {
    summary: 'My second factor',
    description:
      "Whether the caller has enrolled a TOTP second factor, whether its tenant's policy requires one of its role, and how many unused recovery codes are left.",
    example: { enrolled: true, required: true, recoveryCodesLeft: 9 },
  },
  'POST /api/v1/auth/mfa/enrol': {
    summary: 'Begin TOTP enrolment',
    description:
      'Makes a new 160-bit secret, stored sealed with the operator key, and shows it once as base32 and as an otpauth:// URI for the authenticator app. Works from a session, or from the half-login of a login answered `{ step: "enrol" }` (an administrator whose tenant requires a second factor). 409 when a confirmed factor exists: an administrator resets it first.',
    example: {
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      uri: 'otpauth://totp/Ronghe:admin%40acme.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Ronghe&algorithm=SHA1&digits=6&period=30',
    },
  },
  'POST /api/v1/auth/mfa/enrol/confirm': {
    summary: 'Confirm TOTP enrolment with a first code',
    description:
      'The first valid code confirms the enrolment and returns ten recovery codes, shown once (stored hashed). From the half-login it also opens the session and returns the user.',
    example: {
      recoveryCodes: ['h1qx-z8yw-wnkw-s3dn', 'k2m4-p9rt-x7vb-c3de'],
      user,
    },
    body: { code: '287082' },
  },
  'POST /api/v1/users/:id/mfa/reset': {
    summary: "Reset a user's second factor",
    description:
      "Removes a user's TOTP secret and recovery codes (a lost phone), audited as `user.mfa.reset`; the user logs in with the password and, where required, enrols again.",
    example: user,
  },
  'GET /api/v1/security/settings': {
    summary: 'Administrator settings',
    description:
      "The tenant's (or, for an account outside tenants without X-Ronghe-Tenant, the platform's) settings: a second factor required of administrator roles, and separation of duties (三权分立: platform and tenant admins lose accounts, policies and audit to the security and audit administrators). `floor` is what the security profile (mlps3) keeps on.",
    example: policy,
  },
  'PUT /api/v1/security/settings': {
    summary: 'Change administrator settings',
    description:
      'Turns the second factor for administrators or separation of duties on or off; turning off what the security profile keeps on is a 400 naming the field. Audited as `security.settings.update`.',
    example: policy,
    body: { mfaForAdmins: true },
  },
  'GET /api/v1/platform/administrators': {
    summary: "The platform's administrators",
    description:
      'Accounts outside any tenant: the platform admin and the platform system, security and audit administrators. Platform accounts only.',
    example: [{ ...user, tenantId: null, email: 'auditor@ronghe.test', role: 'audit_admin' }],
  },
  'POST /api/v1/platform/administrators': {
    summary: 'Create a platform administrator',
    description:
      'A system, security or audit administrator outside any tenant, with a temporary password. One account holds one duty: refusals name the rule `separation.one-duty`. Platform accounts with user:write only (with separation on, the platform security administrator).',
    example: { ...user, tenantId: null, email: 'auditor@ronghe.test', role: 'audit_admin' },
    body: {
      email: 'auditor@ronghe.test',
      name: 'Platform auditor',
      role: 'audit_admin',
      password: 'Harbour-Light-7',
    },
  },
  'PATCH /api/v1/platform/administrators/:id': {
    summary: 'Edit, disable or reset a platform administrator',
    description:
      'Renames a platform account, disables it (its sessions and live streams end at once) or enables it again, or sets a temporary password it changes at its next login (checked against the password policy, the rule named on refusal). The duty stays: one account, one duty. No one disables their own account. Audited as `user.update` with `platform: true` (a new name is recorded as changed, not copied). Platform accounts with user:write only.',
    example: {
      ...user,
      tenantId: null,
      email: 'auditor@ronghe.test',
      role: 'audit_admin',
      disabled: true,
    },
    params: { id: 'us_vga5khsha6cwbtjk' },
    body: { disabled: true },
  },
  'POST /api/v1/platform/administrators/:id/mfa/reset': {
    summary: "Reset a platform administrator's second factor",
    description:
      'Removes the TOTP secret and recovery codes of a platform account that lost its authenticator; it enrols anew at its next login (required for administrators when the platform says so). Another platform administrator with user:write does it (the security administrator under mlps3), never the account itself. Audited as `user.mfa.reset` with the caller and its address.',
    example: { ...user, tenantId: null, email: 'auditor@ronghe.test', role: 'audit_admin' },
    params: { id: 'us_vga5khsha6cwbtjk' },
  },
  'GET /api/v1/audit/records': {
    summary: 'Audit view across tenants',
    description:
      "The audit log for audit administrators: the platform's reads every tenant (filter `tenantId`, `none` for records outside tenants), a tenant's reads its own. Filters: actor, action (or a prefix such as `auth.*`), outcome (`failure`: actions ending `.failed` or `.refused`), from and to (epoch ms); newest first, paged by cursor. Each read is itself audited (`audit.read`).",
    example: {
      items: [
        {
          id: 'au_7txmck960ysyrg7t',
          tenantId: 'tn_e3bbhx3sv8hh3nx6',
          actor: 'user:us_rnjdy3v6sn6s9h2w',
          actorName: '陈工 Chen',
          action: 'auth.login.failed',
          outcome: 'failure',
          entityType: 'user',
          entityId: 'us_vga5khsha6cwbtjk',
          details: { outcome: 'wrong-password', address: '10.1.2.3' },
          at: 1796585090768,
          seq: 42,
        },
      ],
      nextCursor: null,
    },
    query: { outcome: 'failure', limit: 50 },
  },
  'GET /api/v1/audit/chain': {
    summary: 'Audit hash chain status',
    description:
      'Recomputes the audit hash chain (SHA-256 or SM3) from its first record across the archive files and the database, as `ronghe audit verify` does: `ok`, the records checked, those read from archives, those written before the chain began, and the first break (an edited or deleted record, or a head that disagrees) with `where` it is: `database`, or an archive file and line.',
    example: { ok: true, records: 1204, unchained: 0, archived: 310 },
  },
  'GET /api/v1/audit/retention': {
    summary: 'Audit retention',
    description:
      "How many days the tenant's (or, for an account outside tenants without X-Ronghe-Tenant, the platform's) audit records stay in the database; older ones are moved each hour to archive files, one per tenant and day, and stay covered by the hash chain. 180 days unless set.",
    example: { scope: 'tn_e3bbhx3sv8hh3nx6', days: 180 },
  },
  'PUT /api/v1/audit/retention': {
    summary: 'Set the audit retention',
    description:
      'Days from 180 (six months: GB/T 22239-2019 8.1.4.3 c, Cybersecurity Law art. 21) to 36500; less is a 400 naming `days`. The audit administrator (or, with separation off, the tenant admin) sets it; audited as `audit.retention.update`.',
    example: { scope: 'tn_e3bbhx3sv8hh3nx6', days: 365 },
    body: { days: 365 },
  },
};
