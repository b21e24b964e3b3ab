// The aggregate platform indicators of an enterprise tenant (issue #22 §3): computed here from
// the other contexts' public surfaces, in the enterprise's own scope, and only ever handed over
// as these few numbers — never a record of the enterprise.
import * as assets from '../assets/index.ts';
import type { Scope } from '../identity/index.ts';
import * as manufacturing from '../manufacturing/index.ts';
import * as service from '../service/index.ts';
import type { Db } from '../storage/index.ts';

/** Energy settlement statements of the tenant (the energy context needs telemetry to list them;
 * the composition root passes this in). */
export type StatementSource = (
  scope: Scope,
) => Promise<Array<{ status: string; savingsKwh: number; amount: number }>>;

export interface PlatformSources {
  db: Db;
  statements?: StatementSource;
}

export interface PlatformIndicators {
  /** Service revenue (accepted energy statements, service contract prices) over the declared
   * annual revenue; null without a declared revenue. */
  serviceRevenueShare: number | null;
  serviceRevenueYuan: number;
  /** Assets (level 'asset') under a service contract valid now, over all assets. */
  installedBaseUnderContractShare: number | null;
  /** Assets with telemetry in the last 30 days, over all assets. */
  remotelyMonitoredShare: number | null;
  /** Savings of accepted M&V settlement statements. */
  verifiedSavingsKwh: number;
  /** Work orders closed. */
  workOrdersHandled: number;
  /** Customer orders built to a configuration. */
  customisedOrders: number;
  /** Mean OEE of the stations over the last 30 days; null where no station ran. */
  oee: number | null;
  assets: number;
}

export const PLATFORM_INDICATOR_KEYS = [
  'serviceRevenueShare',
  'installedBaseUnderContractShare',
  'remotelyMonitoredShare',
  'verifiedSavingsKwh',
  'workOrdersHandled',
  'customisedOrders',
  'oee',
] as const;

const DAY = 86_400_000;
const share = (a: number, b: number) => (b > 0 ? a / b : null);

async function fleet(db: Db, scope: Scope, now: number) {
  const rows = await assets
    .scopedAssets(db, scope)
    .where('assets.level', '=', 'asset')
    .select(['assets.id', 'assets.last_seen_at'])
    .execute();
  const since = now - 30 * DAY;
  const monitored = rows.filter((r) => r.last_seen_at !== null && Number(r.last_seen_at) >= since);
  return { ids: new Set(rows.map((r) => r.id)), monitored: monitored.length };
}

async function meanOee(db: Db, scope: Scope, now: number): Promise<number | null> {
  const stations = await manufacturing.stationOee(db, scope, now - 30 * DAY, now, now);
  const values = stations.map((s) => s.oee).filter((x): x is number => x !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export async function platformIndicators(
  src: PlatformSources,
  scope: Scope,
  revenueFen: number | null,
  now = Date.now(),
): Promise<PlatformIndicators> {
  const { db } = src;
  const { ids, monitored } = await fleet(db, scope, now);
  const contracts = (await service.listContracts(db, scope)).filter(
    (c) => c.validFromMs <= now && now < c.validToMs,
  );
  const covered = new Set(contracts.flatMap((c) => c.assetIds).filter((id) => ids.has(id)));
  const statements = (await src.statements?.(scope)) ?? [];
  const accepted = statements.filter((s) => s.status === 'accepted');
  const contractYuan = contracts.reduce((s, c) => s + (c.priceFen ?? 0), 0) / 100;
  const serviceRevenueYuan = accepted.reduce((s, x) => s + x.amount, 0) + contractYuan;
  const closed = await service.listWorkOrders(
    db,
    scope,
    { status: 'closed', limit: 1_000_000 },
    now,
  );
  const orders = await manufacturing.listCustomerOrders(db, scope);
  return {
    serviceRevenueShare: revenueFen ? share(serviceRevenueYuan * 100, revenueFen) : null,
    serviceRevenueYuan,
    installedBaseUnderContractShare: share(covered.size, ids.size),
    remotelyMonitoredShare: share(monitored, ids.size),
    verifiedSavingsKwh: accepted.reduce((s, x) => s + x.savingsKwh, 0),
    workOrdersHandled: closed.length,
    customisedOrders: orders.filter((o) => Object.keys(o.configuration ?? {}).length > 0).length,
    oee: await meanOee(db, scope, now),
    assets: ids.size,
  };
}
