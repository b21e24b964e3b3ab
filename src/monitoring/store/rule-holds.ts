// Cluster mode's stored rule holds (migration 045, issue 24 item 5): per (tenant, asset, rule),
// the `pending` or `clearing` hold its partition's owner is running and the event time it
// began. Written in the alarm batch's transaction, after the fence check (alarm-service.ts), so
// a stale owner cannot overwrite the next owner's row; read when a partition's new owner
// resumes (runtime.ts resume → engine.resetAssets).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { HoldEvent, StoredHold } from '../rules/index.ts';

type K = Kysely<Database & MonitoringTables>;

export interface HeldRule extends StoredHold {
  asset: string;
  ruleId: string;
}

/** Writes a batch's hold changes: the last change of each (asset, rule) wins. */
export async function writeHolds(
  tx: Transaction<Database & MonitoringTables>,
  tenantId: string,
  changes: readonly HoldEvent[],
): Promise<void> {
  if (changes.length === 0) return;
  const last = new Map<string, HoldEvent>();
  for (const h of changes) last.set(`${h.asset}\u0000${h.ruleId}`, h);
  const ended = [...last.values()].filter((h) => h.phase === 'none');
  const held = [...last.values()].filter((h) => h.phase !== 'none');
  if (ended.length > 0)
    await tx
      .deleteFrom('rule_holds')
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or(
          ended.map((h) => eb.and([eb('asset_id', '=', h.asset), eb('rule_id', '=', h.ruleId)])),
        ),
      )
      .execute();
  if (held.length > 0)
    await tx
      .insertInto('rule_holds')
      .values(
        held.map((h) => ({
          tenant_id: tenantId,
          asset_id: h.asset,
          rule_id: h.ruleId,
          phase: h.phase,
          since: h.since,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'asset_id', 'rule_id']).doUpdateSet((eb) => ({
          phase: eb.ref('excluded.phase'),
          since: eb.ref('excluded.since'),
        })),
      )
      .execute();
}

/** The holds stored for `assets` of the tenant. */
export async function readHolds(
  k: K,
  tenantId: string,
  assets: readonly string[],
): Promise<HeldRule[]> {
  if (assets.length === 0) return [];
  const rows = await k
    .selectFrom('rule_holds')
    .select(['asset_id', 'rule_id', 'phase', 'since'])
    .where('tenant_id', '=', tenantId)
    .where('asset_id', 'in', [...assets])
    .execute();
  return rows
    .filter((r) => r.phase === 'pending' || r.phase === 'clearing')
    .map((r) => ({
      asset: r.asset_id,
      ruleId: r.rule_id,
      phase: r.phase as StoredHold['phase'],
      since: Number(r.since),
    }));
}
