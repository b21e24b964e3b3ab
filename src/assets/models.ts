import {
  RongheError,
  newId,
  notFound,
  reservedNameReason,
  type AssetModelId,
} from '../kernel/index.ts';
import { recordAudit, type Scope } from '../identity/index.ts';
import type { AssetModelTable, Db } from '../storage/index.ts';
import type { AssetModel, ChannelDef, PropertyDef } from './types.ts';

export interface AssetModelInput {
  name: string;
  category?: string;
  description?: string;
  properties?: PropertyDef[];
  channels?: ChannelDef[];
  allowNewChannels?: boolean;
}

export const toModel = (r: AssetModelTable): AssetModel => ({
  id: r.id as AssetModelId,
  name: r.name,
  category: r.category,
  description: r.description,
  properties: JSON.parse(r.properties) as PropertyDef[],
  channels: JSON.parse(r.channels) as ChannelDef[],
  allowNewChannels: r.allow_new_channels === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function checkUniqueKeys(
  field: 'properties' | 'channels',
  defs: Array<{ key: string; min?: number; max?: number }>,
): void {
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    const reserved = reservedNameReason(d.key);
    if (reserved !== undefined)
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `${field}[${i}].key: ${reserved.en}.`,
          'zh-CN': `${field}[${i}].key：${reserved['zh-CN']}。`,
        },
        [{ field: `${field}[${i}].key`, reason: 'reserved name' }],
      );
    if (seen.has(d.key))
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `${field}[${i}].key: '${d.key}' appears twice.`,
          'zh-CN': `${field}[${i}].key：“${d.key}”出现了两次。`,
        },
        [{ field: `${field}[${i}].key`, reason: 'duplicate key' }],
      );
    if (d.min !== undefined && d.max !== undefined && d.min > d.max) {
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `${field}[${i}]: min ${d.min} is above max ${d.max}.`,
          'zh-CN': `${field}[${i}]：最小值 ${d.min} 大于最大值 ${d.max}。`,
        },
        [{ field: `${field}[${i}].min`, reason: 'min > max' }],
      );
    }
    seen.add(d.key);
  });
}

export async function getModel(db: Db, scope: Scope, id: string): Promise<AssetModel> {
  const r = await db.kysely
    .selectFrom('asset_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Asset model', id);
  return toModel(r);
}

export async function findModelByName(
  db: Db,
  scope: Scope,
  name: string,
): Promise<AssetModel | undefined> {
  const r = await db.kysely
    .selectFrom('asset_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  return r && toModel(r);
}

export async function listModels(db: Db, scope: Scope): Promise<AssetModel[]> {
  const rows = await db.kysely
    .selectFrom('asset_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('name')
    .execute();
  return rows.map(toModel);
}

export async function createModel(
  db: Db,
  scope: Scope,
  input: AssetModelInput,
): Promise<AssetModel> {
  const properties = input.properties ?? [];
  const channels = input.channels ?? [];
  checkUniqueKeys('properties', properties);
  checkUniqueKeys('channels', channels);
  if (await findModelByName(db, scope, input.name)) {
    throw new RongheError('RONGHE_CONFLICT', {
      en: `name: an asset model '${input.name}' exists already.`,
      'zh-CN': `name：资产型号“${input.name}”已存在。`,
    });
  }
  const now = Date.now();
  const row: AssetModelTable = {
    id: newId('assetModel'),
    tenant_id: scope.tenantId,
    name: input.name,
    category: input.category ?? '',
    description: input.description ?? '',
    properties: JSON.stringify(properties),
    channels: JSON.stringify(channels),
    allow_new_channels: input.allowNewChannels ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('asset_models').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'model.create',
      entityType: 'asset_model',
      entityId: row.id,
      details: { name: input.name },
    });
  });
  return toModel(row);
}

export async function updateModel(
  db: Db,
  scope: Scope,
  id: string,
  patch: Partial<AssetModelInput>,
): Promise<AssetModel> {
  const cur = await getModel(db, scope, id);
  const next = {
    ...cur,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  } as AssetModel;
  checkUniqueKeys('properties', next.properties);
  checkUniqueKeys('channels', next.channels);
  if (patch.name && patch.name !== cur.name && (await findModelByName(db, scope, patch.name))) {
    throw new RongheError('RONGHE_CONFLICT', {
      en: `name: an asset model '${patch.name}' exists already.`,
      'zh-CN': `name：资产型号“${patch.name}”已存在。`,
    });
  }
  const updatedAt = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('asset_models')
      .set({
        name: next.name,
        category: next.category,
        description: next.description,
        properties: JSON.stringify(next.properties),
        channels: JSON.stringify(next.channels),
        allow_new_channels: next.allowNewChannels ? 1 : 0,
        updated_at: updatedAt,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'model.update',
      entityType: 'asset_model',
      entityId: id,
      details: patch,
    });
  });
  return { ...next, updatedAt };
}

export async function deleteModel(db: Db, scope: Scope, id: string): Promise<void> {
  await getModel(db, scope, id);
  const used = await db.kysely
    .selectFrom('assets')
    .select('id')
    .where('model_id', '=', id)
    .executeTakeFirst();
  if (used)
    throw new RongheError('RONGHE_CONFLICT', {
      en: `Asset model '${id}' is used by assets (e.g. '${used.id}'); reassign or delete them first.`,
      'zh-CN': `资产型号“${id}”仍被资产使用（例如“${used.id}”），请先改用其他型号或删除这些资产。`,
    });
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('asset_models').where('id', '=', id).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'model.delete',
      entityType: 'asset_model',
      entityId: id,
    });
  });
}
