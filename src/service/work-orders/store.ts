// The work-order store: open (manually, from an alarm, a PHM result or a customer's request),
// move through the state machine, assign and reassign, confirm and rate. Every change is one
// transaction: the row, its state log and the identity audit log. Writes are conditional on the
// version read (optimistic concurrency), so of two technicians closing the same order at once one
// wins and the other gets a 409 naming the state and version it lost to.
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServiceWorkOrderTable } from '../../storage/service-schema.ts';
import { contractRowFor, type Priority } from '../contracts/index.ts';
import type { Pause } from '../sla/index.ts';
import {
  audit,
  conflict,
  customerFilter,
  invalidField,
  json,
  kOf,
  serviceId,
  type K,
} from '../store.ts';
import { rollUpBooking } from '../kpi/rollup.ts';
import { recordOutcome } from './outcome.ts';
import { checkTransition, type WorkOrderState } from './states.ts';
import {
  cacheContract,
  toWorkOrder,
  type ContractCache,
  type WorkOrder,
  type WorkOrderSource,
} from './view.ts';

export interface OpenInput {
  assetId: string;
  title: string;
  description?: string;
  priority: Priority;
  kind?: 'corrective' | 'preventive';
  source: WorkOrderSource;
  sourceRef?: string | null;
  /** Unique while open: a second open with the same key returns the open order instead. */
  openKey?: string | null;
  skills?: string[];
}

export interface Opened {
  workOrder: WorkOrder;
  created: boolean;
}

export async function scopedRow(k: K, scope: Scope, id: string): Promise<ServiceWorkOrderTable> {
  let q = k.selectFrom('service_work_orders').selectAll().where('tenant_id', '=', scope.tenantId);
  const only = customerFilter(scope);
  if (only) q = q.where('customer_id', 'in', only);
  const r = await q.where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Work order', id);
  return r;
}

async function view(
  k: K,
  scope: Scope,
  r: ServiceWorkOrderTable,
  now: number,
  cache: ContractCache = new Map(),
) {
  const contract = r.contract_id
    ? await k
        .selectFrom('service_contracts')
        .selectAll()
        .where('id', '=', r.contract_id)
        .executeTakeFirst()
    : undefined;
  return toWorkOrder(r, scope, cacheContract(cache, contract), now);
}

const event = (
  k: K,
  tenantId: string,
  woId: string,
  version: number,
  from: string | null,
  to: string,
  at: number,
  by: string,
  note = '',
) =>
  k
    .insertInto('service_work_order_events')
    .values({
      id: serviceId('we'),
      tenant_id: tenantId,
      work_order_id: woId,
      version,
      from_status: from,
      to_status: to,
      at,
      by,
      note,
    })
    .execute();

/** The row of a new work order (status new, version 1) for an asset the scope may see. */
export async function newWorkOrderRow(
  db: Db,
  scope: Scope,
  input: OpenInput,
  now: number,
): Promise<ServiceWorkOrderTable> {
  const asset = await getAsset(db, scope, input.assetId);
  const contract = await contractRowFor(kOf(db), scope.tenantId, asset.id, now);
  return {
    id: serviceId('wo'),
    tenant_id: scope.tenantId,
    customer_id: asset.customerId,
    asset_id: asset.id,
    contract_id: contract?.id ?? null,
    title: input.title,
    description: input.description ?? '',
    priority: input.priority,
    kind: input.kind ?? 'corrective',
    source: input.source,
    source_ref: input.sourceRef ?? null,
    open_key: input.openKey ?? null,
    skills: JSON.stringify(input.skills ?? []),
    status: 'new',
    version: 1,
    technician_id: null,
    created_by: scope.actor,
    created_at: now,
    updated_at: now,
    responded_at: null,
    done_at: null,
    closed_at: null,
    pauses: '[]',
    visits: 0,
    internal_notes: '',
    labour_minutes: 0,
    cost_fen: 0,
    rating: null,
    customer_comment: null,
    confirmed_at: null,
    model_id: asset.modelId ?? null,
    cancelled_at: null,
    sla_response_met: null,
    sla_resolution_met: null,
    sla_response_minutes: null,
    sla_resolution_minutes: null,
    downtime_ms: null,
  };
}

/** Inserts a new work order with its first state-log entry and audit, inside the caller's
 * transaction; false when an open order with the same open key exists (nothing written). */
export async function insertWorkOrder(
  tx: K,
  scope: Scope,
  row: ServiceWorkOrderTable,
): Promise<boolean> {
  const r = await tx
    .insertInto('service_work_orders')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'open_key']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  const at = row.created_at;
  await event(
    tx,
    scope.tenantId,
    row.id,
    1,
    null,
    'new',
    at,
    scope.actor,
    `opened (${row.source})`,
  );
  await audit(tx, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action: 'service.work_order.open',
    entityType: 'service_work_order',
    entityId: row.id,
    details: {
      assetId: row.asset_id,
      source: row.source,
      sourceRef: row.source_ref,
      priority: row.priority,
    },
  });
  return true;
}

/** The API view of a row just written. */
export const workOrderView = (db: Db, scope: Scope, r: ServiceWorkOrderTable, now: number) =>
  view(kOf(db), scope, r, now);

export async function openWorkOrder(
  db: Db,
  scope: Scope,
  input: OpenInput,
  now = Date.now(),
): Promise<Opened> {
  const row = await newWorkOrderRow(db, scope, input, now);
  const k = kOf(db);
  const created = await k.transaction().execute((tx) => insertWorkOrder(tx, scope, row));
  if (created) return { workOrder: await view(k, scope, row, now), created };
  const open = await k
    .selectFrom('service_work_orders')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('open_key', '=', input.openKey!)
    .executeTakeFirstOrThrow();
  return { workOrder: await view(k, scope, open, now), created: false };
}

/** The fields a transition into `to` sets, beyond status and version. */
function effectsOf(
  r: ServiceWorkOrderTable,
  to: WorkOrderState,
  now: number,
): Partial<ServiceWorkOrderTable> {
  const pauses = json<Pause[]>(r.pauses);
  switch (to) {
    case 'assigned':
      if (!r.technician_id)
        throw invalidField('technicianId', {
          en: 'assign a technician first (POST /work-orders/{id}/assign)',
          'zh-CN': '请先指派技术员（POST /work-orders/{id}/assign）',
        });
      return {};
    case 'in_progress':
      if (r.status === 'on_hold') {
        const last = pauses[pauses.length - 1];
        if (last && last.to === null) last.to = now;
      }
      return {
        visits: r.visits + 1,
        responded_at: r.responded_at ?? now,
        pauses: JSON.stringify(pauses),
      };
    case 'on_hold':
      return { pauses: JSON.stringify([...pauses, { from: now, to: null }]) };
    case 'done':
      return { done_at: now, open_key: null };
    case 'closed':
      return { closed_at: now, open_key: null };
    case 'cancelled': {
      const last = pauses[pauses.length - 1];
      if (last && last.to === null) last.to = now;
      return { open_key: null, pauses: JSON.stringify(pauses) };
    }
    default:
      return {};
  }
}

/** Writes a change conditional on the version read; 0 rows means someone else changed it. */
async function writeIf(
  tx: K,
  r: ServiceWorkOrderTable,
  patch: Partial<ServiceWorkOrderTable>,
  now: number,
) {
  const res = await tx
    .updateTable('service_work_orders')
    .set({ ...patch, version: r.version + 1, updated_at: now })
    .where('id', '=', r.id)
    .where('version', '=', r.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const cur = await tx
      .selectFrom('service_work_orders')
      .select(['status', 'version'])
      .where('id', '=', r.id)
      .executeTakeFirst();
    throw conflict(
      {
        en: `Work order ${r.id} was changed by someone else meanwhile (now ${cur?.status}, version ${cur?.version}); reload and retry.`,
        'zh-CN': `工单 ${r.id} 已被他人修改（当前状态 ${cur?.status}，版本 ${cur?.version}），请刷新后重试。`,
      },
      { id: r.id, status: cur?.status, version: cur?.version },
    );
  }
}

function checkVersion(r: ServiceWorkOrderTable, expected: number | undefined) {
  if (expected !== undefined && expected !== r.version)
    throw conflict(
      {
        en: `Work order ${r.id} is at version ${r.version} (${r.status}), not ${expected}: someone else changed it; reload and retry.`,
        'zh-CN': `工单 ${r.id} 当前版本为 ${r.version}（${r.status}），不是 ${expected}：已被他人修改，请刷新后重试。`,
      },
      { id: r.id, status: r.status, version: r.version, expected },
    );
}

export interface TransitionInput {
  to: string;
  note?: string;
  /** The version the caller saw; a different current version is a 409. */
  version?: number;
}

/** Hooks a transition runs inside its transaction (e.g. releasing reserved parts on cancel). */
export type TransitionHook = (
  tx: K,
  r: ServiceWorkOrderTable,
  to: WorkOrderState,
  now: number,
) => Promise<void>;

export async function transitionWorkOrder(
  db: Db,
  scope: Scope,
  id: string,
  input: TransitionInput,
  now = Date.now(),
  hook?: TransitionHook,
): Promise<WorkOrder> {
  const k = kOf(db);
  const after = await k.transaction().execute(async (tx) => {
    const r = await scopedRow(tx, scope, id);
    checkVersion(r, input.version);
    const to = checkTransition(r.status as WorkOrderState, input.to);
    const patch = { ...effectsOf(r, to, now), status: to };
    await writeIf(tx, r, patch, now);
    await hook?.(tx, r, to, now);
    await recordOutcome(tx, r, to, now);
    await event(
      tx,
      scope.tenantId,
      id,
      r.version + 1,
      r.status,
      to,
      now,
      scope.actor,
      input.note ?? '',
    );
    await audit(tx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: `service.work_order.${to}`,
      entityType: 'service_work_order',
      entityId: id,
      details: { from: r.status, to, note: input.note ?? null },
    });
    return { ...r, ...patch, version: r.version + 1, updated_at: now };
  });
  return view(k, scope, after, now);
}

export async function assignWorkOrder(
  db: Db,
  scope: Scope,
  id: string,
  input: { technicianId: string; version?: number; note?: string },
  now = Date.now(),
): Promise<WorkOrder> {
  const k = kOf(db);
  const after = await k.transaction().execute(async (tx) => {
    const r = await scopedRow(tx, scope, id);
    checkVersion(r, input.version);
    const tech = await tx
      .selectFrom('service_technicians')
      .select(['id', 'active'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.technicianId)
      .executeTakeFirst();
    if (!tech || tech.active !== 1)
      throw invalidField('technicianId', {
        en: `no active technician '${input.technicianId}'`,
        'zh-CN': `没有在职技术员“${input.technicianId}”`,
      });
    const status = r.status as WorkOrderState;
    const to: WorkOrderState =
      status === 'new' || status === 'planned' ? checkTransition(status, 'assigned') : status;
    if (!['assigned', 'in_progress', 'on_hold'].includes(to))
      throw invalidField('status', {
        en: `a ${status} work order cannot be assigned`,
        'zh-CN': `状态为 ${status} 的工单不能指派`,
      });
    const patch = { status: to, technician_id: tech.id };
    await writeIf(tx, r, patch, now);
    const note = r.technician_id
      ? `reassigned from ${r.technician_id} to ${tech.id}`
      : `assigned to ${tech.id}`;
    await event(
      tx,
      scope.tenantId,
      id,
      r.version + 1,
      status,
      to,
      now,
      scope.actor,
      input.note ? `${note}: ${input.note}` : note,
    );
    await audit(tx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: r.technician_id ? 'service.work_order.reassign' : 'service.work_order.assign',
      entityType: 'service_work_order',
      entityId: id,
      details: { from: r.technician_id, to: tech.id },
    });
    return { ...r, ...patch, version: r.version + 1, updated_at: now };
  });
  return view(k, scope, after, now);
}

/** The customer confirms a finished visit and rates it (1–5). */
export async function confirmWorkOrder(
  db: Db,
  scope: Scope,
  id: string,
  input: { rating: number; comment?: string },
  now = Date.now(),
): Promise<WorkOrder> {
  const k = kOf(db);
  const after = await k.transaction().execute(async (tx) => {
    const r = await scopedRow(tx, scope, id);
    if (r.status !== 'done' && r.status !== 'closed')
      throw invalidField('status', {
        en: `only a done or closed work order can be confirmed (it is ${r.status})`,
        'zh-CN': `只有已完成或已关闭的工单可以确认（当前为 ${r.status}）`,
      });
    if (r.confirmed_at !== null)
      throw conflict({
        en: `Work order ${id} was already confirmed.`,
        'zh-CN': `工单 ${id} 已确认过。`,
      });
    const patch = {
      rating: input.rating,
      customer_comment: input.comment ?? null,
      confirmed_at: now,
    };
    await writeIf(tx, r, patch, now);
    await audit(tx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'service.work_order.confirm',
      entityType: 'service_work_order',
      entityId: id,
      details: { rating: input.rating },
    });
    return { ...r, ...patch, version: r.version + 1, updated_at: now };
  });
  return view(k, scope, after, now);
}

/** Internal bookkeeping of the provider: notes and labour. */
export async function updateInternal(
  db: Db,
  scope: Scope,
  id: string,
  input: { internalNotes?: string; labourMinutes?: number; version?: number },
  now = Date.now(),
): Promise<WorkOrder> {
  const k = kOf(db);
  const after = await k.transaction().execute(async (tx) => {
    const r = await scopedRow(tx, scope, id);
    checkVersion(r, input.version);
    const patch = {
      internal_notes: input.internalNotes ?? r.internal_notes,
      labour_minutes: input.labourMinutes ?? r.labour_minutes,
    };
    await writeIf(tx, r, patch, now);
    await rollUpBooking(tx, r, patch.labour_minutes - r.labour_minutes, 0);
    return { ...r, ...patch, version: r.version + 1, updated_at: now };
  });
  return view(k, scope, after, now);
}

export async function getWorkOrder(
  db: Db,
  scope: Scope,
  id: string,
  now = Date.now(),
): Promise<WorkOrder> {
  const k = kOf(db);
  return view(k, scope, await scopedRow(k, scope, id), now);
}
