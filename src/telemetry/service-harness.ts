// The telemetry service over each test database (SQLite, and PostgreSQL when configured), for
// the service's test files: a fresh database per test, closed after it.
import { afterEach } from 'vitest';
import type { TestDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { createTelemetryService, type Scope, type TelemetryService } from './index.ts';
import { fleetResolver, manualEngine, openTimePolicy } from './test-support.ts';

export const T0 = Date.UTC(2026, 0, 5); // a day boundary, so windows and buckets are easy to reason on
export const scope: Scope = { tenantId: 'tn_1', customerIds: null };

/** One line of line protocol for a `chiller` asset. */
export function lp(asset: string, t: number, fields: Record<string, number>): string {
  const f = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `chiller,asset=${asset} ${f} ${t}`;
}

/** Call inside a describe block: services started through it are closed after each test. */
export function useTelemetryService(t: TestDatabase) {
  const open: { svc?: TelemetryService; dispose?: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.svc?.close();
      await o.dispose?.();
    }
  });

  /** Four assets (two customers) of three channels, over `db`. */
  async function start(db: Db, opts = manualEngine) {
    const resolver = fleetResolver('tn_1', 4, 3, (i) => (i < 2 ? 'cu_a' : 'cu_b'));
    return createTelemetryService({ db, resolver, engine: opts, policy: openTimePolicy });
  }

  async function fresh(opts = manualEngine) {
    const h = await t.open();
    const svc = await start(h.db, opts);
    open.push({ svc, dispose: h.dispose });
    return { svc, h };
  }

  return { start, fresh, open };
}
