import { RongheError, newId } from '../kernel/index.ts';
import { recordAudit, type Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { getAsset } from './assets.ts';
import {
  lifecycleTransitions,
  type Asset,
  type LifecycleEvent,
  type LifecycleStage,
} from './types.ts';

/** Moves an asset to the next lifecycle stage, recording when, who and why. */
export async function transitionAsset(
  db: Db,
  scope: Scope,
  id: string,
  to: LifecycleStage,
  note = '',
): Promise<Asset> {
  const asset = await getAsset(db, scope, id);
  const allowed = lifecycleTransitions[asset.lifecycle];
  if (!allowed.includes(to)) {
    throw new RongheError(
      'RONGHE_INVALID_TRANSITION',
      {
        en: `to: an asset that is ${asset.lifecycle} can move to ${allowed.length ? allowed.join(' or ') : 'nothing (retired is final)'}, not ${to}.`,
        'zh-CN': `to：处于 ${asset.lifecycle} 阶段的资产可转到 ${allowed.length ? allowed.join(' 或 ') : '（无：退役为最终阶段）'}，不能转到 ${to}。`,
      },
      { from: asset.lifecycle, to, allowed },
    );
  }
  const at = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('assets')
      .set({ lifecycle: to, updated_at: at })
      .where('id', '=', id)
      .where('lifecycle', '=', asset.lifecycle) // optimistic: lose a race rather than skip a stage
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new RongheError('RONGHE_CONFLICT', {
        en: `Asset '${id}' changed stage meanwhile; reload and retry.`,
        'zh-CN': `资产“${id}”的阶段已被他人更改，请刷新后重试。`,
      });
    await trx
      .insertInto('lifecycle_events')
      .values({
        id: newId('asset').replace('as_', 'lc_'),
        tenant_id: scope.tenantId,
        asset_id: id,
        from_stage: asset.lifecycle,
        to_stage: to,
        at,
        actor: scope.actor,
        note,
      })
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'asset.lifecycle',
      entityType: 'asset',
      entityId: id,
      details: { from: asset.lifecycle, to, note },
    });
  });
  return { ...asset, lifecycle: to, updatedAt: at };
}

export async function lifecycleHistory(
  db: Db,
  scope: Scope,
  id: string,
): Promise<LifecycleEvent[]> {
  await getAsset(db, scope, id);
  const rows = await db.kysely
    .selectFrom('lifecycle_events')
    .selectAll()
    .where('asset_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    from: r.from_stage as LifecycleStage | null,
    to: r.to_stage as LifecycleStage,
    at: r.at,
    actor: r.actor,
    note: r.note,
  }));
}
