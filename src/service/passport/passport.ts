// The product passport (产品护照) of an asset: its whole life on one timeline, assembled from what
// the platform records — the as-built record and factory test files, lifecycle transitions,
// configuration changes (the audit log), alarms, PHM assessments, work orders with the parts
// replaced, contract periods and retirement. Alarms and assessments come from their contexts
// through `PassportSources` (the route wires them); the rest is read here. A customer user sees
// the passport of its own assets only, without internal notes or costs.
import type { Kysely } from 'kysely';
import { getAsset, lifecycleHistory, type Asset } from '../../assets/index.ts';
import { listAudit, type Scope } from '../../identity/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import {
  getAsBuilt,
  listAttachments,
  type AsBuilt,
  type Attachment,
} from '../attachments/index.ts';
import { isCustomerScope, kOf } from '../store.ts';
import { listWorkOrders } from '../work-orders/index.ts';

export type PassportEventKind =
  | 'created'
  | 'as_built'
  | 'factory_test'
  | 'lifecycle'
  | 'config'
  | 'alarm'
  | 'phm'
  | 'work_order'
  | 'part_replaced'
  | 'contract_start'
  | 'contract_end'
  | 'retired';

export interface PassportEvent {
  at: number;
  kind: PassportEventKind;
  /** A short English line; the console renders its own words from kind and data. */
  title: string;
  ref: string | null;
  data: Record<string, unknown>;
}

export interface PassportSources {
  alarms(
    scope: Scope,
    assetId: string,
  ): Promise<
    Array<{
      id: string;
      ruleId: string;
      severity: string;
      raisedAt: number;
      clearedAt: number | null;
    }>
  >;
  assessments(
    scope: Scope,
    assetId: string,
  ): Promise<Array<{ id: string; at: number; health: number; rul: number | null }>>;
  /** The unit's as-built record from production, if it was built on the platform. */
  factory?(scope: Scope, assetId: string): Promise<FactoryRecord | null>;
}

/**
 * Where the passport starts for a unit built on the platform: the manufacturing context's
 * as-built record of the unit (configuration, BOM with component lots and serials, station and
 * times of each operation), reached through `PassportSources.factory`.
 */
export interface FactoryRecord {
  productionOrderId: string;
  customerOrderId: string | null;
  modelCode: string;
  sku: string;
  configuration: Record<string, string>;
  builtAt: number;
  components: Array<{
    item: string;
    unit: string;
    quantity: number;
    lots: string[];
    serials: string[];
  }>;
  operations: Array<{
    op: number;
    operation: string;
    station: string;
    startedAt: number;
    finishedAt: number;
  }>;
}

export interface Passport {
  asset: Asset;
  asBuilt: AsBuilt;
  /** The factory's as-built record when the unit was built here, else null. */
  factory: FactoryRecord | null;
  files: Attachment[];
  events: PassportEvent[];
  generatedAt: number;
}

const ev = (
  at: number,
  kind: PassportEventKind,
  title: string,
  ref: string | null,
  data: Record<string, unknown> = {},
): PassportEvent => ({ at, kind, title, ref, data });

async function partsReplaced(db: Db, scope: Scope, assetId: string): Promise<PassportEvent[]> {
  const rows = await kOf(db)
    .selectFrom('service_part_movements as m')
    .innerJoin('service_work_orders as w', 'w.id', 'm.work_order_id')
    .innerJoin('service_parts as p', 'p.id', 'm.part_id')
    .select(['m.at', 'm.qty', 'm.work_order_id', 'p.sku', 'p.name', 'm.unit_cost_fen'])
    .where('m.tenant_id', '=', scope.tenantId)
    .where('w.asset_id', '=', assetId)
    .where('m.kind', '=', 'consume')
    .execute();
  return rows.map((r) =>
    ev(Number(r.at), 'part_replaced', `${r.qty} × ${r.sku} ${r.name}`, r.work_order_id, {
      sku: r.sku,
      name: r.name,
      qty: Number(r.qty),
      ...(isCustomerScope(scope) ? {} : { unitCostFen: Number(r.unit_cost_fen) }),
    }),
  );
}

async function contractPeriods(db: Db, scope: Scope, assetId: string): Promise<PassportEvent[]> {
  const rows = await kOf(db)
    .selectFrom('service_contract_assets as a')
    .innerJoin('service_contracts as c', 'c.id', 'a.contract_id')
    .select(['c.id', 'c.name', 'c.kind', 'a.valid_from', 'a.valid_to'])
    .where('a.tenant_id', '=', scope.tenantId)
    .where('a.asset_id', '=', assetId)
    .execute();
  return rows.flatMap((r) => [
    ev(Number(r.valid_from), 'contract_start', `Contract ${r.name} (${r.kind}) starts`, r.id, {
      kind: r.kind,
      name: r.name,
    }),
    ev(Number(r.valid_to), 'contract_end', `Contract ${r.name} ends`, r.id, {
      kind: r.kind,
      name: r.name,
    }),
  ]);
}

export async function assetPassport(
  db: Db,
  scope: Scope,
  assetId: string,
  sources: PassportSources,
  now = Date.now(),
): Promise<Passport> {
  const asset = await getAsset(db, scope, assetId);
  const [asBuilt, files, lifecycle, audit, alarms, phm, orders, parts, contracts, factory] =
    await Promise.all([
      getAsBuilt(db, scope, assetId),
      listAttachments(db, scope, 'asset', assetId),
      lifecycleHistory(db, scope, assetId),
      listAudit(db.kysely as unknown as Kysely<Database>, scope.tenantId, {
        limit: 500,
        offset: 0,
        entityId: assetId,
      }),
      sources.alarms(scope, assetId),
      sources.assessments(scope, assetId),
      listWorkOrders(db, scope, { assetId, limit: 1000 }, now),
      partsReplaced(db, scope, assetId),
      contractPeriods(db, scope, assetId),
      sources.factory ? sources.factory(scope, assetId) : Promise.resolve(null),
    ]);
  const events: PassportEvent[] = [
    ev(asset.createdAt, 'created', `Registered as ${asset.serial}`, asset.id, {
      serial: asset.serial,
    }),
  ];
  if (factory)
    events.push(
      ev(
        factory.builtAt,
        'as_built',
        `Built in production order ${factory.productionOrderId}: ${factory.sku}`,
        factory.productionOrderId,
        {
          source: 'factory',
          sku: factory.sku,
          components: factory.components,
          operations: factory.operations.length,
        },
      ),
    );
  if (asBuilt.updatedAt !== null)
    events.push(
      ev(
        asBuilt.updatedAt,
        'as_built',
        `As-built record: ${asBuilt.components.length} components`,
        null,
        { components: asBuilt.components },
      ),
    );
  for (const f of files)
    events.push(
      ev(f.createdAt, 'factory_test', f.name, f.id, {
        kind: f.kind,
        contentType: f.contentType,
        size: f.size,
      }),
    );
  for (const l of lifecycle)
    events.push(
      ev(l.at, l.to === 'retired' ? 'retired' : 'lifecycle', `${l.from ?? '—'} → ${l.to}`, l.id, {
        from: l.from,
        to: l.to,
        note: l.note,
      }),
    );
  // Configuration changes: the asset's own audit entries beyond creation and lifecycle (those
  // have their own events); a customer sees that a change was made, not its details.
  for (const a of audit)
    if (a.action === 'asset.update')
      events.push(
        ev(
          a.at,
          'config',
          'Configuration changed',
          a.id,
          isCustomerScope(scope) ? {} : { actor: a.actor, details: a.details },
        ),
      );
  for (const a of alarms)
    events.push(
      ev(a.raisedAt, 'alarm', `Alarm ${a.ruleId} (${a.severity})`, a.id, {
        ruleId: a.ruleId,
        severity: a.severity,
        clearedAt: a.clearedAt,
      }),
    );
  for (const p of phm)
    events.push(
      ev(p.at, 'phm', `Health index ${Math.round(p.health * 100) / 100}`, p.id, {
        health: p.health,
        rulHours: p.rul,
      }),
    );
  for (const w of orders)
    events.push(
      ev(w.createdAt, 'work_order', w.title, w.id, {
        status: w.status,
        kind: w.kind,
        source: w.source,
        doneAt: w.doneAt,
      }),
    );
  events.push(...parts, ...contracts);
  const order: Record<PassportEventKind, number> = {
    created: 0,
    as_built: 1,
    factory_test: 2,
    contract_start: 3,
    lifecycle: 4,
    config: 5,
    alarm: 6,
    phm: 7,
    work_order: 8,
    part_replaced: 9,
    contract_end: 10,
    retired: 11,
  };
  events.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
  return { asset, asBuilt, factory, files, events, generatedAt: now };
}
