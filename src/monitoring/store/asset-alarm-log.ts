// The alarm log of one asset (each annunciation: raised, cleared), for views of an asset's whole
// life such as the service context's product passport. The caller has checked that the asset is
// visible to whoever asks.
import type { Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';

export interface AssetAlarmEntry {
  id: string;
  alarmId: string;
  ruleId: string;
  severity: string;
  raisedAt: number;
  clearedAt: number | null;
}

export async function assetAlarmLog(
  db: Db,
  tenantId: string,
  assetId: string,
  limit = 500,
): Promise<AssetAlarmEntry[]> {
  const rows = await db.kysely
    .withTables<MonitoringTables>()
    .selectFrom('alarm_activations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('asset_id', '=', assetId)
    .orderBy('raised_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    alarmId: r.alarm_id,
    ruleId: r.rule_id,
    severity: r.severity,
    raisedAt: Number(r.raised_at),
    clearedAt: r.cleared_at === null ? null : Number(r.cleared_at),
  }));
}
