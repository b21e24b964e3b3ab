// Retention of the shared store (cluster_points and the owners' rollups, migrations 035 and
// 042), run by the telemetry service's hourly pass, which in cluster mode runs on one node at a
// time behind the background lease (background.ts). Each tenant's retention applies as in one
// process: per resolution, the tenant's, overridden per channel and optionally per model
// (telemetry/retention.ts). Raw retention deletes cluster_points, 1m the minute rows, 1h (and
// 1d: days are kept as their hours here) the hour rows. Cut-offs are whole hours, so a rollup
// row never outlives part of its points: what is left of the raw rows is exactly what the
// rollups that remain summarise, and a coarser resolution is kept at least as long as a finer.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../storage/index.ts';
import type { RetentionMap, RetentionPolicies } from '../telemetry/index.ts';
import { HOUR_MS, MINUTE_MS } from './rollups.ts';

/** A set of the tenant's series (a condition on cluster_points or cluster_rollups) and its retention. */
interface Group {
  where: RawBuilder<unknown>;
  keep: RetentionMap;
}

function groups(policies: RetentionPolicies, tenantId: string): Group[] {
  const rules = policies.channels(tenantId);
  const channels = [...new Set(rules.map((r) => r.channel))];
  const out: Group[] = [
    {
      where: channels.length ? sql`channel not in (${sql.join(channels)})` : sql`true`,
      keep: policies.get(tenantId),
    },
  ];
  const ofModels = (models: string[]) =>
    sql`(select id from assets where tenant_id = ${tenantId} and model_id in (${sql.join(models)}))`;
  for (const channel of channels) {
    const models = rules.filter((r) => r.channel === channel && r.modelId !== null);
    const ids = models.map((r) => r.modelId!);
    for (const m of ids)
      out.push({
        where: sql`channel = ${channel} and asset_id in ${ofModels([m])}`,
        keep: policies.effective(tenantId, channel, m),
      });
    out.push({
      where: ids.length
        ? sql`channel = ${channel} and asset_id not in ${ofModels(ids)}`
        : sql`channel = ${channel}`,
      keep: policies.effective(tenantId, channel, null),
    });
  }
  return out;
}

/** Kept for ever: undefined; else the longest of the resolutions given (a coarser outlives a finer). */
const longest = (...keeps: (number | undefined)[]) =>
  keeps.some((k) => k === undefined) ? undefined : Math.max(...(keeps as number[]));

/** Deletes what each tenant's retention no longer keeps; returns the rows deleted. */
export async function expireClusterStore(
  db: Db,
  policies: RetentionPolicies,
  now: number,
): Promise<number> {
  let removed = 0;
  const cutoff = (keep: number | undefined) =>
    keep === undefined ? undefined : Math.floor((now - keep) / HOUR_MS) * HOUR_MS;
  for (const tenantId of policies.tenants()) {
    for (const g of groups(policies, tenantId)) {
      const raw = g.keep.raw;
      const minute = longest(g.keep['1m'], raw);
      const hour = longest(longest(g.keep['1h'], g.keep['1d']), minute);
      const del = async (before: number | undefined, q: (cut: number) => RawBuilder<unknown>) => {
        if (before === undefined) return;
        const r = await q(before).execute(db.kysely);
        removed += Number(r.numAffectedRows ?? 0);
      };
      await del(
        cutoff(raw),
        (cut) => sql`delete from cluster_points
          where tenant_id = ${tenantId} and ${g.where} and ts < ${cut}`,
      );
      for (const [size, keep] of [
        [MINUTE_MS, minute],
        [HOUR_MS, hour],
      ] as const)
        await del(
          cutoff(keep),
          (cut) => sql`delete from cluster_rollups
            where tenant_id = ${tenantId} and size_ms = ${size} and ${g.where} and start < ${cut}`,
        );
    }
  }
  return removed;
}
