// Material issue (领料): components handed to a production order, with the lots or serials they
// came from. An issue may not exceed what the order's BOM still needs (over-issue is refused,
// naming the line) nor what is in stock; stock decreases in the same transaction, guarded so it
// never goes negative under concurrent issues. The lots and serials reported here become the
// component lines of each unit's as-built record.
import { RongheError, invalid, reason, type Localized } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { round6 } from '../materials/requirements.ts';
import { orderNameOf } from './order-name.ts';
import { getProductionOrder, type ProductionOrder } from './orders.ts';
import { audit, mfg, mfgId, parseJson, type K } from './store.ts';

export interface IssueLine {
  item: string;
  quantity: number;
  lot?: string;
  serials?: string[];
}

export interface MaterialIssue {
  id: string;
  item: string;
  quantity: number;
  lot: string;
  serials: string[];
  at: number;
  actor: string;
}

export interface OrderMaterialLine {
  item: string;
  unit: string;
  required: number;
  issued: number;
  remaining: number;
  lots: string[];
  serials: string[];
}

export interface OrderMaterials {
  orderId: string;
  lines: OrderMaterialLine[];
  issues: MaterialIssue[];
}

const EPS = 1e-9;

export async function issuesOf(
  k: K,
  scope: Scope,
  orderIds: string[],
): Promise<(MaterialIssue & { orderId: string })[]> {
  if (orderIds.length === 0) return [];
  const rows = await k
    .selectFrom('mfg_material_issues')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('production_order_id', 'in', orderIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.production_order_id,
    item: r.item,
    quantity: round6(Number(r.quantity)),
    lot: r.lot,
    serials: parseJson<string[]>(r.serials),
    at: Number(r.at),
    actor: r.actor,
  }));
}

/** The order's BOM against what was issued, line by line, with the lots and serials used. */
export function materialLines(po: ProductionOrder, issues: MaterialIssue[]): OrderMaterialLine[] {
  return po.bom.map((b) => {
    const mine = issues.filter((i) => i.item === b.item);
    const issued = round6(mine.reduce((s, i) => s + i.quantity, 0));
    return {
      item: b.item,
      unit: b.unit,
      required: round6(b.quantity),
      issued,
      remaining: round6(Math.max(0, b.quantity - issued)),
      lots: [...new Set(mine.map((i) => i.lot).filter((l) => l !== ''))],
      serials: mine.flatMap((i) => i.serials),
    };
  });
}

export async function orderMaterials(
  db: Db,
  scope: Scope,
  orderId: string,
): Promise<OrderMaterials> {
  const po = await getProductionOrder(db, scope, orderId);
  const issues = await issuesOf(mfg(db), scope, [po.id]);
  return {
    orderId: po.id,
    lines: materialLines(po, issues),
    issues: issues.map(({ orderId: _, ...i }) => i),
  };
}

function checkLines(order: Localized, lines: IssueLine[], before: OrderMaterialLine[]) {
  const batch = new Map<string, number>();
  lines.forEach((l, i) => {
    const f = `lines[${i}]`;
    const bom = before.find((b) => b.item === l.item);
    if (!bom)
      throw invalid(
        `${f}.item`,
        reason(
          {
            en: "'{item}' is not on the BOM of {order} ({bom})",
            'zh-CN': '“{item}”不在{order}的物料清单上（{bomZh}）',
          },
          {
            item: l.item,
            order,
            bom: before.map((b) => b.item).join(', '),
            bomZh: before.map((b) => b.item).join('、'),
          },
        ),
      );
    if (!(l.quantity > 0))
      throw invalid(`${f}.quantity`, { en: 'must be more than 0', 'zh-CN': '必须大于 0' });
    if (l.serials && l.serials.length > 0 && l.serials.length !== l.quantity)
      throw invalid(`${f}.serials`, {
        en: `${l.serials.length} serials for a quantity of ${l.quantity}`,
        'zh-CN': `数量为 ${l.quantity}，却有 ${l.serials.length} 个序列号`,
      });
    const sofar = (batch.get(l.item) ?? 0) + l.quantity;
    batch.set(l.item, sofar);
    if (bom.issued + sofar > bom.required + EPS)
      throw invalid(
        `${f}.quantity`,
        reason(
          {
            en: 'over-issue of {item}: the BOM needs {required} {unit}, {issued} issued already, at most {left} more',
            'zh-CN':
              '{item} 超额领料：BOM 需要 {required} {unit}，已领 {issued}，最多还可领 {left}',
          },
          {
            item: l.item,
            unit: bom.unit,
            required: bom.required,
            issued: bom.issued,
            left: round6(Math.max(0, bom.required - bom.issued - (sofar - l.quantity))),
          },
        ),
      );
  });
}

/** Issues components to a production order, all lines or none. */
export async function issueMaterials(
  db: Db,
  scope: Scope,
  orderId: string,
  input: { lines: IssueLine[]; at?: number },
): Promise<OrderMaterials> {
  const po = await getProductionOrder(db, scope, orderId);
  const name = await orderNameOf(db, scope, po);
  if (po.status === 'done')
    throw new RongheError(
      'RONGHE_INVALID_TRANSITION',
      reason(
        { en: 'The production order for {order} is done.', 'zh-CN': '{order}的生产订单已完成。' },
        { order: name },
      ),
    );
  if (input.lines.length === 0)
    throw invalid('lines', { en: 'lists nothing to issue', 'zh-CN': '未列出要发放的物料' });
  const before = materialLines(po, await issuesOf(mfg(db), scope, [po.id]));
  checkLines(name, input.lines, before);
  const at = input.at ?? Date.now();
  await mfg(db)
    .transaction()
    .execute(async (tx) => {
      for (const [i, l] of input.lines.entries()) {
        const res = await tx
          .updateTable('mfg_materials')
          .set((eb) => ({ on_hand: eb('on_hand', '-', l.quantity), updated_at: at }))
          .where('tenant_id', '=', scope.tenantId)
          .where('item', '=', l.item)
          .where('on_hand', '>=', l.quantity - EPS)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) {
          const m = await tx
            .selectFrom('mfg_materials')
            .select('on_hand')
            .where('tenant_id', '=', scope.tenantId)
            .where('item', '=', l.item)
            .executeTakeFirst();
          throw invalid(
            `lines[${i}].quantity`,
            m
              ? {
                  en: `only ${round6(Number(m.on_hand))} of '${l.item}' in stock`,
                  'zh-CN': `“${l.item}”库存只有 ${round6(Number(m.on_hand))}`,
                }
              : { en: `no stock of '${l.item}' recorded`, 'zh-CN': `没有“${l.item}”的库存记录` },
          );
        }
        await tx
          .insertInto('mfg_material_issues')
          .values({
            id: mfgId('mi'),
            tenant_id: scope.tenantId,
            production_order_id: po.id,
            item: l.item,
            quantity: l.quantity,
            lot: l.lot ?? '',
            serials: JSON.stringify(l.serials ?? []),
            at,
            actor: scope.actor,
          })
          .execute();
      }
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'material.issue',
        entityType: 'mfg_production_order',
        entityId: po.id,
        details: { lines: input.lines },
      });
    });
  return orderMaterials(db, scope, po.id);
}
