// Shared plumbing of the service stores: the Kysely view with the service tables, ids with a
// visible prefix, the customer filter of a scope and JSON columns.
import type { Kysely } from 'kysely';
import { randomBase32, RongheError, type Localized } from '../kernel/index.ts';
import { recordAudit, type AuditEntry, type Scope } from '../identity/index.ts';
import type { Database, Db } from '../storage/index.ts';
import type { ServicePlanTables, ServiceTables } from '../storage/service-schema.ts';

export type K = Kysely<Database & ServiceTables & ServicePlanTables>;

export const kOf = (db: Db): K => db.kysely.withTables<ServiceTables & ServicePlanTables>();

/** `sc` contract, `wo` work order, `te` technician, `pt` part, `wh` warehouse, … */
export const serviceId = (prefix: string): string => `${prefix}_${randomBase32(16)}`;

/** A customer-scoped principal (customer portal): sees no internal notes or costs. */
export const isCustomerScope = (scope: Scope): boolean => scope.customerIds !== null;

/** The customer ids a query is limited to; [''] matches nothing (an empty IN list is invalid SQL). */
export const customerFilter = (scope: Scope): string[] | null =>
  scope.customerIds === null ? null : scope.customerIds.length ? scope.customerIds : [''];

export const json = <T>(s: string): T => JSON.parse(s) as T;

/** Bad input in a field, the reason in both languages (issue #17). */
export const invalidField = (field: string, reason: Localized): RongheError =>
  new RongheError(
    'RONGHE_VALIDATION',
    { en: `${field}: ${reason.en}`, 'zh-CN': `输入有误 — ${field}：${reason['zh-CN']}` },
    [{ field, reason: reason.en }],
  );

/** A change that conflicts with the data as it is, worded in both languages (issue #17). */
export const conflict = (message: Localized, details?: unknown): RongheError =>
  new RongheError('RONGHE_CONFLICT', message, details);

/** The identity audit log in the caller's transaction (the service view of the same Kysely). */
export const audit = (k: K, e: AuditEntry): Promise<void> =>
  recordAudit(k as unknown as Kysely<Database>, e);
