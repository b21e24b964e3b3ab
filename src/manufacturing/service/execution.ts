// Shop-floor execution: stations report the start and finish (with quantity and scrap) of a
// production order's operation. Operations run in routing order on one of their eligible
// stations; a wrong order of events is RONGHE_INVALID_TRANSITION naming the operation.
import { RongheError, invalid, reason } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { orderNameOf } from './order-name.ts';
import { getProductionOrder, type ProductionOrder } from './orders.ts';
import { getProductModel } from './product-models.ts';
import { opKey, shopState, type ShopState } from './shop-state.ts';
import { audit, mfg, mfgId } from './store.ts';
import { announceUnits, insertUnits, planUnits, type PlannedUnits } from './units.ts';

export type ShopEvent =
  | { kind: 'start'; station: string; at?: number }
  /** `station`, when given (MQTT names it in the topic), must be the one that started it. */
  | {
      kind: 'finish';
      at?: number;
      quantity: number;
      scrap?: number;
      station?: string;
      /** Serials of the good units, for the last operation of a serialised product. */
      serials?: string[];
    };

const transition = (en: string, zh: string) =>
  new RongheError('RONGHE_INVALID_TRANSITION', { en, 'zh-CN': zh });

/** Why an event cannot be recorded on this order at all (an unknown operation, a finished
 * order), naming the order as the shop floor knows it; undefined when it can. */
async function stepRefusal(db: Db, scope: Scope, po: ProductionOrder, op: number) {
  if (po.routing[op] && po.status !== 'done') return undefined;
  const order = await orderNameOf(db, scope, po);
  if (!po.routing[op])
    return invalid(
      'op',
      reason(
        {
          en: '{order} has operations 0 to {last} ({names})',
          'zh-CN': '{order}的工序为 0 到 {last}（{namesZh}）',
        },
        {
          order,
          last: po.routing.length - 1,
          names: po.routing.map((r) => r.operation).join(', '),
        },
      ),
    );
  return new RongheError(
    'RONGHE_INVALID_TRANSITION',
    reason(
      { en: 'The production order for {order} is done.', 'zh-CN': '{order}的生产订单已完成。' },
      { order },
    ),
  );
}

/** Records a start or finish; returns the operation's state after the event. */
export async function reportEvent(db: Db, scope: Scope, orderId: string, op: number, e: ShopEvent) {
  const po = await getProductionOrder(db, scope, orderId);
  const state = await shopState(db, scope, [po.id]);
  const refusal = await stepRefusal(db, scope, po, op);
  if (refusal) throw refusal;
  const step = po.routing[op]!;
  const current = state.get(opKey(po.id, op));
  const at = e.at ?? Date.now();
  let station: string;
  let quantity = 0;
  let scrap = 0;
  if (e.kind === 'start') {
    if (!step.stations.some((s) => s.station === e.station)) {
      throw invalid('station', {
        en: `'${e.station}' is not eligible for ${step.operation}; eligible: ${step.stations.map((s) => s.station).join(', ')}`,
        'zh-CN': `“${e.station}”不能执行 ${step.operation}；可用工位：${step.stations.map((s) => s.station).join('、')}`,
      });
    }
    if (current)
      throw transition(
        `Operation ${op} (${step.operation}) already started.`,
        `工序 ${op}（${step.operation}）已开工。`,
      );
    const prev = op > 0 ? state.get(opKey(po.id, op - 1)) : undefined;
    if (op > 0 && prev?.finishedAt === undefined) {
      throw transition(
        `Operation ${op - 1} (${po.routing[op - 1]!.operation}) has not finished.`,
        `工序 ${op - 1}（${po.routing[op - 1]!.operation}）尚未完工。`,
      );
    }
    station = e.station;
  } else {
    if (!current)
      throw transition(
        `Operation ${op} (${step.operation}) has not started.`,
        `工序 ${op}（${step.operation}）尚未开工。`,
      );
    if (current.finishedAt !== undefined)
      throw transition(`Operation ${op} already finished.`, `工序 ${op} 已完工。`);
    if (e.station !== undefined && e.station !== current.station) {
      throw invalid('station', {
        en: `operation ${op} runs on '${current.station}', not '${e.station}'`,
        'zh-CN': `工序 ${op} 在“${current.station}”上进行，而不是“${e.station}”`,
      });
    }
    if (at < current.startedAt)
      throw invalid('at', {
        en: 'a finish must not be before its start',
        'zh-CN': '完工时间不能早于开工时间',
      });
    quantity = e.quantity;
    scrap = e.scrap ?? 0;
    if (!Number.isInteger(quantity) || quantity < 0)
      throw invalid('quantity', { en: 'must be a whole number ≥ 0', 'zh-CN': '必须是 ≥ 0 的整数' });
    if (!Number.isInteger(scrap) || scrap < 0 || scrap > quantity) {
      throw invalid('scrap', {
        en: `must be a whole number from 0 to quantity (${quantity})`,
        'zh-CN': `必须是 0 到数量（${quantity}）之间的整数`,
      });
    }
    station = current.station;
  }
  const last = op === po.routing.length - 1;
  const status = e.kind === 'start' ? 'in-progress' : last ? 'done' : 'in-progress';
  if (e.kind === 'finish' && !last && e.serials?.length)
    throw invalid('serials', {
      en: 'serials are reported with the last operation',
      'zh-CN': '序列号在最后一道工序报工时提交',
    });
  const units =
    e.kind === 'finish' && last
      ? await unitsOf(db, scope, po, state, {
          op,
          operation: step.operation,
          station,
          startedAt: current!.startedAt,
          finishedAt: at,
          good: quantity - scrap,
          ...(e.serials ? { serials: e.serials } : {}),
        })
      : { assets: [], records: [] };
  const created = await mfg(db)
    .transaction()
    .execute(async (tx) => {
      const id = mfgId('ev');
      await tx
        .insertInto('mfg_events')
        .values({
          id,
          tenant_id: scope.tenantId,
          production_order_id: po.id,
          op,
          station,
          kind: e.kind,
          at,
          quantity,
          scrap,
          created_at: Date.now(),
        })
        .execute();
      await tx
        .updateTable('mfg_production_orders')
        .set({ status })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', po.id)
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: `operation.${e.kind}`,
        entityType: 'mfg_production_order',
        entityId: po.id,
        details: { op, station, at, quantity, scrap },
      });
      return insertUnits(tx, scope, units);
    });
  announceUnits(db, scope, created);
  return {
    orderId: po.id,
    op,
    operation: step.operation,
    station,
    kind: e.kind,
    at,
    quantity,
    scrap,
    orderStatus: status,
    units: units.records.map((u) => ({ assetId: u.assetId, serial: u.serial })),
  };
}

async function unitsOf(
  db: Db,
  scope: Scope,
  po: ProductionOrder,
  state: ShopState,
  f: {
    op: number;
    operation: string;
    station: string;
    startedAt: number;
    finishedAt: number;
    good: number;
    serials?: string[];
  },
): Promise<PlannedUnits> {
  const { good, serials, ...last } = f;
  const model = await getProductModel(db, scope, po.modelId);
  return planUnits(db, scope, model.spec, po, {
    state,
    last,
    good,
    ...(serials ? { serials } : {}),
  });
}
