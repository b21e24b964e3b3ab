// The model registry on each database: versions count per (tenant, kind, asset model), exactly
// one version is active even when registrations and activations race, the serialised model
// round-trips, and another tenant sees none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createTenant, type Scope } from '../../identity/index.ts';
import { isRongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import {
  activateModel,
  activeModel,
  getRegisteredModel,
  listRegisteredModels,
  registerModel,
  type ModelInput,
} from './index.ts';

const input = (kind: ModelInput['kind'], assetModelId: string, tag: number): ModelInput => ({
  kind,
  assetModelId,
  training: { assets: ['as_x'], assetCount: 1, from: 0, to: 1, points: tag, channels: ['a'] },
  metrics: { rmse: tag },
  model: { weights: [tag, tag + 1], halfWidth: Infinity, coef: Float64Array.from([tag]) },
});

describeEachDatabase('PHM model registry', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let a: Scope;
  let b: Scope;
  beforeAll(async () => {
    const h = await t.open();
    db = h.db;
    dispose = h.dispose;
    const ta = await createTenant(db, { slug: 'ta', name: 'A' }, 'test');
    const tb = await createTenant(db, { slug: 'tb', name: 'B' }, 'test');
    a = { tenantId: ta.id, customerIds: null, actor: 'test' };
    b = { tenantId: tb.id, customerIds: null, actor: 'test' };
  });
  afterAll(async () => dispose());

  describe('versions and activation', () => {
    it('numbers versions per kind and asset model and keeps one active', async () => {
      const r1 = await registerModel(db, a, input('rul', 'am_1', 1));
      const r2 = await registerModel(db, a, input('rul', 'am_1', 2));
      const other = await registerModel(db, a, input('bearing', 'am_1', 3));
      expect([r1.version, r2.version, other.version]).toEqual([1, 2, 1]);
      const active = await activeModel<{ weights: number[]; halfWidth: number }>(
        db,
        a,
        'rul',
        'am_1',
      );
      expect(active?.meta.id).toBe(r2.id);
      expect(active?.model).toEqual({ weights: [2, 3], halfWidth: Infinity, coef: [2] });
      await activateModel(db, a, r1.id);
      expect((await getRegisteredModel(db, a, r2.id)).status).toBe('retired');
      expect((await activeModel(db, a, 'rul', 'am_1'))?.meta.version).toBe(1);
      expect((await activeModel(db, a, 'bearing', 'am_1'))?.meta.id).toBe(other.id);
      await expect(getRegisteredModel(db, b, r1.id)).rejects.toMatchObject({
        code: 'RONGHE_NOT_FOUND',
      });
      await expect(activateModel(db, b, r1.id)).rejects.toMatchObject({
        code: 'RONGHE_NOT_FOUND',
      });
      expect(await listRegisteredModels(db, b)).toEqual([]);
    });

    it('never leaves two active versions when registrations race', async () => {
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((i) => registerModel(db, a, input('rul', 'am_race', i))),
      );
      const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      for (const r of results)
        if (r.status === 'rejected')
          expect(isRongheError(r.reason) && r.reason.code).toBe('RONGHE_CONFLICT');
      expect(ok.length).toBeGreaterThan(0);
      const listed = await listRegisteredModels(db, a, { kind: 'rul', assetModelId: 'am_race' });
      expect(listed.map((m) => m.version)).toEqual(ok.map((_, i) => i + 1));
      expect(listed.filter((m) => m.status === 'active')).toHaveLength(1);
    });
  });
});
