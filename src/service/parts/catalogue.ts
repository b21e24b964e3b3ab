// The spare-parts catalogue (备件: with the asset models each part fits) and warehouses (仓库),
// including a technician's van.
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServicePartTable } from '../../storage/service-schema.ts';
import { audit, conflict, json, kOf, serviceId, type K } from '../store.ts';

export interface Part {
  id: string;
  sku: string;
  name: string;
  fits: string[];
  unitCostFen: number;
  reorderPoint: number;
  reorderQty: number;
}

export interface Warehouse {
  id: string;
  name: string;
  kind: 'depot' | 'van';
  technicianId: string | null;
}

const toPart = (r: ServicePartTable): Part => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  fits: json(r.fits),
  unitCostFen: r.unit_cost_fen,
  reorderPoint: r.reorder_point,
  reorderQty: r.reorder_qty,
});

export async function createPart(db: Db, scope: Scope, input: Omit<Part, 'id'>): Promise<Part> {
  const k = kOf(db);
  const taken = await k
    .selectFrom('service_parts')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('sku', '=', input.sku)
    .executeTakeFirst();
  if (taken)
    throw conflict({
      en: `sku: '${input.sku}' is already part ${taken.id}.`,
      'zh-CN': `sku：“${input.sku}”已是备件 ${taken.id} 的物料编码。`,
    });
  const row: ServicePartTable = {
    id: serviceId('pt'),
    tenant_id: scope.tenantId,
    sku: input.sku,
    name: input.name,
    fits: JSON.stringify(input.fits),
    unit_cost_fen: input.unitCostFen,
    reorder_point: input.reorderPoint,
    reorder_qty: input.reorderQty,
    created_at: Date.now(),
  };
  await k.transaction().execute(async (tx) => {
    await tx.insertInto('service_parts').values(row).execute();
    await audit(tx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'service.part.create',
      entityType: 'service_part',
      entityId: row.id,
      details: { sku: input.sku },
    });
  });
  return toPart(row);
}

export async function listParts(
  db: Db,
  scope: Scope,
  q: { modelId?: string } = {},
): Promise<Part[]> {
  const rows = await kOf(db)
    .selectFrom('service_parts')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('sku')
    .execute();
  const parts = rows.map(toPart);
  return q.modelId ? parts.filter((p) => p.fits.includes(q.modelId!)) : parts;
}

export async function partRow(k: K, tenantId: string, id: string): Promise<ServicePartTable> {
  const r = await k
    .selectFrom('service_parts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Part', id);
  return r;
}

export async function createWarehouse(
  db: Db,
  scope: Scope,
  input: { name: string; kind: 'depot' | 'van'; technicianId?: string | null },
): Promise<Warehouse> {
  const row = {
    id: serviceId('wh'),
    tenant_id: scope.tenantId,
    name: input.name,
    kind: input.kind,
    technician_id: input.technicianId ?? null,
    created_at: Date.now(),
  };
  await kOf(db).insertInto('service_warehouses').values(row).execute();
  return { id: row.id, name: row.name, kind: row.kind, technicianId: row.technician_id };
}

export async function listWarehouses(db: Db, scope: Scope): Promise<Warehouse[]> {
  const rows = await kOf(db)
    .selectFrom('service_warehouses')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as Warehouse['kind'],
    technicianId: r.technician_id,
  }));
}

export async function checkWarehouse(k: K, tenantId: string, id: string, field: string) {
  const w = await k
    .selectFrom('service_warehouses')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!w) throw notFound(`Warehouse (${field})`, id);
}
