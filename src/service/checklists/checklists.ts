// Tasks and checklists (检查表): templates per asset model, copied onto a work order (by a plan
// that fires, or by a person), items ticked off by the technician, and the rule that a work order
// cannot be done while a mandatory item is open — the 409 names the item.
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type {
  ServiceChecklistItemTable,
  ServiceChecklistTemplateTable,
} from '../../storage/service-schema.ts';
import { audit, conflict, invalidField, json, kOf, serviceId, type K } from '../store.ts';
import { scopedRow } from '../work-orders/index.ts';

export interface ChecklistTemplateItem {
  text: string;
  mandatory: boolean;
}

export interface ChecklistTemplate {
  id: string;
  name: string;
  modelId: string | null;
  items: ChecklistTemplateItem[];
  createdAt: number;
}

export interface ChecklistItem {
  id: string;
  position: number;
  text: string;
  mandatory: boolean;
  templateId: string | null;
  doneAt: number | null;
  doneBy: string | null;
  note: string;
}

const toTemplate = (r: ServiceChecklistTemplateTable): ChecklistTemplate => ({
  id: r.id,
  name: r.name,
  modelId: r.model_id,
  items: json(r.items),
  createdAt: Number(r.created_at),
});

const toItem = (r: ServiceChecklistItemTable): ChecklistItem => ({
  id: r.id,
  position: r.position,
  text: r.text,
  mandatory: r.mandatory === 1,
  templateId: r.template_id,
  doneAt: r.done_at === null ? null : Number(r.done_at),
  doneBy: r.done_by,
  note: r.note,
});

export async function createChecklistTemplate(
  db: Db,
  scope: Scope,
  input: { name: string; modelId?: string | null; items: ChecklistTemplateItem[] },
  now = Date.now(),
): Promise<ChecklistTemplate> {
  input.items.forEach((it, i) => {
    if (!it.text.trim())
      throw invalidField(`items[${i}].text`, { en: 'must not be empty', 'zh-CN': '不能为空' });
  });
  const row: ServiceChecklistTemplateTable = {
    id: serviceId('ct'),
    tenant_id: scope.tenantId,
    name: input.name,
    model_id: input.modelId ?? null,
    items: JSON.stringify(
      input.items.map((i) => ({ text: i.text.trim(), mandatory: i.mandatory })),
    ),
    created_at: now,
  };
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('service_checklist_templates').values(row).execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.checklist_template.create',
        entityType: 'service_checklist_template',
        entityId: row.id,
        details: { name: row.name, modelId: row.model_id, items: input.items.length },
      });
    });
  return toTemplate(row);
}

export async function listChecklistTemplates(
  db: Db,
  scope: Scope,
  q: { modelId?: string } = {},
): Promise<ChecklistTemplate[]> {
  let sel = kOf(db)
    .selectFrom('service_checklist_templates')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId);
  if (q.modelId) sel = sel.where('model_id', '=', q.modelId);
  return (await sel.orderBy('name').orderBy('id').execute()).map(toTemplate);
}

/** Copies a template's items onto a work order, after any it has (inside the caller's tx). */
export async function copyTemplate(
  tx: K,
  tenantId: string,
  workOrderId: string,
  templateId: string,
): Promise<number> {
  const tpl = await tx
    .selectFrom('service_checklist_templates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', templateId)
    .executeTakeFirst();
  if (!tpl)
    throw invalidField('templateId', {
      en: `no checklist template '${templateId}'`,
      'zh-CN': `没有检查单模板“${templateId}”`,
    });
  const last = await tx
    .selectFrom('service_checklist_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('work_order_id', '=', workOrderId)
    .executeTakeFirst();
  const start = Number(last?.p ?? 0);
  const items = json<ChecklistTemplateItem[]>(tpl.items);
  if (items.length)
    await tx
      .insertInto('service_checklist_items')
      .values(
        items.map((it, i) => ({
          id: serviceId('ci'),
          tenant_id: tenantId,
          work_order_id: workOrderId,
          position: start + i + 1,
          text: it.text,
          mandatory: it.mandatory ? 1 : 0,
          template_id: tpl.id,
          done_at: null,
          done_by: null,
          note: '',
        })),
      )
      .execute();
  return items.length;
}

/** A person adds a template's checklist to a work order (the template must fit its model). */
export async function addChecklist(
  db: Db,
  scope: Scope,
  workOrderId: string,
  templateId: string,
): Promise<ChecklistItem[]> {
  const k = kOf(db);
  // Read outside the transaction: SQLite has one connection, which the transaction holds.
  const asset = await getAsset(db, scope, (await scopedRow(k, scope, workOrderId)).asset_id);
  await k.transaction().execute(async (tx) => {
    const wo = await scopedRow(tx, scope, workOrderId);
    if (['done', 'closed', 'cancelled'].includes(wo.status))
      throw conflict({
        en: `Work order ${workOrderId} is ${wo.status}: its checklist is final.`,
        'zh-CN': `工单 ${workOrderId} 状态为 ${wo.status}：检查单已定稿，不能再改。`,
      });
    const tpl = await tx
      .selectFrom('service_checklist_templates')
      .select('model_id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', templateId)
      .executeTakeFirst();
    if (!tpl)
      throw invalidField('templateId', {
        en: `no checklist template '${templateId}'`,
        'zh-CN': `没有检查单模板“${templateId}”`,
      });
    if (tpl.model_id && tpl.model_id !== asset.modelId)
      throw invalidField('templateId', {
        en: `the template is for model ${tpl.model_id}, not this asset's`,
        'zh-CN': `该模板属于型号 ${tpl.model_id}，不是此资产的型号`,
      });
    await copyTemplate(tx, scope.tenantId, workOrderId, templateId);
  });
  return listChecklist(db, scope, workOrderId);
}

export async function listChecklist(
  db: Db,
  scope: Scope,
  workOrderId: string,
): Promise<ChecklistItem[]> {
  const k = kOf(db);
  await scopedRow(k, scope, workOrderId);
  const rows = await k
    .selectFrom('service_checklist_items')
    .selectAll()
    .where('work_order_id', '=', workOrderId)
    .orderBy('position')
    .execute();
  return rows.map(toItem);
}

/** Ticks an item done (or undone), with an optional note; final once the order is done. */
export async function checkItem(
  db: Db,
  scope: Scope,
  workOrderId: string,
  itemId: string,
  input: { done: boolean; note?: string },
  now = Date.now(),
): Promise<ChecklistItem> {
  const k = kOf(db);
  return k.transaction().execute(async (tx) => {
    const wo = await scopedRow(tx, scope, workOrderId);
    const r = await tx
      .selectFrom('service_checklist_items')
      .selectAll()
      .where('work_order_id', '=', workOrderId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!r) throw notFound('Checklist item', itemId);
    if (!['assigned', 'in_progress', 'on_hold'].includes(wo.status))
      throw conflict(
        {
          en: `Work order ${workOrderId} is ${wo.status}: checklist items are ticked while it is assigned or in progress.`,
          'zh-CN': `工单 ${workOrderId} 状态为 ${wo.status}：只有已派工或处理中的工单才能勾选检查项。`,
        },
        { status: wo.status },
      );
    const patch = {
      done_at: input.done ? now : null,
      done_by: input.done ? scope.actor : null,
      note: input.note ?? r.note,
    };
    await tx.updateTable('service_checklist_items').set(patch).where('id', '=', itemId).execute();
    await audit(tx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: input.done ? 'service.checklist.check' : 'service.checklist.uncheck',
      entityType: 'service_work_order',
      entityId: workOrderId,
      details: { itemId, text: r.text },
    });
    return toItem({ ...r, ...patch });
  });
}

/** The done guard: throws a 409 naming the first open mandatory item. */
export async function requireChecklistDone(tx: K, workOrderId: string): Promise<void> {
  const open = await tx
    .selectFrom('service_checklist_items')
    .select(['id', 'text', 'position'])
    .where('work_order_id', '=', workOrderId)
    .where('mandatory', '=', 1)
    .where('done_at', 'is', null)
    .orderBy('position')
    .execute();
  const first = open[0];
  if (first)
    throw conflict(
      {
        en: `Checklist item ${first.position} '${first.text}' is mandatory and not done; tick it before the work order can be done${open.length > 1 ? ` (${open.length} mandatory items are open)` : ''}.`,
        'zh-CN': `检查项 ${first.position}“${first.text}”为必检项且未完成；勾选后工单才能完工${open.length > 1 ? `（共有 ${open.length} 个必检项未完成）` : ''}。`,
      },
      { field: 'checklist', itemId: first.id, text: first.text, open: open.length },
    );
}
