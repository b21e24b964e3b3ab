import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createChannelLayout } from '../expressions/index.ts';
import { createRuleStore } from './rule-store.ts';

describeEachDatabase('monitoring rule store', (t) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('stores model rules and asset overrides and resolves them per asset', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const store = createRuleStore(h.db, 'tn_1');
    const model = { scope: 'model', modelId: 'am_chiller' } as const;
    await store.save(
      model,
      { id: 'hi', severity: 'minor', kind: 'threshold', value: 'temp', op: 'above', limit: 10 },
      'u',
      1,
    );
    await store.save(
      model,
      { id: 'lo', severity: 'minor', kind: 'threshold', value: 'temp', op: 'below', limit: 0 },
      'u',
      1,
    );
    // Saving again replaces (upsert), not duplicates.
    await store.save(
      model,
      { id: 'hi', severity: 'major', kind: 'threshold', value: 'temp', op: 'above', limit: 12 },
      'u',
      2,
    );
    const asset = { scope: 'asset', assetId: 'as_7' } as const;
    await store.save(asset, { id: 'lo', disabled: true }, 'u', 3);
    const rules = await store.resolved('am_chiller', 'as_7');
    expect(rules).toEqual([
      { id: 'hi', severity: 'major', kind: 'threshold', value: 'temp', op: 'above', limit: 12 },
    ]);
    expect((await store.resolved('am_chiller', 'as_8')).map((r) => r.id)).toEqual(['hi', 'lo']);
    // One read for a whole build (issue 21) resolves exactly as one asset at a time.
    await store.save(
      { scope: 'asset', assetId: 'as_9' },
      { id: 'mid', severity: 'warning', kind: 'threshold', value: 'temp', op: 'above', limit: 5 },
      'u',
      4,
    );
    const snapshot = await store.snapshot();
    for (const [m, a] of [
      ['am_chiller', 'as_7'],
      ['am_chiller', 'as_8'],
      ['am_chiller', 'as_9'],
      [undefined, 'as_9'],
      ['am_other', 'as_8'],
    ] as const) {
      expect(snapshot(m, a)).toEqual(await store.resolved(m, a));
    }
    await store.remove(asset, 'lo', 'li.wei');
    expect((await store.resolved('am_chiller', 'as_7')).map((r) => r.id)).toEqual(['hi', 'lo']);
  });

  it('refuses a bad rule with its position before storing it', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const store = createRuleStore(h.db, 'tn_1');
    const layout = createChannelLayout(['temp', 'flow']);
    await expect(
      store.save(
        { scope: 'model', modelId: 'am_1' },
        { id: 'x', severity: 'minor', kind: 'expression', when: 'temp > 3 && flw < 2' },
        'u',
        1,
        { layout },
      ),
    ).rejects.toThrow(
      "rule 'x' field 'when': line 1, column 13 (offset 12): unknown channel 'flw'",
    );
    expect(await store.list({ scope: 'model', modelId: 'am_1' })).toEqual([]);
  });
});
