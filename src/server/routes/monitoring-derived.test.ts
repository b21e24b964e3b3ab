// Derived channels over HTTP on the real pipeline, on each database: COP = cooling_load / power
// defined per asset model, a threshold rule on `cop` raising an alarm for the right chiller only,
// and the computed values written back as telemetry — exactly one point per row, none for a
// division by zero, none where the model neither declares `cop` nor allows new channels — plus
// the 400s (expression position, cycle path, raw-channel collision, names), 403 and 404.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import { createApiKey } from '../../identity/index.ts';
import type { MonitoringRuntime } from '../../monitoring/index.ts';

const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
const COP = [{ name: 'cop', expression: 'cooling_load / power' }];

describeEachDatabase('derived channels over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let monitoring: MonitoringRuntime;
  let key: string;
  /** declared: declares cop; open: allows new channels; closed: neither. */
  const models = { declared: '', open: '', closed: '' };
  const assets = { C1: '', C2: '', O1: '', X1: '' };
  const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;

  beforeAll(async () => {
    ({ w, monitoring } = world = await createMonitoringWorld(t));
    const raw = ['cooling_load', 'power'];
    const model = (name: string, channels: string[], allowNewChannels = false) =>
      createModel(w.db, w.scopeA, { name, channels: channels.map(ch), allowNewChannels });
    models.declared = (await model('Chiller', [...raw, 'cop'])).id;
    models.open = (await model('Open chiller', raw, true)).id;
    models.closed = (await model('Closed chiller', raw)).id;
    const asset = async (serial: string, modelId: string, customerId: string) =>
      (await createAsset(w.db, w.scopeA, { name: serial, serial, modelId, customerId })).id;
    assets.C1 = await asset('DC-1', models.declared, w.customers.A1);
    assets.C2 = await asset('DC-2', models.declared, w.customers.A2);
    assets.O1 = await asset('DO-1', models.open, w.customers.A1);
    assets.X1 = await asset('DX-1', models.closed, w.customers.A1);
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'k', role: 'engineer' })).key;
  });
  afterAll(() => world?.close());

  const url = (modelId: string) => `/api/v1/monitoring/derived-channels/models/${modelId}`;
  const put = (modelId: string, channels: unknown, who: 'engineer' | 'viewer' = 'engineer') =>
    w.as(who, { method: 'PUT', url: url(modelId), payload: { channels } });
  const message = (res: { json(): unknown }) => (res.json() as { message: string }).message;

  it('refuses bad lists with a 400 that says what and where, and stores nothing', async () => {
    const expr = await put(models.declared, [{ name: 'cop', expression: 'cooling_load /* power' }]);
    expect(expr.statusCode).toBe(400);
    expect(message(expr)).toMatch(/derived channel 'cop': line 1, column 15 \(offset 14\)/);
    expect(expr.json()).toMatchObject({ details: { line: 1, column: 15, offset: 14 } });

    const multiline = await put(models.declared, [
      { name: 'cop', expression: 'cooling_load\n  / pwr' },
    ]);
    expect(multiline.statusCode).toBe(400);
    expect(message(multiline)).toMatch(/line 2, column 5 \(offset 17\): unknown channel 'pwr'/);

    const cycle = await put(models.declared, [
      { name: 'a', expression: 'b + power' },
      { name: 'b', expression: 'c * 2' },
      { name: 'c', expression: 'a - 1' },
    ]);
    expect(cycle.statusCode).toBe(400);
    expect(message(cycle)).toMatch(/cycle in derived channels: a → b → c → a/);
    expect(cycle.json()).toMatchObject({ details: { cycle: ['a', 'b', 'c', 'a'] } });

    const collision = await put(models.declared, [{ name: 'power', expression: 'power * 1000' }]);
    expect(collision.statusCode).toBe(400);
    expect(message(collision)).toMatch(/collides with the raw channel 'power'/);
    expect(collision.json()).toMatchObject({ details: [{ field: 'channels[0].name' }] });

    const dup = await put(models.declared, [...COP, { name: 'cop', expression: 'power' }]);
    expect(dup.statusCode).toBe(400);
    expect(message(dup)).toMatch(/channels\[1\]\.name: duplicate derived channel name 'cop'/);

    const pattern = await put(models.declared, [{ name: 'c-o-p', expression: 'power' }]);
    expect(pattern.statusCode).toBe(400);
    expect(message(pattern)).toMatch(/channels\.0\.name/);
    const reserved = await put(models.declared, [{ name: 'max', expression: 'power' }]);
    expect(reserved.statusCode).toBe(400);
    expect(message(reserved)).toMatch(/reserved word/);
    for (const name of ['constructor', '__proto__', 'prototype']) {
      const proto = await put(models.declared, [{ name, expression: 'power' }]);
      expect(proto.statusCode, name).toBe(400);
      expect(message(proto)).toMatch(/reserved name/);
    }

    const viewer = await put(models.declared, COP, 'viewer');
    expect(viewer.statusCode).toBe(403);
    const other = await put(w.models.B, COP);
    expect(other.statusCode).toBe(404);
    const otherGet = await w.as('engineer', { method: 'GET', url: url(w.models.B) });
    expect(otherGet.statusCode).toBe(404);

    const stored = await w.as('engineer', { method: 'GET', url: url(models.declared) });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toEqual({ modelId: models.declared, channels: [] });
  });

  it('refuses a rule on `cop` until the model has it as a derived channel', async () => {
    const rule = { id: 'low-cop', severity: 'major', kind: 'threshold', value: 'cop' };
    const before = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${models.open}`,
      payload: { ...rule, op: 'below', limit: 3 },
    });
    expect(before.statusCode).toBe(400);
    expect(message(before)).toMatch(/unknown channel 'cop'/);
  });

  it('computes cop, alarms on it for the right asset, and writes back one point per row', async () => {
    for (const m of Object.values(models)) {
      const res = await put(m, COP);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ channels: COP, order: ['cop'], reload: [] });
    }
    const got = await w.as('viewer', { method: 'GET', url: url(models.declared) });
    expect(got.json()).toEqual({ modelId: models.declared, channels: COP });
    for (const m of [models.declared, models.open]) {
      const res = await w.as('engineer', {
        method: 'PUT',
        url: `/api/v1/monitoring/rules/models/${m}`,
        payload: {
          id: 'low-cop',
          severity: 'major',
          kind: 'threshold',
          value: 'cop',
          op: 'below',
          limit: 3,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ saved: 'low-cop', reload: [] });
    }

    // [cooling_load, power] per minute; power = 0 gives cop = Infinity: nothing written then.
    const rows: Record<string, Array<[number, number]>> = {
      'DC-1': [
        [500, 100],
        [400, 200],
        [300, 0],
        [600, 150],
      ],
      'DC-2': [
        [500, 100],
        [450, 100],
        [480, 120],
      ],
      'DO-1': [
        [350, 100],
        [700, 100],
      ],
      'DX-1': [
        [100, 100],
        [200, 100],
      ],
    };
    const body = Object.entries(rows)
      .flatMap(([serial, list]) =>
        list.map(
          ([c, p], i) => `chiller,asset=${serial} cooling_load=${c},power=${p} ${t0 + i * 60_000}`,
        ),
      )
      .join('\n');
    const res = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(204);

    const monitor = await monitoring.tenant(w.tenantA.id);
    // DC-1 3, DC-2 3, DO-1 2 values written; DX-1 2 undeclared; DC-1's power = 0 row non-finite.
    await waitFor(() => monitor.writeBack.stats.written === 8);
    expect(monitor.writeBack.stats).toEqual({ written: 8, undeclared: 2, nonFinite: 1, failed: 0 });

    const cop = async (serial: string) => {
      const q = await w.as('engineer', {
        method: 'GET',
        url: `/api/v1/telemetry/raw?asset=${serial}&channel=cop&from=${t0}&to=${t0 + 600_000}`,
      });
      return q;
    };
    expect((await cop('DC-1')).json()).toEqual({
      points: [
        [t0, 5],
        [t0 + 60_000, 2],
        [t0 + 180_000, 4],
      ],
    });
    expect((await cop('DC-2')).json()).toEqual({
      points: [
        [t0, 5],
        [t0 + 60_000, 4.5],
        [t0 + 120_000, 4],
      ],
    });
    expect((await cop('DO-1')).json()).toEqual({
      points: [
        [t0, 3.5],
        [t0 + 60_000, 7],
      ],
    });
    const closed = await cop('DX-1');
    expect(closed.json()).toEqual({ points: [] });

    // The written-back cop points came back through the live feed but fed nothing: the engine
    // saw exactly the 22 raw points (11 rows × 2 fields).
    expect(monitor.engine.stats.points).toBe(22);

    await waitFor(async () => (await openAlarms()).length > 0);
    const open = await openAlarms();
    expect(open.map((a) => [a.asset, a.ruleId, a.raisedAt])).toEqual([
      [assets.C1, 'low-cop', t0 + 60_000],
    ]);
  });

  it('keeps the rules of an asset running when a derived channel does not fit it', async () => {
    // Model A declares the property rated_kw, but only CH-1 (A1) has a value for it.
    const res = await put(w.models.A, [{ name: 'cop_per_kw', expression: 'cop / prop.rated_kw' }]);
    expect(res.statusCode, res.body).toBe(200);
    const reload = (res.json() as { reload: Array<{ reason: string }> }).reload;
    expect(reload.map((r) => r.reason.split(':')[0]).sort()).toEqual(
      [w.assets.A1a, w.assets.A2].sort(),
    );
    expect(reload[0]!.reason).toMatch(/derived channels not computed: .*rated_kw/);
    const rule = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${w.models.A}`,
      payload: {
        id: 'cop-low',
        severity: 'minor',
        kind: 'threshold',
        value: 'cop',
        op: 'below',
        limit: 3,
      },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const write = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: `chiller,asset=CH-3 cop=2.5 ${t0}`,
    });
    expect(write.statusCode, write.body).toBe(204);
    await waitFor(async () => (await openAlarms()).some((a) => a.asset === w.assets.A2));
    expect((await openAlarms()).filter((a) => a.ruleId === 'cop-low')).toEqual([
      expect.objectContaining({ asset: w.assets.A2, raisedAt: t0 }),
    ]);
  });

  it('monitors an asset created after its model got derived channels and rules', async () => {
    // The rules and derived channels are set up first and the fleet created afterwards, as the
    // benchmark and a CSV import do: the new chiller must be evaluated and written back without
    // a rule save or a restart (issue 21: the derived channel was written for no asset).
    const late = (
      await createModel(w.db, w.scopeA, {
        name: 'Late chiller',
        channels: ['cooling_load', 'power', 'cop'].map(ch),
      })
    ).id;
    expect((await put(late, COP)).statusCode).toBe(200);
    const rule = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${late}`,
      payload: {
        id: 'late-cop',
        severity: 'major',
        kind: 'threshold',
        value: 'cop',
        op: 'below',
        limit: 3,
      },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const created = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/assets',
      payload: { name: 'DL-1', serial: 'DL-1', modelId: late, customerId: w.customers.A1 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const monitor = await monitoring.tenant(w.tenantA.id);
    // It joins the running engine just after its creation is announced (without a reload).
    await waitFor(() => monitor.engine.indexOf(id) !== undefined);
    const before = monitor.writeBack.stats.written;
    const write = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: [
        `chiller,asset=DL-1 cooling_load=500,power=100 ${t0}`,
        `chiller,asset=DL-1 cooling_load=200,power=100 ${t0 + 60_000}`,
      ].join('\n'),
    });
    expect(write.statusCode, write.body).toBe(204);
    await waitFor(() => monitor.writeBack.stats.written === before + 2);
    const cop = await w.as('engineer', {
      method: 'GET',
      url: `/api/v1/telemetry/raw?asset=DL-1&channel=cop&from=${t0}&to=${t0 + 600_000}`,
    });
    expect(cop.json()).toEqual({
      points: [
        [t0, 5],
        [t0 + 60_000, 2],
      ],
    });
    await waitFor(async () => (await openAlarms()).some((a) => a.asset === id));
    expect(
      (await openAlarms()).filter((a) => a.asset === id).map((a) => [a.ruleId, a.raisedAt]),
    ).toEqual([['late-cop', t0 + 60_000]]);
  });

  const openAlarms = async () =>
    (
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: Array<{ asset: string; ruleId: string; raisedAt: number }>;
      }
    ).items;
});

/** Polls until `ok` (alarm actions and write-backs run after the ingest call returns). */
async function waitFor(ok: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
