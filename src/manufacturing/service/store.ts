// Shared pieces of the manufacturing services: the Kysely view with the manufacturing tables,
// id generation, JSON columns and the customer filter every order query applies.
import type { Kysely } from 'kysely';
import { randomBase32 } from '../../kernel/index.ts';
import { recordAudit, type AuditEntry, type Scope } from '../../identity/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import type { ManufacturingTables } from '../../storage/manufacturing-schema.ts';

export type K = Kysely<Database & ManufacturingTables>;

export const mfg = (db: Db): K => db.kysely.withTables<ManufacturingTables>();

/** Ids with a two-letter kind prefix, like the kernel's ids (e.g. `po_…` production order). */
export const mfgId = (
  prefix: 'st' | 'pm' | 'co' | 'po' | 'rp' | 'pl' | 'ev' | 'qu' | 'pu' | 'mi',
): string => `${prefix}_${randomBase32(16)}`;

export const parseJson = <T>(text: string): T => JSON.parse(text) as T;

/** Customer ids visible to the scope, or null for the whole tenant. */
export const visibleCustomers = (scope: Scope): string[] | null =>
  scope.customerIds === null ? null : scope.customerIds.length ? scope.customerIds : [''];

export const canSeeCustomer = (scope: Scope, customerId: string | null): boolean =>
  scope.customerIds === null ||
  (customerId !== null && (scope.customerIds as string[]).includes(customerId));

/**
 * The audit record in the caller's transaction. `recordAudit` takes the core `Database` view;
 * the manufacturing view is a superset of it, so widening back is safe.
 */
export const audit = (tx: K, entry: AuditEntry): Promise<void> =>
  recordAudit(tx as unknown as Kysely<Database>, entry);
