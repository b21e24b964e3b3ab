// Scope filters and small helpers shared by the energy services: every query is narrowed to the
// tenant and, for a customer's user, to that customer's subtree; others' rows are simply not found.
import { timeZoneOf, type Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import {
  invalid,
  localMidnight,
  notFound,
  offsetAt,
  parseDate,
  randomBase32,
} from '../../kernel/index.ts';

const customers = (scope: Scope): string[] =>
  scope.customerIds && scope.customerIds.length ? scope.customerIds : [''];

/** The tenant's meters, narrowed to the scope's customers. */
export function scopedMeters(db: Db, scope: Scope) {
  const q = db.kysely.selectFrom('energy_meters').where('tenant_id', '=', scope.tenantId);
  return scope.customerIds ? q.where('customer_id', 'in', customers(scope)) : q;
}

export function scopedContracts(db: Db, scope: Scope) {
  const q = db.kysely.selectFrom('energy_contracts').where('tenant_id', '=', scope.tenantId);
  return scope.customerIds ? q.where('customer_id', 'in', customers(scope)) : q;
}

/** A customer's users see their statements once issued: a draft answers 404 to them (issue 19). */
export function scopedStatements(db: Db, scope: Scope) {
  const q = db.kysely.selectFrom('energy_statements').where('tenant_id', '=', scope.tenantId);
  return scope.customerIds
    ? q.where('customer_id', 'in', customers(scope)).where('status', '!=', 'draft')
    : q;
}

export function scopedAnomalies(db: Db, scope: Scope) {
  const q = db.kysely.selectFrom('energy_anomalies').where('tenant_id', '=', scope.tenantId);
  return scope.customerIds ? q.where('customer_id', 'in', customers(scope)) : q;
}

export const isCustomerUser = (scope: Scope): boolean => scope.customerIds !== null;

export const canSeeCustomer = (scope: Scope, customerId: string | null): boolean =>
  scope.customerIds === null ||
  (customerId !== null && scope.customerIds.includes(customerId as never));

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function mustFind<T>(row: T | undefined, what: string, id: string): T {
  if (row === undefined) throw notFound(what, id);
  return row;
}

/** The tenant's clock (issue 17): contract dates, baselines and periods start at its local midnight. */
export interface TenantClock {
  zone: string;
  /** Local midnight of a 'YYYY-MM-DD' date in the tenant's zone. */
  dateMs(date: string, field?: string): number;
  /** The zone's offset at an instant, minutes ahead of UTC (days are cut on it). */
  offsetMin(ms: number): number;
}

export async function tenantClock(db: Db, scope: Scope): Promise<TenantClock> {
  const zone = await timeZoneOf(db, scope.tenantId);
  return {
    zone,
    dateMs(date, field = 'date') {
      const d = parseDate(date);
      if (!d)
        throw invalid(field, {
          en: `'${date}' is not a calendar date (YYYY-MM-DD)`,
          'zh-CN': `“${date}”不是日历日期（YYYY-MM-DD）`,
        });
      return localMidnight(d, zone);
    },
    offsetMin: (ms) => Math.round(offsetAt(ms, zone) / 60_000),
  };
}

/** Ids with a visible kind: em meter, ws weather station, ec contract, eb baseline, es statement, ea anomaly. */
export const energyId = (prefix: 'em' | 'ws' | 'ec' | 'eb' | 'es' | 'ea'): string =>
  `${prefix}_${randomBase32(16)}`;
