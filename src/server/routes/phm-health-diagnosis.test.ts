// Health that hears the bearing diagnosis, over HTTP on each database (issue 18): a pump whose
// health baseline reads it healthy reads so only until its latest bearing diagnosis names a
// fault; then GET …/health leads with the worse figure, says the diagnosis set it and names it;
// a later normal diagnosis hands the figure back to the baseline. The diagnoses are stored as
// ingestWaveform stores them (a 'bearing' assessment row), without a trained bearing model.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { phmRoutes } from './phm.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function noise(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function points(asset: string, start: number, hours: number, seed: number) {
  const n = noise(seed);
  return Array.from({ length: hours }, (_, h) => {
    const load = 0.6 + 0.3 * Math.sin((2 * Math.PI * h) / 24) + 0.03 * n();
    return {
      asset,
      ts: start + h * HOUR + 60_000,
      values: { load: 100 * load + n(), vib: 1.5 + 0.5 * load + 0.05 * n() },
    };
  });
}

describeEachDatabase('PHM health with the bearing diagnosis over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let telemetry: TelemetryService;
  let modelId: string;
  const pumps: string[] = [];
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 12 * DAY;
  const api = '/api/v1/phm';

  beforeAll(async () => {
    ({ w, telemetry } = world = await createMonitoringWorld(t, (db, telemetry) => [
      { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
    ]));
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    modelId = (
      await createModel(w.db, w.scopeA, { name: 'Pump', channels: ['load', 'vib'].map(ch) })
    ).id;
    for (let i = 0; i < 3; i++) {
      const a = await createAsset(w.db, w.scopeA, {
        name: `Pump ${i + 1}`,
        serial: `HP-${i + 1}`,
        modelId,
        customerId: w.customers.A1,
      });
      pumps.push(a.id);
      await telemetry.ingestJson(w.scopeA, points(a.id, t0, 12 * 24, 11 + i));
    }
    await telemetry.flush();
  });
  afterAll(() => world?.close());

  async function diagnose(asset: string, label: string, level: string, at: number) {
    const row = {
      id: `pa_diag${label.toLowerCase()}${at}`.slice(0, 40),
      tenant_id: w.scopeA.tenantId,
      asset_id: asset,
      customer_id: w.customers.A1,
      model_id: 'pm_bearingmodel0001',
      model_version: 1,
      at,
      health: label === 'Normal' ? 100 : 0,
      rul: null,
      lower: null,
      upper: null,
      created_at: at,
      kind: 'bearing',
      detail: JSON.stringify({
        waveformId: 'pw_x',
        label,
        share: 1,
        meanProbability: 0.96,
        windows: [],
        evidence: [],
        severity:
          label === 'Normal' ? { level } : { level, defect: 'BPFI', faultDiameterIn: 0.007 },
        kurtosis: 3,
        band: [2500, 4500],
        defectFrequencies: {},
        sampleRate: 12000,
        rpm: 1797,
      }),
    };
    await w.db.kysely
      .insertInto('phm_assessments' as never)
      .values(row as never)
      .execute();
  }

  it('reads the worse of baseline health and a fault diagnosis, and names the diagnosis', async () => {
    const trained = await w.as('engineer', {
      method: 'POST',
      url: `${api}/models/health-baseline`,
      payload: { modelId, from: t0, to: t0 + 9 * DAY, conditions: ['load'] },
    });
    expect(trained.statusCode, trained.body).toBe(201);
    const assess = await w.as('engineer', {
      method: 'POST',
      url: `${api}/assets/${pumps[0]}/assess`,
      payload: { from: t0 + 9 * DAY, to: t0 + 12 * DAY, writeBack: false },
    });
    expect(assess.statusCode, assess.body).toBe(200);
    type Health = {
      latest: { health: number };
      combined: {
        health: number;
        source: string;
        baselineHealth: number;
        diagnosis: { label: string; level: string } | null;
      };
    };
    const read = async () =>
      (
        await w.as('viewer', { method: 'GET', url: `${api}/assets/${pumps[0]}/health` })
      ).json() as Health;
    const before = await read();
    expect(before.latest.health).toBeGreaterThanOrEqual(80); // the baseline reads it healthy
    expect(before.combined).toMatchObject({
      source: 'baseline',
      health: before.latest.health,
      diagnosis: null,
    });

    const now = Date.now();
    await diagnose(pumps[0]!, 'IR007', 'incipient', now);
    const faulty = await read();
    expect(faulty.latest.health).toBe(before.latest.health); // the stored assessment is unchanged
    expect(faulty.combined).toMatchObject({
      source: 'diagnosis',
      baselineHealth: before.latest.health,
      diagnosis: { label: 'IR007', level: 'incipient' },
    });
    expect(faulty.combined.health).toBeCloseTo(100 - 0.96 * 30, 6); // watch, no longer good
    expect(faulty.combined.health).toBeLessThan(80);

    await diagnose(pumps[0]!, 'Normal', 'none', now + 1000);
    const repaired = await read();
    expect(repaired.combined).toMatchObject({
      source: 'baseline',
      health: before.latest.health,
      diagnosis: { label: 'Normal' },
    });
  });

  it("lists the installed base's combined health worst first, whatever kind was assessed last", async () => {
    // Pump 1 was assessed and diagnosed healthy again above; pump 2 is assessed now and then
    // diagnosed with an inner-race fault; pump 3 is never assessed. A newer RUL-kind row of pump 1
    // (its health column holds the share of the horizon left) must not stand in for its health.
    const assess = await w.as('engineer', {
      method: 'POST',
      url: `${api}/assets/${pumps[1]}/assess`,
      payload: { from: t0 + 9 * DAY, to: t0 + 12 * DAY, writeBack: false },
    });
    expect(assess.statusCode, assess.body).toBe(200);
    const now = Date.now() + 10_000;
    await diagnose(pumps[1]!, 'IR007', 'incipient', now);
    await w.db.kysely
      .insertInto('phm_assessments' as never)
      .values({
        id: 'pa_rulrow0001',
        tenant_id: w.scopeA.tenantId,
        asset_id: pumps[0],
        customer_id: w.customers.A1,
        model_id: 'pm_rulmodel0001',
        model_version: 1,
        at: now,
        health: 3,
        rul: 4,
        lower: 1,
        upper: 9,
        created_at: now + 1,
        kind: 'rul',
        detail: null,
      } as never)
      .execute();
    const own = async (i: number) =>
      (await w.as('viewer', { method: 'GET', url: `${api}/assets/${pumps[i]}/health` })).json() as {
        latest: { health: number };
        combined: { health: number };
      };
    const [p1, p2] = [await own(0), await own(1)];
    const res = await w.as('viewer', { method: 'GET', url: `${api}/health` });
    expect(res.statusCode, res.body).toBe(200);
    const items = (
      res.json() as {
        items: { assetId: string; health: number; source: string; baselineHealth: number }[];
      }
    ).items;
    expect(items.map((i) => i.assetId)).toEqual([pumps[1], pumps[0]]);
    expect(items[0]).toMatchObject({
      health: p2.combined.health,
      source: 'diagnosis',
      baselineHealth: p2.latest.health,
      diagnosis: { label: 'IR007', level: 'incipient' },
    });
    expect(items[0]!.health).toBeLessThan(80);
    expect(items[1]).toMatchObject({ health: p1.latest.health, source: 'baseline' });
    const other = await w.as('viewer', {
      method: 'GET',
      url: `${api}/health?assetModelId=am_none`,
    });
    expect(other.json()).toEqual({ items: [] });
    const byModel = await w.as('viewer', {
      method: 'GET',
      url: `${api}/health?assetModelId=${modelId}`,
    });
    expect((byModel.json() as { items: unknown[] }).items).toHaveLength(2);
  });
});
