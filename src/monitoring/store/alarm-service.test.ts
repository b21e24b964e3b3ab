import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createChannelLayout } from '../expressions/index.ts';
import { compileRule, createRuleEngine, type RuleEvent } from '../rules/index.ts';
import { createAlarmService, type AlarmServiceOptions } from './alarm-service.ts';

const min = 60_000;
const opts: AlarmServiceOptions = {
  tenantId: 'tn_maker',
  assetInfo: (asset) => ({
    ancestors: ['station-3'],
    customer: 'cu_acme',
    model: asset.startsWith('pump') ? 'P-200' : 'F-10',
  }),
  escalateAfterMs: { critical: 5 * min },
};

describeEachDatabase('monitoring alarm service', (t) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('persists the lifecycle, survives a restart and keeps one open alarm per (asset, rule)', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const svc = await createAlarmService(h.db, opts);
    await svc.apply({
      type: 'raise',
      asset: 'pump-1',
      ruleId: 'hi-temp',
      severity: 'critical',
      at: 0,
    });
    await svc.apply({ type: 'clear', asset: 'pump-1', ruleId: 'hi-temp', at: min });
    await svc.apply({
      type: 'raise',
      asset: 'pump-1',
      ruleId: 'hi-temp',
      severity: 'critical',
      at: 2 * min,
    });
    await svc.apply({
      type: 'comment',
      asset: 'pump-1',
      ruleId: 'hi-temp',
      by: 'li.wei',
      text: 'checking',
      at: 3 * min,
    });

    // A second service over the same database (a restart) sees the same open alarm.
    const again = await createAlarmService(h.db, opts);
    const [a] = again.openAlarms();
    expect(again.openAlarms()).toHaveLength(1);
    expect(a).toMatchObject({
      id: 'pump-1/hi-temp/0',
      repeatCount: 1,
      active: true,
      comments: [{ by: 'li.wei', text: 'checking' }],
    });
    expect(a!.targets.map((x) => x.id)).toEqual(['pump-1', 'station-3', 'cu_acme', 'tn_maker']);

    const escalated = await again.apply({ type: 'tick', at: 6 * min });
    expect(escalated.map((e) => e.change)).toEqual(['escalated']);
    await again.apply({
      type: 'acknowledge',
      asset: 'pump-1',
      ruleId: 'hi-temp',
      by: 'li.wei',
      at: 7 * min,
    });
    const closing = await again.apply({
      type: 'clear',
      asset: 'pump-1',
      ruleId: 'hi-temp',
      at: 8 * min,
    });
    expect(closing.map((e) => e.change)).toEqual(['cleared', 'closed']);
    expect(again.openAlarms()).toEqual([]);

    // A new episode after closing gets a new alarm row; the partial unique index allows it.
    await again.apply({
      type: 'raise',
      asset: 'pump-1',
      ruleId: 'hi-temp',
      severity: 'critical',
      at: 9 * min,
    });
    const third = await createAlarmService(h.db, opts);
    expect(third.openAlarms().map((x) => x.id)).toEqual([`pump-1/hi-temp/${9 * min}`]);

    const log = await third.activations(0, 10 * min);
    // The acknowledgement at 7 min covers every unacknowledged activation of the alarm.
    expect(log.map((x) => [x.raisedAt, x.clearedAt, x.acknowledgedAt])).toEqual([
      [0, min, 7 * min],
      [2 * min, 8 * min, 7 * min],
      [9 * min, undefined, undefined],
    ]);
    expect(log[0]).toMatchObject({ customer: 'cu_acme', model: 'P-200' });
  });

  it('the database rejects a second open alarm for the same (asset, rule)', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const svc = await createAlarmService(h.db, opts);
    await svc.apply({ type: 'raise', asset: 'fan-1', ruleId: 'vib', severity: 'major', at: 0 });
    // Writing around the service (a second node without a lease) must still be refused.
    await expect(
      h.db.kysely
        .withTables<{
          alarms: {
            id: string;
            tenant_id: string;
            asset_id: string;
            rule_id: string;
            open: number;
          };
        }>()
        .insertInto('alarms')
        .values({ id: 'dup', tenant_id: 'tn_maker', asset_id: 'fan-1', rule_id: 'vib', open: 1 })
        .execute(),
    ).rejects.toThrow();
  });

  it('shelving and maintenance persist; suppressed activations stay out of the KPIs', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const svc = await createAlarmService(h.db, opts);
    await svc.apply({
      type: 'shelve',
      shelf: { ruleId: 'vib', by: 'li.wei', reason: 'known loose guard', at: 0, until: 60 * min },
    });
    await svc.apply({
      type: 'maintenance-start',
      maintenance: { asset: 'pump-2', by: 'wang.fang', reason: 'WO-17', at: 0 },
    });
    const restarted = await createAlarmService(h.db, opts);
    const silent = await restarted.apply({
      type: 'raise',
      asset: 'fan-1',
      ruleId: 'vib',
      severity: 'major',
      at: min,
    });
    expect(silent[0]).toMatchObject({
      annunciate: false,
      alarm: { suppressedBy: { kind: 'shelved', by: 'li.wei', reason: 'known loose guard' } },
    });
    await restarted.apply({
      type: 'raise',
      asset: 'pump-2',
      ruleId: 'lo-flow',
      severity: 'major',
      at: min,
    });
    await restarted.apply({
      type: 'raise',
      asset: 'pump-1',
      ruleId: 'lo-flow',
      severity: 'major',
      at: 2 * min,
    });
    const k = await restarted.kpis({ from: 0, to: 10 * min });
    expect(k.activations).toBe(1);
    expect(k.topAlarms).toEqual([{ key: 'pump-1|lo-flow', count: 1 }]);
  });

  it('rule engine events flow into persisted alarms', async () => {
    const h = await t.open();
    dispose = h.dispose;
    const svc = await createAlarmService(h.db, opts);
    const pending: Promise<unknown>[] = [];
    const engine = createRuleEngine((e: RuleEvent) => pending.push(svc.onRuleEvent(e)));
    const layout = createChannelLayout(['temp']);
    const rule = compileRule(
      {
        id: 'hot',
        severity: 'major',
        kind: 'threshold',
        value: 'temp',
        op: 'above',
        limit: 80,
        hysteresis: 5,
      },
      layout,
    );
    engine.addAsset('pump-1', layout, [rule]);
    [70, 85, 82, 79, 74, 90].forEach((v, i) => engine.ingestNamed('pump-1', 'temp', i * min, v));
    await Promise.all(pending);
    const log = await svc.activations(0, 10 * min);
    expect(log.map((x) => [x.raisedAt, x.clearedAt])).toEqual([
      [min, 4 * min],
      [5 * min, undefined],
    ]);
    expect(svc.openAlarms()[0]).toMatchObject({ repeatCount: 1, value: 90 });
  });
});
