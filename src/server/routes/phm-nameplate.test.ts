// Nameplate normalisers over HTTP (issue 18), on each database: three heat stations of 1,200,
// 2,000 and 3,000 kW design load whose flow and heat follow their size. A baseline trained with
// flow and heat divided by design_load scores the healthy large station as healthy and a station
// with a stuck-open bypass low; the normalisers are kept with the model; a property the model
// does not declare, or an asset without it, is refused naming the field.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import { phmRoutes } from './phm.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly points of a station: outdoor temperature over a daily cycle, flow and heat ∝ design. */
function stationPoints(asset: string, start: number, hours: number, design: number, bypass = 0) {
  let s = design;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297 - 0.5;
  return Array.from({ length: hours }, (_, h) => {
    const outdoor = 5 + 6 * Math.sin((2 * Math.PI * h) / 24) + 3 * Math.sin(h / 37) + 0.3 * u();
    const f = (18 - outdoor) / 20;
    const flow = design * 0.05 * (0.5 + 0.5 * f) * (1 + bypass) * (1 + 0.01 * u());
    const heat = design * (f + 0.06) * (1 + 0.01 * u());
    const supply = 40 + 20 * f + 0.1 * u();
    return {
      asset,
      ts: start + h * HOUR + 60_000,
      values: { outdoor, flow, heat, supply },
    };
  });
}

describeEachDatabase('PHM nameplate normalisers over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let modelId: string;
  const ids: string[] = [];
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 14 * DAY;
  const trainTo = t0 + 10 * DAY;
  const api = '/api/v1/phm';
  const normalisers = [
    { channel: 'flow', property: 'design_load' },
    { channel: 'heat', property: 'design_load' },
  ];

  beforeAll(async () => {
    let telemetry!: MonitoringWorld['telemetry'];
    ({ w, telemetry } = world = await createMonitoringWorld(t, (db, tel) => [
      { plugin: (app) => phmRoutes(app, { db, telemetry: tel }), prefix: '/api/v1' },
    ]));
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    const m = await createModel(w.db, w.scopeA, {
      name: 'Heat station',
      properties: [{ key: 'design_load', name: 'Design load', unit: 'kW', dataType: 'number' }],
      channels: ['outdoor', 'flow', 'heat', 'supply'].map(ch),
    });
    modelId = m.id;
    // Stations 1 and 2 (small) train; 3 is large and healthy; 4 is mid-size with a bypass
    // fault from day 10 on; 5 has no design load.
    const designs = [1200, 2000, 3000, 2000, undefined];
    for (const [i, design] of designs.entries()) {
      const a = await createAsset(w.db, w.scopeA, {
        name: `Station ${i + 1}`,
        serial: `HX-${i + 1}`,
        modelId,
        ...(design ? { properties: { design_load: design } } : {}),
      });
      ids.push(a.id);
    }
    for (const [i, id] of ids.slice(0, 4).entries()) {
      const design = designs[i]!;
      const before = i === 2 ? [] : stationPoints(id, t0, 10 * 24, design);
      const after = stationPoints(id, trainTo, 4 * 24, design, i === 3 ? 0.4 : 0);
      await telemetry.ingestJson(w.scopeA, [...before, ...after]);
    }
    await telemetry.flush();
  });
  afterAll(() => world?.close());

  const train = (payload: Record<string, unknown>) =>
    w.as('engineer', { method: 'POST', url: `${api}/models/health-baseline`, payload });
  const assess = (asset: string) =>
    w.as('engineer', {
      method: 'POST',
      url: `${api}/assets/${asset}/assess`,
      payload: { from: trainTo, to: trainTo + 4 * DAY, writeBack: false },
    });

  it('refuses a property the model does not declare, naming normalisers', async () => {
    const r = await train({
      modelId,
      from: t0,
      to: trainTo,
      conditions: ['outdoor', 'heat'],
      normalisers: [{ channel: 'flow', property: 'rated_power' }],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ details: [{ field: 'normalisers' }] });
  });

  it('scores the large healthy station healthy and the bypass fault low, per unit of design load', async () => {
    const r = await train({
      modelId,
      from: t0,
      to: trainTo,
      conditions: ['outdoor', 'heat'],
      normalisers,
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ training: { normalisers } });
    const large = await assess(ids[2]!);
    expect(large.statusCode).toBe(200);
    const lh = large.json() as { status: string; trend: { health: number }[] };
    expect(lh.status).toBe('ok');
    const mean = (xs: { health: number }[]) => xs.reduce((s, x) => s + x.health, 0) / xs.length;
    expect(mean(lh.trend)).toBeGreaterThan(80);
    const faulty = (await assess(ids[3]!)).json() as { trend: { health: number }[] };
    expect(mean(faulty.trend)).toBeLessThan(20);
  });

  it('refuses to assess an asset without the nameplate value, naming the property', async () => {
    await world.telemetry.ingestJson(w.scopeA, stationPoints(ids[4]!, trainTo, 48, 2000));
    await world.telemetry.flush();
    const r = await assess(ids[4]!);
    // RONGHE_INVALID_DATA (422): the request is well formed, the asset's nameplate lacks a value.
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'RONGHE_INVALID_DATA',
      details: { field: 'properties.design_load' },
    });
    expect((r.json() as { message: string }).message).toMatch(/design_load.*set it on the asset/);
  });
});
