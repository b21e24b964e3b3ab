// Alarm notification below HTTP, on each database: subscriptions in the real store, alarm
// changes from the real alarm service, e-mail through the notifier with an in-process
// transport that records what it is handed (no network). Checks that e-mail honours the
// subscriber's customer scope at delivery time, storm digests, and that a subscriber only
// ever reaches their own rows.
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { AlarmEffect } from '../alarms/index.ts';
import { createAlarmFanout, type CustomerScope, type NotifyMessage } from '../notify/index.ts';
import { createAlarmService } from './alarm-service.ts';
import { createSubscriptionStore } from './subscription-store.ts';

const tenant = 'tn_maker';
const assets: Record<string, { customer: string; model: string }> = {
  'pump-1': { customer: 'cu_north', model: 'am_pump' },
  'pump-2': { customer: 'cu_south', model: 'am_pump' },
  'fan-1': { customer: 'cu_south', model: 'am_fan' },
};
const info = (asset: string) => ({ ancestors: [], ...assets[asset] });

describeEachDatabase('monitoring notification', (t) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  async function setup(scopes: Record<string, CustomerScope | undefined>) {
    const h = await t.open();
    dispose = h.dispose;
    const store = createSubscriptionStore(h.db);
    const mails: Array<{ to: string; m: NotifyMessage }> = [];
    const fanout = createAlarmFanout({
      subscriptions: store,
      transports: {
        email: (to, m) => {
          mails.push({ to, m });
          return Promise.resolve();
        },
      },
      subscriberScope: (_t, id) => Promise.resolve(scopes[id]),
      digest: { windowMs: 600_000, maxPerWindow: 2 },
    });
    const alarms = await createAlarmService(h.db, {
      tenantId: tenant,
      assetInfo: info,
      onEffects: (effects) => void fanout.publish(tenant, effects, info),
    });
    let at = 0;
    const raise = async (asset: string, ruleId: string, severity: 'critical' | 'minor') => {
      const [e] = await alarms.apply({ type: 'raise', asset, ruleId, severity, at: ++at });
      await fanout.idle();
      return e!;
    };
    return { store, fanout, mails, raise };
  }
  const mailed = (mails: Array<{ to: string; m: NotifyMessage }>) =>
    mails.map(({ to, m }) => [to, m.kind === 'alarm' ? m.effect.alarm.id : `digest:${m.count}`]);

  it('e-mails matching subscribers within their customer scope, and digests a storm', async () => {
    const { store, fanout, mails, raise } = await setup({
      us_eng: null,
      us_north: ['cu_north'],
      us_stale: ['cu_north'], // subscribed to cu_south, then lost access to it
      us_gone: undefined, // disabled since
    });
    expect(fanout.channels).toEqual(['live', 'email']);
    const own = (subscriberId: string) => ({ tenantId: tenant, subscriberId });
    await store.create(own('us_eng'), { channels: ['email'], minSeverity: 'critical' }, 1);
    await store.create(own('us_north'), { channels: ['email', 'live'], minSeverity: 'minor' }, 1);
    await store.create(
      own('us_stale'),
      { channels: ['email'], minSeverity: 'minor', customers: ['cu_south'] },
      1,
    );
    await store.create(own('us_gone'), { channels: ['email'], minSeverity: 'minor' }, 1);
    await store.create(own('us_live'), { channels: ['live'], minSeverity: 'minor' }, 1);

    const south = await raise('pump-2', 'hi-temp', 'critical');
    const north = await raise('pump-1', 'hi-temp', 'minor');
    expect(mailed(mails)).toEqual([
      ['us_eng', south.alarm.id],
      ['us_north', north.alarm.id],
    ]);

    // A storm on cu_north: two e-mails per 10-minute window, the rest in one digest.
    mails.length = 0;
    const storm: AlarmEffect[] = [];
    for (const r of ['a', 'b', 'c', 'd']) storm.push(await raise('pump-1', r, 'minor'));
    expect(mailed(mails)).toEqual([['us_north', storm[0]!.alarm.id]]);
    await fanout.tick(Date.now() + 600_001);
    expect(mailed(mails)).toEqual([
      ['us_north', storm[0]!.alarm.id],
      ['us_north', 'digest:3'],
    ]);
  });

  it('keys every read and write by tenant and subscriber, and refreshes the tenant cache', async () => {
    const { store } = await setup({});
    const me = { tenantId: tenant, subscriberId: 'us_me' };
    const other = { tenantId: tenant, subscriberId: 'us_other' };
    const elsewhere = { tenantId: 'tn_else', subscriberId: 'us_me' };
    expect(await store.forTenant(tenant)).toEqual([]);
    const s = await store.create(me, { channels: ['live'], minSeverity: 'major' }, 10);
    expect((await store.forTenant(tenant)).map((x) => x.id)).toEqual([s.id]);
    for (const who of [other, elsewhere]) {
      expect(await store.get(who, s.id)).toBeUndefined();
      expect(await store.update(who, s.id, { channels: ['live'], minSeverity: 'minor' }, 11)).toBe(
        undefined,
      );
      expect(await store.remove(who, s.id)).toBe(false);
      expect(await store.list(who)).toEqual([]);
    }
    const u = await store.update(
      me,
      s.id,
      { channels: ['live'], minSeverity: 'minor', changes: ['raised'], models: ['am_pump'] },
      12,
    );
    expect(u).toEqual({
      id: s.id,
      tenantId: tenant,
      userId: 'us_me',
      channels: ['live'],
      minSeverity: 'minor',
      customers: [],
      models: ['am_pump'],
      changes: ['raised'],
      createdAt: 10,
      updatedAt: 12,
    });
    expect(await store.forTenant(tenant)).toEqual([u]);
    expect(await store.remove(me, s.id)).toBe(true);
    expect(await store.forTenant(tenant)).toEqual([]);
  });
});
