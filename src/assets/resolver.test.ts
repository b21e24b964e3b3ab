// The telemetry asset resolver's many-key look-up (issue 21) answers exactly what one look-up per
// key answers: by serial or id, within the tenant, across several statements of keys.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { createAssetResolver } from './index.ts';

const ASSETS = 1_200; // past one statement's 500 keys

async function insertAssets(db: Db): Promise<void> {
  const now = Date.now();
  for (const t of ['t1', 't2'])
    await db.kysely
      .insertInto('tenants')
      .values({ id: t, slug: t, name: t, created_at: now })
      .execute();
  const model = (id: string, channels: string[], allowNew: number) => ({
    id,
    tenant_id: 't1',
    name: id,
    category: 'chiller',
    description: '',
    properties: '[]',
    channels: JSON.stringify(channels.map((key) => ({ key, unit: '', kind: 'float' }))),
    allow_new_channels: allowNew,
    created_at: now,
    updated_at: now,
  });
  await db.kysely
    .insertInto('asset_models')
    .values([model('m1', ['t', 'p'], 0), model('m2', ['q'], 1)])
    .execute();
  const asset = (tenant: string, n: number, modelId: string | null) => ({
    id: `${tenant}-a${n}`,
    tenant_id: tenant,
    model_id: modelId,
    customer_id: null,
    level: 'equipment',
    name: `A${n}`,
    serial: `S${n}`,
    site: 's',
    lifecycle: 'operation',
    properties: '{}',
    created_at: now,
    updated_at: now,
  });
  for (let i = 0; i < ASSETS; i += 400) {
    const ns = Array.from({ length: 400 }, (_, k) => i + k);
    await db.kysely
      .insertInto('assets')
      .values(ns.map((n) => asset('t1', n, n % 5 === 0 ? null : n % 2 ? 'm1' : 'm2')))
      .execute();
  }
  // Another tenant's asset with a serial of the first tenant's: never answered for t1.
  await db.kysely
    .insertInto('assets')
    .values({ ...asset('t2', ASSETS + 1, null), serial: 'S-other' })
    .execute();
}

describeEachDatabase('asset resolver', (t) => {
  let opened: Awaited<ReturnType<typeof t.open>> | undefined;
  beforeEach(async () => {
    opened = await t.open();
    await insertAssets(opened.db);
  }, 60_000);
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  it('resolves many serials and ids in one call as one call per key does', async () => {
    const r = createAssetResolver(opened!.db);
    const keys: string[] = [];
    for (let n = 0; n < ASSETS; n++) keys.push(n % 2 ? `S${n}` : `t1-a${n}`);
    keys.push('S-unknown', 'S-other', `t2-a${ASSETS + 1}`);
    const many = await r.resolveMany('t1', keys);
    expect(many.size).toBe(ASSETS);
    for (const k of keys) expect(many.get(k)).toEqual(await r.resolve('t1', k));
    expect(many.get('S7')).toEqual({
      assetId: 't1-a7',
      modelId: 'm1',
      customerId: null,
      channels: ['t', 'p'],
      allowNewChannels: false,
    });
    expect(many.get('t1-a10')).toMatchObject({
      modelId: null,
      channels: [],
      allowNewChannels: true,
    });
    expect(many.get('S-other')).toBeUndefined();
  }, 60_000);
});
