// RUL models on assets over HTTP on each database (issue 18): an RUL model trained over the API
// from a committed C-MAPSS FD001 excerpt (8 run-to-failure units; 4 test units with their true
// RUL, test/fixtures/phm/README.md) in a worker-thread job, its validation figures in the
// registry; two engines of a turbofan asset model carry the hourly histories of test units 31
// (8 cycles left) and 1 (112 left); a schedule of kind rul assesses both, writes rul_hours with
// its interval back as telemetry, and a RUL rule raises its alarm once, for the worn engine only.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import {
  INFORMATIVE_SENSORS,
  parseCmapss,
  parseRulTruth,
  registerRulModel,
  runDueAssessments,
  trainRulModel,
} from '../../phm/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { phmRoutes } from './phm.ts';

const HOUR = 3_600_000;
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/phm/${name}`, import.meta.url), 'utf8');
const train = fixture('train_FD001_excerpt_8units.txt');
const test = fixture('test_FD001_excerpt_4units.txt');
const truth = fixture('RUL_FD001_excerpt_4units.txt');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settings = ['setting_1', 'setting_2', 'setting_3'];
const sensors = INFORMATIVE_SENSORS.map((n) => `sensor_${n}`);

/** One point an hour per cycle of a C-MAPSS unit, the last cycle in the hour before `end`. */
function history(asset: string, unit: number, end: number) {
  const u = parseCmapss(test, 'test').find((x) => x.unit === unit)!;
  return Array.from({ length: u.length }, (_, i) => {
    const values: Record<string, number> = {};
    settings.forEach((k, j) => (values[k] = u.settings[i * 3 + j]!));
    INFORMATIVE_SENSORS.forEach((n, j) => (values[sensors[j]!] = u.sensors[i * 21 + n - 1]!));
    return { asset, ts: end - (u.length - i) * HOUR + 60_000, values };
  });
}

describeEachDatabase('RUL models on assets over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let telemetry: TelemetryService;
  let modelId: string;
  const engines: Record<'worn' | 'fresh', string> = { worn: '', fresh: '' };
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const api = '/api/v1/phm';
  const post = (url: string, payload: unknown, role: 'engineer' | 'viewer' = 'engineer') =>
    w.as(role, { method: 'POST', url, payload: payload as Record<string, unknown> });

  beforeAll(async () => {
    ({ w, telemetry } = world = await createMonitoringWorld(t, (db, telemetry) => [
      { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
    ]));
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    modelId = (
      await createModel(w.db, w.scopeA, {
        name: 'Turbofan',
        channels: [...settings, ...sensors, 'rul_hours', 'rul_lower_hours', 'rul_upper_hours'].map(
          ch,
        ),
      })
    ).id;
    for (const [k, unit] of [
      ['worn', 31],
      ['fresh', 1],
    ] as const) {
      const a = await createAsset(w.db, w.scopeA, {
        name: `Engine ${unit}`,
        serial: `TF-${unit}`,
        modelId,
        customerId: w.customers.A1,
      });
      engines[k] = a.id;
      await telemetry.ingestJson(w.scopeA, history(a.id, unit, end));
    }
    await telemetry.flush();
  });
  afterAll(() => world?.close());

  it('refuses bad lines, too few units and mismatched truth, naming the field and line', async () => {
    const lines = train.split('\n');
    lines[41] = lines[41]!.replace(/^(\S+ \S+ \S+)/, '$1 x');
    const bad = await post(`${api}/models/rul`, {
      assetModelId: modelId,
      source: { kind: 'cmapss', train: lines.join('\n') },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'source.train' }] });
    expect((bad.json() as { message: string }).message).toMatch(/line 42/);
    const nonNumber = train.split('\n');
    nonNumber[9] = nonNumber[9]!.replace(/^(\S+ \S+) \S+/, '$1 abc');
    const nan = await post(`${api}/models/rul`, {
      assetModelId: modelId,
      source: { kind: 'cmapss', train: nonNumber.join('\n') },
    });
    expect(nan.statusCode).toBe(400);
    expect((nan.json() as { message: string }).message).toMatch(/line 10, setting 1: 'abc'/);
    const few = await post(`${api}/models/rul`, {
      assetModelId: modelId,
      source: { kind: 'cmapss', train: train.split('\n').slice(0, 300).join('\n') },
    });
    expect(few.statusCode).toBe(400);
    expect(few.json()).toMatchObject({ details: [{ field: 'source.train' }] });
    const mismatch = await post(`${api}/models/rul`, {
      assetModelId: modelId,
      source: { kind: 'cmapss', train, test, rul: '10\n20\n' },
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toMatchObject({ details: [{ field: 'source.rul' }] });
    const viewer = await post(
      `${api}/models/rul`,
      { assetModelId: modelId, source: { kind: 'cmapss', train } },
      'viewer',
    );
    expect(viewer.statusCode).toBe(403);
    // No RUL model yet: assessing by it is a 404 that says how to get one.
    const none = await post(`${api}/assets/${engines.worn}/assess`, { kind: 'rul' });
    expect(none.statusCode).toBe(404);
    expect((none.json() as { message: string }).message).toMatch(
      /POST \/api\/v1\/phm\/models\/rul/,
    );
  });

  it('trains from C-MAPSS files in a job, assesses on schedule, writes rul_hours and alarms once', async () => {
    const started = await post(`${api}/models/rul`, {
      assetModelId: modelId,
      source: { kind: 'cmapss', train, test, rul: truth },
      trees: 80,
      ensemble: 1,
      seed: 7,
    });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json() as { id: string; status: string; progress: number; modelId: string };
    expect(job).toMatchObject({ status: 'running', progress: 0 });
    const seen = new Set<number>();
    const deadline = Date.now() + 300_000;
    while (job.status === 'running' && Date.now() < deadline) {
      await sleep(200);
      job = (
        await w.as('viewer', { method: 'GET', url: `${api}/jobs/${job.id}` })
      ).json() as typeof job;
      seen.add(job.progress);
    }
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'ok', progress: 1 });
    const model = (
      await w.as('viewer', { method: 'GET', url: `${api}/models/${job.modelId}` })
    ).json() as {
      kind: string;
      status: string;
      metrics: {
        trainUnits: number;
        validation: {
          protocol: string;
          units: number;
          rmse: number;
          score: number;
          coverage: number;
        };
      };
    };
    expect(model).toMatchObject({
      kind: 'rul',
      status: 'active',
      metrics: { trainUnits: 8, validation: { protocol: 'test-units', units: 4 } },
    });
    const v = model.metrics.validation;
    // Eight training units are few (the benchmark trains on 100): the figures must exist and be
    // sane, not good. RMSE in cycles of the four test units; coverage a share of them.
    expect(v.rmse).toBeGreaterThan(0);
    expect(v.rmse).toBeLessThan(60);
    expect(v.score).toBeGreaterThan(0);
    expect([0, 0.25, 0.5, 0.75, 1]).toContain(v.coverage);

    const rule = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${modelId}`,
      payload: {
        id: 'low-rul',
        severity: 'major',
        kind: 'threshold',
        value: 'rul_hours',
        op: 'below',
        limit: 60,
      },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const put = await w.as('engineer', {
      method: 'PUT',
      url: `${api}/schedules`,
      payload: { kind: 'rul', assetModelId: modelId, intervalMinutes: 60, windowHours: 400 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const now = Date.now();
    const first = await runDueAssessments(w.db, telemetry, now);
    expect(first.map((r) => r.result)).toMatchObject([{ ok: 2, failed: 0 }]);
    const second = await runDueAssessments(w.db, telemetry, now + 61 * 60_000);
    expect(second).toHaveLength(1);
    await telemetry.flush();
    await sleep(200); // alarm actions run after the ingest returns

    const rul = async (asset: string, channel: string) =>
      (
        await telemetry.queries.raw(w.scopeA, {
          asset,
          channel,
          from: end - 400 * HOUR,
          to: end + HOUR,
          limit: 10,
        })
      ).points.map((p) => p[1]);
    const worn = await rul(engines.worn, 'rul_hours');
    const fresh = await rul(engines.fresh, 'rul_hours');
    expect(worn.length).toBeGreaterThan(0);
    expect(worn.at(-1)!).toBeLessThan(60);
    expect(fresh.at(-1)!).toBeGreaterThan(60);
    const lower = await rul(engines.worn, 'rul_lower_hours');
    expect(lower.at(-1)!).toBeLessThanOrEqual(worn.at(-1)!);
    const latest = await w.as('viewer', { method: 'GET', url: `${api}/assets/TF-31/rul` });
    expect(latest.statusCode, latest.body).toBe(200);
    expect(latest.json()).toMatchObject({ modelId: job.modelId, cycles: 196 });

    const alarms = (
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: { asset: string; ruleId: string }[];
      }
    ).items.filter((a) => a.ruleId === 'low-rul');
    expect(alarms.map((a) => a.asset)).toEqual([engines.worn]);

    // Assessing on demand by the RUL model, without writing back.
    const now2 = await post(`${api}/assets/${engines.fresh}/assess`, {
      kind: 'rul',
      from: end - 400 * HOUR,
      writeBack: false,
    });
    expect(now2.statusCode, now2.body).toBe(200);
    expect(now2.json()).toMatchObject({
      status: 'ok',
      cycles: 31,
      writeBack: { status: 'skipped' },
    });
    expect((now2.json() as { rulHours: number }).rulHours).toBeGreaterThan(60);

    // The assessment log tells the kinds apart: the two scheduled runs scored TF-31 by the RUL
    // model, and nothing assessed its health baseline.
    const log = async (query: string) =>
      await w.as('viewer', { method: 'GET', url: `${api}/assessments?assetId=TF-31&${query}` });
    const ruls = (await log('kind=rul')).json() as { items: { kind: string; modelId: string }[] };
    expect(ruls.items.length).toBe(2);
    expect(ruls.items.every((a) => a.kind === 'rul' && a.modelId === job.modelId)).toBe(true);
    expect(((await log('kind=health')).json() as { items: unknown[] }).items).toEqual([]);
    const bad = await log('kind=weather');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/kind/);
  }, 400_000);

  it("trains from recorded failures of the asset model's own assets, validated on held-back ones", async () => {
    // Seven pumps run to failure: their bearing temperature climbs ever faster over the last
    // 60–120 hours of a life of 100–220 hours; each failure time is named in the request.
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    const pumpModel = (
      await createModel(w.db, w.scopeA, {
        name: 'Slurry pump',
        channels: ['temp', 'flow', 'rul_hours'].map(ch),
      })
    ).id;
    const failures: { assetId: string; failedAt: number }[] = [];
    let seed = 5;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
    for (let i = 0; i < 7; i++) {
      const a = await createAsset(w.db, w.scopeA, {
        name: `Slurry pump ${i + 1}`,
        serial: `SP-${i + 1}`,
        modelId: pumpModel,
        customerId: w.customers.A1,
      });
      const life = 100 + 20 * i;
      const failedAt = end - (10 + i) * 24 * HOUR;
      const start = failedAt - life * HOUR;
      await telemetry.ingestJson(
        w.scopeA,
        Array.from({ length: life }, (_, h) => {
          const left = life - h;
          return {
            asset: a.id,
            ts: start + h * HOUR + 60_000,
            values: {
              temp: 60 + 0.3 * rnd() + (left < 80 ? ((80 - left) / 10) ** 2 : 0),
              flow: 120 + rnd(),
            },
          };
        }),
      );
      failures.push({ assetId: a.id, failedAt });
    }
    await telemetry.flush();
    const tooFew = await post(`${api}/models/rul`, {
      assetModelId: pumpModel,
      source: { kind: 'telemetry', failures: failures.slice(0, 3) },
      sensorChannels: ['temp', 'flow'],
    });
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.json()).toMatchObject({ details: [{ field: 'source.failures' }] });
    const foreign = await post(`${api}/models/rul`, {
      assetModelId: pumpModel,
      source: {
        kind: 'telemetry',
        failures: [...failures, { assetId: engines.worn, failedAt: end }],
      },
      sensorChannels: ['temp', 'flow'],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ details: [{ field: 'source.failures[7].assetId' }] });

    const started = await post(`${api}/models/rul`, {
      assetModelId: pumpModel,
      source: {
        kind: 'telemetry',
        failures: failures.map((f) => ({ ...f, failedAt: new Date(f.failedAt).toISOString() })),
      },
      sensorChannels: ['temp', 'flow'],
      trees: 60,
      ensemble: 1,
      window: 10,
      cap: 80,
    });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json() as { id: string; status: string; modelId: string; message: string };
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      await sleep(200);
      job = (
        await w.as('viewer', { method: 'GET', url: `${api}/jobs/${job.id}` })
      ).json() as typeof job;
    }
    expect(job.status, job.message).toBe('ok');
    const model = (
      await w.as('engineer', { method: 'GET', url: `${api}/models/${job.modelId}` })
    ).json() as {
      training: { assets: string[]; channels: string[]; points: number };
      metrics: {
        trainUnits: number;
        heldBackUnits: number[];
        validation: { protocol: string; units: number; predictions: number; rmse: number };
      };
    };
    expect(model.training.channels).toEqual(['temp', 'flow']);
    expect(model.training.assets).toHaveLength(7);
    expect(model.training.points).toBe(7 * 100 + 20 * 21);
    expect(model.metrics).toMatchObject({
      trainUnits: 6,
      heldBackUnits: [expect.any(Number)],
      validation: { protocol: 'held-back-units', units: 1, predictions: 10 },
    });
    // The held-back pump's life left, predicted at ten cuts, within a fraction of the cap.
    expect(model.metrics.validation.rmse).toBeLessThan(40);
  }, 300_000);

  it('registers a model file trained offline (the CLI path), validated on test units, and assesses by it', async () => {
    // What `ronghe phm rul register` does after reading its files (src/cli/commands/phm-registry.ts).
    const file = trainRulModel(parseCmapss(train, 'train'), {
      seed: 3,
      ensemble: 1,
      params: { trees: 60, patience: 20 },
    });
    const noTruth = registerRulModel(w.db, w.scopeA, {
      assetModelId: modelId,
      model: file,
      test: { units: parseCmapss(test, 'test'), truth: [10, 20] },
      source: 'test',
    });
    await expect(noTruth).rejects.toMatchObject({ details: [{ field: 'truth' }] });
    const before = (
      (
        await w.as('viewer', {
          method: 'GET',
          url: `${api}/models?kind=rul&assetModelId=${modelId}`,
        })
      ).json() as { items: { id: string; version: number }[] }
    ).items;
    const reg = await registerRulModel(w.db, w.scopeA, {
      assetModelId: modelId,
      model: file,
      test: { units: parseCmapss(test, 'test'), truth: parseRulTruth(truth, 'rul') },
      source: 'ronghe phm rul register --model fd001.json',
    });
    const listed = (
      (
        await w.as('viewer', {
          method: 'GET',
          url: `${api}/models?kind=rul&assetModelId=${modelId}`,
        })
      ).json() as {
        items: {
          id: string;
          version: number;
          status: string;
          metrics: {
            validation: { protocol: string; units: number; rmse: number };
            source: string;
          };
        }[];
      }
    ).items;
    expect(listed).toHaveLength(before.length + 1);
    const newest = listed.find((m) => m.id === reg.id)!;
    expect(newest).toMatchObject({
      version: before.length + 1,
      status: 'active',
      metrics: {
        validation: { protocol: 'test-units', units: 4 },
        source: 'ronghe phm rul register --model fd001.json',
      },
    });
    expect(newest.metrics.validation.rmse).toBeGreaterThan(0);
    expect(listed.filter((m) => m.status === 'active').map((m) => m.id)).toEqual([reg.id]);

    const assessed = await post(`${api}/assets/${engines.worn}/assess`, {
      kind: 'rul',
      from: end - 400 * HOUR,
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    const a = assessed.json() as { modelId: string; rulHours: number; t: number };
    expect(a).toMatchObject({ status: 'ok', modelId: reg.id, writeBack: { status: 'written' } });
    await telemetry.flush();
    const written = await telemetry.queries.raw(w.scopeA, {
      asset: engines.worn,
      channel: 'rul_hours',
      from: end - 400 * HOUR,
      to: end + HOUR,
      limit: 10,
    });
    expect(written.points.map((p) => p[1])).toContain(a.rulHours);
  }, 300_000);
});
