import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import {
  RongheError,
  newId,
  notFound,
  subtreeIds,
  type AssetId,
  type AssetModelId,
  type CustomerId,
} from '../kernel/index.ts';
import { getCustomer, recordAudit, recordAudits, type Scope } from '../identity/index.ts';
import type { AssetTable, Database, Db } from '../storage/index.ts';
import { announceAssetChange } from './changes.ts';
import { getModel } from './models.ts';
import type {
  Asset,
  AssetInput,
  AssetLevel,
  AssetModel,
  LifecycleStage,
  PropertyValue,
} from './types.ts';
import { checkInstallDate, checkLevels, checkProperties } from './validate.ts';

export const toAsset = (r: AssetTable): Asset => ({
  id: r.id as AssetId,
  modelId: r.model_id as AssetModelId | null,
  customerId: r.customer_id as CustomerId | null,
  parentId: r.parent_id as AssetId | null,
  level: r.level as AssetLevel,
  name: r.name,
  serial: r.serial,
  site: r.site,
  latitude: r.latitude,
  longitude: r.longitude,
  installDate: r.install_date,
  lifecycle: r.lifecycle as LifecycleStage,
  properties: JSON.parse(r.properties) as Record<string, PropertyValue>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastSeenAt:
    r.last_seen_at === undefined || r.last_seen_at === null ? null : Number(r.last_seen_at),
});

/** Base query: the tenant's assets, narrowed to the scope's customers when it has a subset. */
export function scopedAssets(db: Db, scope: Scope) {
  let q = db.kysely.selectFrom('assets').where('assets.tenant_id', '=', scope.tenantId);
  if (scope.customerIds)
    q = q.where('assets.customer_id', 'in', scope.customerIds.length ? scope.customerIds : ['']);
  return q;
}

/** One asset by id or, where no id matches, by serial (the addressing rule of the API: wherever
 * one asset is named, its serial may stand for its id, as telemetry has always allowed). */
export async function getAsset(db: Db, scope: Scope, ref: string): Promise<Asset> {
  const byId = await scopedAssets(db, scope).selectAll().where('id', '=', ref).executeTakeFirst();
  const r =
    byId ??
    (await scopedAssets(db, scope).selectAll().where('serial', '=', ref).executeTakeFirst());
  if (!r) throw notFound('Asset', ref);
  return toAsset(r);
}

export async function findAssetBySerial(
  db: Db,
  scope: Scope,
  serial: string,
): Promise<Asset | undefined> {
  const r = await scopedAssets(db, scope)
    .selectAll()
    .where('serial', '=', serial)
    .executeTakeFirst();
  return r && toAsset(r);
}

/**
 * Models and customers the caller has just read in the same scope (a CSV import resolves names
 * with them), so that checking each of thousands of rows does not read them again.
 */
export interface KnownReferences {
  models: ReadonlyMap<string, AssetModel>;
  customerIds: ReadonlySet<string>;
}

async function checkReferences(
  db: Db,
  scope: Scope,
  a: Asset | (AssetInput & { level: AssetLevel; id?: string }),
  known?: KnownReferences,
): Promise<void> {
  const knownModel = a.modelId ? known?.models.get(a.modelId) : undefined;
  const model = knownModel
    ? knownModel
    : a.modelId
      ? await getModel(db, scope, a.modelId).catch(() => {
          throw new RongheError(
            'RONGHE_VALIDATION',
            {
              en: `modelId: no asset model '${a.modelId}' in this tenant.`,
              'zh-CN': `modelId：本租户没有资产型号“${a.modelId}”。`,
            },
            [{ field: 'modelId', reason: 'unknown' }],
          );
        })
      : undefined;
  checkProperties(model, a.properties ?? {});
  checkInstallDate(a.installDate);
  if (a.customerId && !known?.customerIds.has(a.customerId))
    await getCustomer(db, scope, a.customerId).catch(() => {
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `customerId: no customer '${a.customerId}' visible to you.`,
          'zh-CN': `customerId：您看不到客户“${a.customerId}”。`,
        },
        [{ field: 'customerId', reason: 'unknown' }],
      );
    });
  if (scope.customerIds && !a.customerId)
    throw new RongheError('RONGHE_FORBIDDEN', {
      en: 'customerId: you may only manage assets of your own customer.',
      'zh-CN': 'customerId：您只能管理本客户的资产。',
    });
  if (a.parentId) {
    if (a.parentId === a.id)
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: 'parentId: an asset cannot be its own parent.',
          'zh-CN': 'parentId：资产不能以自身为上级。',
        },
        [{ field: 'parentId', reason: 'self' }],
      );
    const parent = await getAsset(db, scope, a.parentId).catch(() => {
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `parentId: no asset '${a.parentId}' visible to you.`,
          'zh-CN': `parentId：您看不到资产“${a.parentId}”。`,
        },
        [{ field: 'parentId', reason: 'unknown' }],
      );
    });
    checkLevels(parent.level, a.level);
  }
}

/** An asset checked against its references and ready to insert (see `insertPreparedAsset`). */
export interface PreparedAsset {
  row: AssetTable;
  input: AssetInput;
}

/** Checks an asset's model, properties, customer and parent, and builds its row. */
export async function prepareAsset(
  db: Db,
  scope: Scope,
  input: AssetInput,
  now = Date.now(),
  known?: KnownReferences,
): Promise<PreparedAsset> {
  const level = input.level ?? 'asset';
  await checkReferences(db, scope, { ...input, level }, known);
  const row: AssetTable = {
    id: newId('asset'),
    tenant_id: scope.tenantId,
    model_id: input.modelId ?? null,
    customer_id: input.customerId ?? null,
    parent_id: input.parentId ?? null,
    level,
    name: input.name,
    serial: input.serial,
    site: input.site ?? '',
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    install_date: input.installDate ?? null,
    lifecycle: input.lifecycle ?? 'manufactured',
    properties: JSON.stringify(input.properties ?? {}),
    created_at: now,
    updated_at: now,
  };
  return { row, input };
}

/**
 * Inserts a prepared asset with its first lifecycle event and audit entry in the caller's
 * transaction (another context registering assets as part of its own change, e.g. a finished
 * production order); a duplicate serial is RONGHE_CONFLICT naming `field`. The caller announces
 * the asset (`announceCreatedAsset`) once its transaction has committed.
 */
export async function insertPreparedAsset(
  trx: Kysely<Database>,
  scope: Scope,
  { row, input }: PreparedAsset,
  field = 'serial',
): Promise<Asset> {
  const dup = await trx
    .selectFrom('assets')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('serial', '=', row.serial)
    .executeTakeFirst();
  if (dup) throw serialTaken(field, row.serial, dup.id);
  await trx.insertInto('assets').values(row).execute();
  await trx.insertInto('lifecycle_events').values(createdEvent(scope, row)).execute();
  await recordAudit(trx, createdAudit(scope, row, input));
  return toAsset(row);
}

/** Rows a multi-row insert carries (16 columns for assets: under either database's parameters). */
const INSERT_ROWS = 500;

/**
 * insertPreparedAsset for many assets at once, in the caller's transaction: one read of the
 * serials already taken, then the assets, their lifecycle events and audit entries a few
 * hundred to a statement (a province's fleet import: six statements an asset made 100,000 assets
 * take about a minute of CPU, issue 21). An asset whose serial is taken is not written and gets
 * RONGHE_CONFLICT in its place; the serials must differ from each other.
 */
export async function insertPreparedAssets(
  trx: Kysely<Database>,
  scope: Scope,
  list: PreparedAsset[],
): Promise<Array<Asset | RongheError>> {
  const taken = new Map<string, string>();
  for (let i = 0; i < list.length; i += INSERT_ROWS) {
    const serials = list.slice(i, i + INSERT_ROWS).map((p) => p.row.serial);
    const rows = await trx
      .selectFrom('assets')
      .select(['id', 'serial'])
      .where('tenant_id', '=', scope.tenantId)
      .where('serial', 'in', serials)
      .execute();
    for (const r of rows) taken.set(r.serial, r.id);
  }
  const fresh = list.filter((p) => !taken.has(p.row.serial));
  for (let i = 0; i < fresh.length; i += INSERT_ROWS) {
    const part = fresh.slice(i, i + INSERT_ROWS);
    await trx
      .insertInto('assets')
      .values(part.map((p) => p.row))
      .execute();
    await trx
      .insertInto('lifecycle_events')
      .values(part.map(({ row }) => createdEvent(scope, row)))
      .execute();
  }
  await recordAudits(
    trx,
    fresh.map(({ row, input }) => createdAudit(scope, row, input)),
  );
  return list.map(({ row }) => {
    const dup = taken.get(row.serial);
    return dup === undefined ? toAsset(row) : serialTaken('serial', row.serial, dup);
  });
}

const createdEvent = (scope: Scope, row: AssetTable) => ({
  id: newId('asset').replace('as_', 'lc_'),
  tenant_id: scope.tenantId,
  asset_id: row.id,
  from_stage: null,
  to_stage: row.lifecycle,
  at: row.created_at,
  actor: scope.actor,
  note: 'created',
});

const createdAudit = (scope: Scope, row: AssetTable, input: AssetInput) => ({
  tenantId: scope.tenantId,
  actor: scope.actor,
  action: 'asset.create',
  entityType: 'asset',
  entityId: row.id,
  details: input,
});

const serialTaken = (field: string, serial: string, id: string) =>
  new RongheError('RONGHE_CONFLICT', {
    en: `${field}: an asset with serial '${serial}' exists already ('${id}').`,
    'zh-CN': `${field}：序列号为“${serial}”的资产已存在（“${id}”）。`,
  });

/** Tells the asset's listeners (resolver caches, streams) that it exists. */
export const announceCreatedAsset = (db: Db, scope: Scope, asset: Asset): void =>
  announce(db, scope, asset, 'created');

export async function createAsset(db: Db, scope: Scope, input: AssetInput): Promise<Asset> {
  const prepared = await prepareAsset(db, scope, input);
  const created = await db.kysely
    .transaction()
    .execute((trx) => insertPreparedAsset(trx, scope, prepared));
  announce(db, scope, created, 'created');
  return created;
}

/** Ids of an asset and all below it, to refuse a parent that would make a cycle. */
async function descendants(db: Db, scope: Scope, id: string): Promise<Set<string>> {
  const rows = await db.kysely
    .selectFrom('assets')
    .select(['id', 'parent_id'])
    .where('tenant_id', '=', scope.tenantId)
    .where('parent_id', 'is not', null)
    .execute();
  return new Set(subtreeIds(rows, id));
}

export type AssetPatch = Partial<Omit<AssetInput, 'lifecycle'>>;

export async function updateAsset(
  db: Db,
  scope: Scope,
  id: string,
  patch: AssetPatch,
): Promise<Asset> {
  const cur = await getAsset(db, scope, id);
  const next: Asset = {
    ...cur,
    ...(Object.fromEntries(
      Object.entries(patch).filter(([, v]) => v !== undefined),
    ) as Partial<Asset>),
  };
  await checkReferences(db, scope, next);
  if (patch.parentId && (await descendants(db, scope, id)).has(patch.parentId)) {
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `parentId: '${patch.parentId}' is below '${id}'; that would make a cycle.`,
        'zh-CN': `parentId：“${patch.parentId}”位于“${id}”之下，会形成循环。`,
      },
      [{ field: 'parentId', reason: 'cycle' }],
    );
  }
  if (
    patch.serial &&
    patch.serial !== cur.serial &&
    (await findAssetBySerial(db, { ...scope, customerIds: null }, patch.serial))
  ) {
    throw new RongheError('RONGHE_CONFLICT', {
      en: `serial: an asset with serial '${patch.serial}' exists already.`,
      'zh-CN': `serial：序列号为“${patch.serial}”的资产已存在。`,
    });
  }
  const updatedAt = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('assets')
      .set({
        model_id: next.modelId,
        customer_id: next.customerId,
        parent_id: next.parentId,
        level: next.level,
        name: next.name,
        serial: next.serial,
        site: next.site,
        latitude: next.latitude,
        longitude: next.longitude,
        install_date: next.installDate,
        properties: JSON.stringify(next.properties),
        updated_at: updatedAt,
      })
      .where('id', '=', id)
      .where('tenant_id', '=', scope.tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'asset.update',
      entityType: 'asset',
      entityId: id,
      details: patch,
    });
  });
  announce(db, scope, next, 'updated');
  return { ...next, updatedAt };
}

export async function deleteAsset(db: Db, scope: Scope, id: string): Promise<void> {
  await getAsset(db, scope, id);
  const child = await db.kysely
    .selectFrom('assets')
    .select('id')
    .where('parent_id', '=', id)
    .executeTakeFirst();
  if (child)
    throw new RongheError('RONGHE_CONFLICT', {
      en: `Asset '${id}' has child assets (e.g. '${child.id}'); delete or move them first.`,
      'zh-CN': `资产“${id}”有下级资产（例如“${child.id}”），请先删除或移走。`,
    });
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('assets')
      .where('id', '=', id)
      .where('tenant_id', '=', scope.tenantId)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'asset.delete',
      entityType: 'asset',
      entityId: id,
    });
  });
  announceAssetChange(db, {
    tenantId: scope.tenantId,
    assetId: id,
    customerId: null,
    modelId: null,
    kind: 'deleted',
  });
}

const announce = (db: Db, scope: Scope, a: Asset, kind: 'created' | 'updated') =>
  announceAssetChange(db, {
    tenantId: scope.tenantId,
    assetId: a.id,
    customerId: a.customerId,
    modelId: a.modelId,
    kind,
  });

export interface AssetQuery {
  q?: string;
  modelId?: string;
  customerId?: string;
  parentId?: string;
  lifecycle?: LifecycleStage;
  level?: AssetLevel;
  site?: string;
  sort?: 'name' | 'serial' | 'created_at' | 'install_date' | 'lifecycle';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

/** `%` and `_` in user text match themselves, not wildcards (escaped with backslash). */
const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchAssets(
  db: Db,
  scope: Scope,
  query: AssetQuery,
): Promise<{ items: Asset[]; total: number; page: number; pageSize: number }> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  let q = scopedAssets(db, scope);
  if (query.q) {
    const p = likePattern(query.q);
    q = q.where((eb): Expression<SqlBool> =>
      eb.or([
        sql<SqlBool>`lower(name) like ${p} escape '\\'`,
        sql<SqlBool>`lower(serial) like ${p} escape '\\'`,
      ]),
    );
  }
  if (query.modelId) q = q.where('model_id', '=', query.modelId);
  if (query.customerId) q = q.where('customer_id', '=', query.customerId);
  if (query.parentId) q = q.where('parent_id', '=', query.parentId);
  if (query.lifecycle) q = q.where('lifecycle', '=', query.lifecycle);
  if (query.level) q = q.where('level', '=', query.level);
  if (query.site) q = q.where('site', '=', query.site);
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy(query.sort ?? 'name', query.order ?? 'asc')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toAsset), total: Number(count.n), page, pageSize };
}
