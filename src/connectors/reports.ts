// Status reports of gateway-run connectors, kept per connector: the platform cannot watch a
// connector that runs inside the plant, so it keeps what the gateway last said. A device may
// report only the connectors it runs (runOn 'gateway', its own deviceId); names it reports that
// match nothing of its own are ignored and answered, so a misconfigured gateway learns of it.
import type { Kysely } from 'kysely';
import type { Language } from '../kernel/index.ts';
import type { Database, Db } from '../storage/index.ts';
import {
  isStale,
  statusOfReported,
  type GatewayReport,
  type ReportedConnector,
} from './gateway/report.ts';
import type { ConnectorStatus } from './status.ts';
import type { ConnectorTables } from './store.ts';

export interface ConnectorReportTable {
  connector_id: string;
  tenant_id: string;
  device_id: string;
  received_at: number;
  interval_ms: number;
  report: string;
}
export type ConnectorReportTables = ConnectorTables & { connector_reports: ConnectorReportTable };
type K = Kysely<Database & ConnectorReportTables>;
const k = (db: Db): K => db.kysely.withTables<ConnectorReportTables>();

/** Stores a gateway's report for the connectors it runs; returns the names it did not know. */
export async function recordGatewayReport(
  db: Db,
  tenantId: string,
  deviceId: string,
  report: GatewayReport,
  now = Date.now(),
): Promise<{ stored: number; ignored: string[] }> {
  const own = await k(db)
    .selectFrom('connectors')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('run_on', '=', 'gateway')
    .execute();
  const idOf = new Map(own.map((r) => [r.name, r.id]));
  const ignored: string[] = [];
  let stored = 0;
  for (const c of report.connectors) {
    const id = idOf.get(c.name);
    if (!id) {
      ignored.push(c.name);
      continue;
    }
    const row: ConnectorReportTable = {
      connector_id: id,
      tenant_id: tenantId,
      device_id: deviceId,
      received_at: now,
      interval_ms: report.intervalMs,
      report: JSON.stringify(c),
    };
    const { connector_id: _id, ...update } = row;
    await k(db)
      .insertInto('connector_reports')
      .values(row)
      .onConflict((oc) => oc.column('connector_id').doUpdateSet(update))
      .execute();
    stored++;
  }
  return { stored, ignored };
}

export interface ReportedStatus {
  status: ConnectorStatus;
  reportedAt: number;
  stale: boolean;
}

/** What the connector's gateway last reported, if it ever did, and whether that is stale. */
export async function reportedStatus(
  db: Db,
  tenantId: string,
  connectorId: string,
  lang: Language = 'en',
  now = Date.now(),
): Promise<ReportedStatus | undefined> {
  const r = await k(db)
    .selectFrom('connector_reports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('connector_id', '=', connectorId)
    .executeTakeFirst();
  if (!r) return undefined;
  const receivedAt = Number(r.received_at);
  return {
    status: statusOfReported(connectorId, JSON.parse(r.report) as ReportedConnector, lang),
    reportedAt: receivedAt,
    stale: isStale(receivedAt, Number(r.interval_ms), now),
  };
}

/** Forgets a deleted connector's report. */
export async function forgetReport(db: Db, tenantId: string, connectorId: string): Promise<void> {
  await k(db)
    .deleteFrom('connector_reports')
    .where('tenant_id', '=', tenantId)
    .where('connector_id', '=', connectorId)
    .execute();
}
