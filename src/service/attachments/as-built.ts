// The as-built record (出厂档案) of an asset: its component serials as delivered and notes; its
// factory test records are attachments on the asset. Every change is audited, so the passport
// shows the record's history as well as its current state.
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { audit, json, kOf } from '../store.ts';

export interface AsBuiltComponent {
  name: string;
  serial: string;
  partId?: string | null;
}

export interface AsBuilt {
  assetId: string;
  components: AsBuiltComponent[];
  notes: string;
  updatedBy: string | null;
  updatedAt: number | null;
}

export async function getAsBuilt(db: Db, scope: Scope, assetId: string): Promise<AsBuilt> {
  await getAsset(db, scope, assetId);
  const r = await kOf(db)
    .selectFrom('service_as_built')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
  return r
    ? {
        assetId,
        components: json(r.components),
        notes: r.notes,
        updatedBy: r.updated_by,
        updatedAt: Number(r.updated_at),
      }
    : { assetId, components: [], notes: '', updatedBy: null, updatedAt: null };
}

export async function setAsBuilt(
  db: Db,
  scope: Scope,
  assetId: string,
  input: { components: AsBuiltComponent[]; notes?: string },
  now = Date.now(),
): Promise<AsBuilt> {
  await getAsset(db, scope, assetId);
  const row = {
    components: JSON.stringify(input.components),
    notes: input.notes ?? '',
    updated_by: scope.actor,
    updated_at: now,
  };
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await tx
        .insertInto('service_as_built')
        .values({ tenant_id: scope.tenantId, asset_id: assetId, ...row })
        .onConflict((oc) => oc.column('asset_id').doUpdateSet(row))
        .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.as_built.set',
        entityType: 'asset',
        entityId: assetId,
        details: { components: input.components.length },
      });
    });
  return {
    assetId,
    components: input.components,
    notes: row.notes,
    updatedBy: scope.actor,
    updatedAt: now,
  };
}
