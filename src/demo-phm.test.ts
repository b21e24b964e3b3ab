// The demo installs a trained health baseline for every demo asset model (issue 18), fitted with
// the operating conditions and nameplate normalisers the PHM fleet benchmark measured
// (src/phm/demo-models.ts), so every demo asset has a baseline to be assessed against — not only
// the heat stations, as before.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { listModels, searchAssets } from './assets/index.ts';
import { seedDemo, DEMO_TENANT } from './demo.ts';
import { findTenantBySlug, type Scope } from './identity/index.ts';
import {
  demoConditions,
  demoNormalisers,
  listRegisteredModels,
  minTrainingRows,
} from './phm/index.ts';
import { assetModels, type AssetKind } from './simulator/index.ts';
import type { Db } from './storage/index.ts';

describeEachDatabase('the demo health baselines', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let scope: Scope;
  beforeAll(async () => {
    ({ db, dispose } = await t.open());
    await seedDemo(db, { adminPassword: 'demo-admin-password' });
    const tenant = (await findTenantBySlug(db, DEMO_TENANT))!;
    scope = { tenantId: tenant.id, customerIds: null, actor: 'test' } as Scope;
  }, 180_000);
  afterAll(async () => {
    await dispose?.();
  });

  it('has one active health baseline per demo asset model, fitted with its conditions and normalisers', async () => {
    const models = await listModels(db, scope);
    const trained = await listRegisteredModels(db, scope, { kind: 'health-baseline' });
    const kinds = Object.keys(assetModels) as AssetKind[];
    expect(trained).toHaveLength(kinds.length);
    const assets = (await searchAssets(db, scope, { pageSize: 500 })).items;
    for (const kind of kinds) {
      const modelId = models.find((m) => m.name === assetModels[kind].name)!.id;
      const mine = trained.filter((m) => m.assetModelId === modelId);
      expect(mine, kind).toHaveLength(1);
      const m = mine[0]!;
      expect(m.status, kind).toBe('active');
      expect(m.training.channels, kind).toEqual(assetModels[kind].channels.map((c) => c.key));
      expect(m.training.conditions, kind).toEqual(demoConditions[kind]);
      expect(m.training.normalisers, kind).toEqual(demoNormalisers[kind]);
      // Trained on the model's own assets only, from at least two, each with enough hourly rows
      // (a garment line runs only in its shifts: about 40 hours a week).
      const ownIds = new Set<string>(
        assets.filter((a) => a.modelId === modelId).map((a) => String(a.id)),
      );
      expect(m.training.assets.length, kind).toBeGreaterThanOrEqual(2);
      for (const id of m.training.assets) expect(ownIds.has(id), kind).toBe(true);
      expect(m.training.points, kind).toBeGreaterThanOrEqual(
        m.training.assets.length * minTrainingRows(m.training.channels.length),
      );
    }
  });
});
