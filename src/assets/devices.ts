import { newId, notFound, type AssetId, type DeviceId } from '../kernel/index.ts';
import { issueDeviceToken, recordAudit, type Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { getAsset, scopedAssets } from './assets.ts';

export interface Device {
  id: DeviceId;
  assetId: AssetId;
  name: string;
  createdAt: number;
  lastSeenAt: number | null;
}

type Row = {
  id: string;
  asset_id: string;
  name: string;
  created_at: number;
  last_seen_at: number | null;
};
const toDevice = (r: Row): Device => ({
  id: r.id as DeviceId,
  assetId: r.asset_id as AssetId,
  name: r.name,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

/** Registers a device (the connectivity identity of an asset) and returns its token once. */
export async function createDevice(
  db: Db,
  scope: Scope,
  input: { assetId: string; name: string },
): Promise<Device & { token: string }> {
  // The asset by id or serial (the addressing rule, getAsset); the row keeps its id.
  const asset = await getAsset(db, scope, input.assetId);
  const row = {
    id: newId('device'),
    tenant_id: scope.tenantId,
    asset_id: asset.id,
    name: input.name,
    created_at: Date.now(),
    last_seen_at: null,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('devices').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'device.create',
      entityType: 'device',
      entityId: row.id,
      details: { ...input, assetId: asset.id },
    });
  });
  const { token } = await issueDeviceToken(db, scope.tenantId, row.id, scope.actor);
  return { ...toDevice(row), token };
}

export async function getDevice(db: Db, scope: Scope, id: string): Promise<Device> {
  const visibleAssets = scopedAssets(db, scope).select('assets.id');
  const r = await db.kysely
    .selectFrom('devices')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .where('asset_id', 'in', visibleAssets)
    .executeTakeFirst();
  if (!r) throw notFound('Device', id);
  return toDevice(r);
}

/** The devices visible to the scope; `assetRef` (an asset's id or serial) narrows to one asset,
 * 404 when no such asset is visible. */
export async function listDevices(db: Db, scope: Scope, assetRef?: string): Promise<Device[]> {
  const assetId = assetRef ? (await getAsset(db, scope, assetRef)).id : undefined;
  let q = db.kysely
    .selectFrom('devices')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('asset_id', 'in', scopedAssets(db, scope).select('assets.id'));
  if (assetId) q = q.where('asset_id', '=', assetId);
  return (await q.orderBy('name').execute()).map(toDevice);
}

export async function rotateDeviceToken(
  db: Db,
  scope: Scope,
  id: string,
): Promise<{ token: string }> {
  await getDevice(db, scope, id);
  const { token } = await issueDeviceToken(db, scope.tenantId, id as DeviceId, scope.actor);
  return { token };
}

export async function deleteDevice(db: Db, scope: Scope, id: string): Promise<void> {
  await getDevice(db, scope, id);
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('devices').where('id', '=', id).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'device.delete',
      entityType: 'device',
      entityId: id,
    });
  });
}
