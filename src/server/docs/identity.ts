// Documentation of the identity routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { Nullable, NoContent, type RouteDocs } from './route-docs.ts';

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  prefix: Type.String(),
  createdAt: Type.Number(),
  lastUsedAt: Nullable(Type.Number()),
  revoked: Type.Boolean(),
  /** Refused after this (epoch ms); null: no expiry. */
  expiresAt: Nullable(Type.Number()),
  key: Type.Optional(Type.String()),
});
const AuditEntry = Type.Object({
  id: Type.String(),
  actor: Type.String(),
  actorName: Nullable(
    Type.String({ description: "the user's name now; null for a deleted user or no user" }),
  ),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  details: Type.Record(
    Type.String(),
    Nullable(
      Type.Union([
        Type.Array(Type.String()),
        // a stock count's rows (material.stock-count): each row as counted
        Type.Array(Type.Object({ item: Type.String() }, { additionalProperties: true })),
        Type.Boolean(),
        Type.Number(),
        Type.Object({
          rated_kw: Type.Optional(Type.Number()),
          stations: Type.Optional(Type.Number()),
          standard_cycle: Type.Optional(Type.Number()),
          rated_torque: Type.Optional(Type.Number()),
          rated_speed: Type.Optional(Type.Number()),
          max_speed: Type.Optional(Type.Number()),
          rated_power: Type.Optional(Type.Number()),
          design_load: Type.Optional(Type.Number()),
          design_outdoor_temp: Type.Optional(Type.Number()),
          rated_capacity: Type.Optional(Type.Number()),
          design_flow: Type.Optional(Type.Number()),
          chw_setpoint: Type.Optional(Type.Number()),
        }),
        Type.String(),
        // A rule before / after a change (rule.create, rule.update, rule.delete).
        Type.Object(
          { id: Type.String(), severity: Type.Optional(Type.String()) },
          { additionalProperties: true, description: 'a monitoring rule as stored' },
        ),
        // Energy records as given (energy.*): a heating curve's points, the VAT invoice of an
        // issued statement, a meter's source or a contract's terms (`kind`), a tariff
        // (`currency`), a baseline's terms or fitted model (`method`).
        Type.Array(Type.Object({ outdoorC: Type.Number(), supplyC: Type.Number() })),
        Type.Object({ invoiceNo: Type.String(), invoiceDate: Type.Optional(Type.String()) }),
        Type.Object({ kind: Type.String() }, { additionalProperties: true }),
        Type.Object({ currency: Type.String() }, { additionalProperties: true }),
        Type.Object({ method: Type.String() }, { additionalProperties: true }),
      ]),
    ),
  ),
  at: Type.Number(),
});
const Tenant = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.Number(),
});

export const identityDocs: RouteDocs = {
  'POST /api/v1/auth/login': {
    summary: 'Sign in',
    description:
      'Checks an e-mail and password and sets the httpOnly session cookie `ronghe_session`. Repeated failures from one address are throttled (429). A user with a temporary password must change it before other calls. When a second factor is owed (an enrolled TOTP, or an administrator role whose tenant requires one) the answer is 202 `{ step: "totp" | "enrol", expiresAt }` with a five-minute half-login cookie `ronghe_mfa` that calls nothing but POST /auth/mfa/verify or the enrolment routes.',
    example: {
      id: 'us_vga5khsha6cwbtjk',
      tenantId: 'tn_e3bbhx3sv8hh3nx6',
      customerId: null,
      email: 'u70@acme.test',
      name: 'User',
      role: 'engineer',
      createdAt: 1796585090768,
      disabled: false,
      mustChangePassword: true,
    },
    body: {
      email: 'u70@acme.test',
      password: 'long enoughx\'); DROP TABLE assets; -- " \\ % _ ;',
    },
  },
  'POST /api/v1/auth/logout': {
    summary: 'Sign out',
    description:
      'Ends the current session and clears the session cookie; live streams opened with it are closed.',
    response: { 204: NoContent },
  },
  'GET /api/v1/auth/me': {
    summary: 'Who am I',
    description:
      'The signed-in user or API key: role, tenant, customer scope and the permissions the role grants.',
    response: {
      200: Type.Object({
        kind: Type.String(),
        userId: Type.String(),
        tenantId: Type.String(),
        role: Type.String(),
        customerIds: Nullable(Type.Array(Type.String())),
        label: Type.String({ description: '`user:<id>`, `apikey:<name>`' }),
        email: Type.Optional(Type.String({ description: "a user's own e-mail" })),
        name: Type.Optional(Type.String({ description: "a user's own name" })),
        mustChangePassword: Type.Boolean(),
        separated: Type.Optional(Type.Boolean()),
      }),
    },
    example: {
      kind: 'user',
      userId: 'us_rnjdy3v6sn6s9h2w',
      tenantId: 'tn_dzr4phsdq5a01b3z',
      role: 'tenant_admin',
      customerIds: null,
      label: 'user:us_rnjdy3v6sn6s9h2w',
      email: 'admin@acme.test',
      name: '陈工 Chen',
      mustChangePassword: false,
    },
  },
  'POST /api/v1/auth/password': {
    summary: 'Change own password',
    description:
      "Replaces the caller's password after checking the current one and the password policy (each refusal names its rule: `password.minLength`, `password.common`, `password.personal`, `password.classes`, `password.history`); every session of the user ends, and the caller carries on in a new one (a new session cookie).",
    response: { 204: NoContent },
    body: { currentPassword: 'temporary-pass-1', newPassword: 'my-own-password-2' },
  },
  'GET /api/v1/tenants': {
    summary: 'List tenants',
    description: 'Platform administrators only: every tenant on the platform.',
    response: { 200: Type.Array(Tenant) },
    example: [
      {
        id: 'tn_q4vwfny31m34tdv0',
        slug: 'acme',
        name: 'Acme Chillers',
        createdAt: 1796585023014,
      },
    ],
  },
  'POST /api/v1/tenants': {
    summary: 'Create a tenant',
    description:
      'Platform administrators only: a new tenant (an equipment maker) with its slug and name.',
    response: { 201: Tenant },
    example: {
      id: 'tn_3e4j1g0dzc1re70j',
      slug: 'acme',
      name: 'Acme Chillers',
      createdAt: 1796580000000,
    },
    body: { slug: 'acme', name: 'Acme Chillers' },
  },
  'GET /api/v1/customers': {
    summary: 'List customers',
    description:
      'The customers (plants, hospitals, operators) the caller may see, with their parent in the customer tree.',
    example: [
      {
        id: 'cu_0rjmqh1c5n63tecp',
        parentId: null,
        name: 'Nanjing Metro',
        createdAt: 1796584999634,
      },
    ],
  },
  'POST /api/v1/customers': {
    summary: 'Create a customer',
    description:
      'A new customer, optionally under a parent customer; a customer-scoped user may only create below their own customers.',
    example: {
      id: 'cu_e8y8vnhw3gwty6gt',
      parentId: null,
      name: 'Suzhou Group',
      createdAt: 1796585005022,
    },
    body: {
      name: 'Suzhou Group',
    },
  },
  'GET /api/v1/customers/:id': {
    summary: 'Get a customer',
    description: "One customer by id; 404 when it does not exist or is outside the caller's scope.",
    example: {
      id: 'cu_kak798yq6s6pcf3d',
      parentId: null,
      name: 'Wuxi Hospital',
      createdAt: 1796585023032,
    },
  },
  'PATCH /api/v1/customers/:id': {
    summary: 'Rename or move a customer',
    description: "Changes a customer's name or parent; a move that would make a cycle is refused.",
    example: {
      id: 'cu_vg0sk6d1ppd2n959',
      parentId: null,
      name: '苏州工业园区 Suzhou Group',
      createdAt: 1796580000000,
    },
    body: { name: '苏州工业园区 Suzhou Group' },
  },
  'DELETE /api/v1/customers/:id': {
    summary: 'Delete a customer',
    description:
      'Deletes a customer without assets, users or child customers; 409 names what still refers to it.',
    response: { 204: NoContent },
    params: { id: 'cu_vg0sk6d1ppd2n959' },
  },
  'GET /api/v1/users': {
    summary: 'List users',
    description:
      "Users of the caller's tenant (customer-scoped callers see their customers' users).",
    example: [
      {
        id: 'us_v3wqkdpsrjm2s6vz',
        tenantId: 'tn_q4vwfny31m34tdv0',
        customerId: null,
        email: 'admin@acme.test',
        name: 'admin@acme.test',
        role: 'tenant_admin',
        createdAt: 1796585023563,
        disabled: false,
        mustChangePassword: false,
      },
    ],
  },
  'POST /api/v1/users': {
    summary: 'Create a user',
    description:
      'A user with a role and optionally a customer scope; the password given is temporary and must be changed at first sign-in.',
    example: {
      id: 'us_h2pfnj25xqfrgsva',
      tenantId: 'tn_q4vwfny31m34tdv0',
      customerId: null,
      email: 'x-25@acme.test',
      name: 'N',
      role: 'engineer',
      createdAt: 1796585026277,
      disabled: false,
      mustChangePassword: true,
    },
    body: {
      email: 'X-25@acme.test',
      name: 'N',
      role: 'engineer',
      password: 'longenough',
    },
  },
  'GET /api/v1/users/:id': {
    summary: 'Get a user',
    description: "One user by id; 404 outside the caller's scope.",
    example: {
      id: 'us_h4p1zx4sxw3yxmmz',
      tenantId: 'tn_kq9nz32y0mfk68hk',
      customerId: null,
      email: 'admin@demo.ronghe.local',
      name: 'Demo admin',
      role: 'tenant_admin',
      createdAt: 1796585549665,
      disabled: false,
      mustChangePassword: false,
    },
  },
  'PATCH /api/v1/users/:id': {
    summary: 'Change a user',
    description:
      "Name, role, customer, disabled flag or a new temporary password; the user's sessions and live streams end when access changes.",
    example: {
      id: 'us_vbyad5whezzrd40c',
      tenantId: 'tn_dzr4phsdq5a01b3z',
      customerId: null,
      email: 'u1@acme.test',
      name: 'user 1',
      role: 'engineer',
      createdAt: 1796585059251,
      disabled: true,
      mustChangePassword: false,
    },
    body: {
      disabled: true,
    },
  },
  'POST /api/v1/users/:id/unlock': {
    summary: 'Release a locked account',
    description:
      "Forgets the failed logins of the user's account, lifting its lockout at once (GB/T 22239-2019 8.1.4.1 b); audited as `user.unlock` with the caller's address.",
    params: { id: 'us_8kq2m4x7d1ppd2n9' },
    example: {
      id: 'us_8kq2m4x7d1ppd2n9',
      tenantId: 'tn_dzr4phsdq5a01b3z',
      customerId: null,
      email: 'sun.qi@acme.test',
      name: 'Sun Qi',
      role: 'engineer',
      createdAt: 1796585059251,
      disabled: false,
      mustChangePassword: false,
    },
  },
  'DELETE /api/v1/users/:id': {
    summary: 'Delete a user',
    description: 'Deletes a user and ends their sessions.',
    response: { 204: NoContent },
    params: { id: 'us_8kq2m4x7d1ppd2n9' },
  },
  'GET /api/v1/api-keys': {
    summary: 'List API keys',
    description: "The tenant's API keys (never their secrets), with role, scope and last use.",
    response: { 200: Type.Array(ApiKey) },
    example: [],
  },
  'POST /api/v1/api-keys': {
    summary: 'Create an API key',
    description:
      'A key for machines and integrations, with a role, an optional line-protocol mapping and an optional expiry (`expiresAt`: any time form, e.g. `now+90d` or ISO 8601; in the past: 400); the secret is in this answer only.',
    response: { 201: ApiKey },
    example: {
      id: 'ak_nj6h59gncne82mez',
      name: 'X-31',
      role: 'engineer',
      prefix: 'ch6k2s',
      createdAt: 1796585026581,
      lastUsedAt: null,
      revoked: false,
      expiresAt: 1804361026581,
      key: 'rk_ch6k2s_k97m6m021ert6jxtdgcpw5szee1b51k6',
    },
    body: {
      name: 'X-31',
      expiresAt: 'now+90d',
    },
  },
  'DELETE /api/v1/api-keys/:id': {
    summary: 'Revoke an API key',
    description: 'Deletes a key; requests and live streams using it stop at once.',
    response: { 204: NoContent },
    params: { id: 'ak_2m4x7d1ppd2n959q' },
  },
  'PUT /api/v1/settings/time-zone': {
    summary: "Sets the tenant's time zone and sites' zones",
    description:
      'A tenant admin sets the IANA zone (400 naming the field for an unknown one). A site with `timeZone: null` follows the tenant again.',
    body: { timeZone: 'Asia/Shanghai', sites: [{ site: 'Wuxi', timeZone: null }] },
  },
  'GET /api/v1/audit': {
    summary: 'Audit log',
    description:
      "Who changed what and when in the tenant, filtered by entity (id or type), actor, action and time, newest first (`order=asc` for oldest), paged by cursor (`limit`, default 100, and `cursor` → `nextCursor`). A customer user reads only what was done to its customers' users.",
    response: { 200: CursorPage(AuditEntry) },
    query: { action: 'apikey.create', limit: 50 },
    example: {
      items: [
        {
          id: 'au_5kktwmrg4zpzj35j',
          actor: 'user:us_rnjdy3v6sn6s9h2w',
          actorName: '陈工 Chen',
          action: 'apikey.create',
          entityType: 'apikey',
          entityId: 'ak_nzn0y2j0z07kanbx',
          details: {
            name: 'X-32',
            role: 'engineer',
          },
          at: 1796585026600,
        },
      ],
      nextCursor: null,
    },
  },
};
