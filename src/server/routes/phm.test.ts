// PHM over HTTP on the real telemetry pipeline, on each database: a health baseline trained from
// synthetic healthy hourly telemetry of four pumps, one pump then degrades (bearing vibration
// ramps up) and must score below the healthy ones with vibration as the top contributor; the
// registry versions and activation; customer, role and tenant scoping; and bad input.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { phmRoutes } from './phm.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic normal noise (LCG + Box–Muller) so every run sees the same data. */
function noise(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Hourly points of a pump whose channels follow a daily load cycle; `vibExtra(h)` degrades it. */
function pumpPoints(
  asset: string,
  start: number,
  hours: number,
  seed: number,
  vibExtra = (_h: number) => 0,
) {
  const n = noise(seed);
  return Array.from({ length: hours }, (_, h) => {
    const load = 0.6 + 0.3 * Math.sin((2 * Math.PI * h) / 24) + 0.03 * n();
    return {
      asset,
      ts: start + h * HOUR + 60_000,
      values: {
        flow: 100 * load + n(),
        current: 20 + 30 * load + 0.5 * n(),
        temp: 40 + 10 * load + 0.3 * n(),
        vib: 1.5 + 0.5 * load + 0.05 * n() + vibExtra(h),
      },
    };
  });
}

interface Health {
  status: string;
  modelVersion: number;
  latest: { health: number; contributions: { channel: string; share: number }[] };
  rul: { kind: string; hours?: number; lower?: number };
  writeBack: { status: string; reason?: string; points?: number };
  rulWriteBack: { status: string; reason?: string; points?: number };
}

describeEachDatabase('PHM health index over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let telemetry: TelemetryService;
  let pumpModel: string;
  const pumps: string[] = [];
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 14 * DAY;
  const trainTo = t0 + 10 * DAY;
  const end = t0 + 14 * DAY;
  const api = '/api/v1/phm';

  beforeAll(async () => {
    ({ w, telemetry } = world = await createMonitoringWorld(t, (db, telemetry) => [
      { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
    ]));
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    const m = await createModel(w.db, w.scopeA, {
      name: 'Circulation pump',
      channels: ['flow', 'current', 'temp', 'vib', 'health_index', 'rul_hours'].map(ch),
    });
    pumpModel = m.id;
    const owners = [w.customers.A1, w.customers.A1, w.customers.A2, w.customers.A2];
    for (const [i, customerId] of owners.entries()) {
      const a = await createAsset(w.db, w.scopeA, {
        name: `Pump ${i + 1}`,
        serial: `PU-${i + 1}`,
        modelId: pumpModel,
        customerId,
      });
      pumps.push(a.id);
    }
    // Pumps 1, 2 and 4 stay healthy for 14 days; pump 3 (customer A2) degrades from day 11.
    for (const [i, id] of pumps.entries()) {
      const ramp = i === 2 ? (h: number) => Math.max(0, h - 11 * 24) * 0.02 : undefined;
      await telemetry.ingestJson(w.scopeA, pumpPoints(id, t0, 14 * 24, 7 + i, ramp));
    }
    await telemetry.flush();
  });
  afterAll(() => world?.close());

  const train = (who: Parameters<World['as']>[0], payload: Record<string, unknown>) =>
    w.as(who, { method: 'POST', url: `${api}/models/health-baseline`, payload });
  /** Reads the latest stored assessment (GET never computes). */
  const health = (who: Parameters<World['as']>[0], asset: string) =>
    w.as(who, { method: 'GET', url: `${api}/assets/${asset}/health` });
  /** Computes and stores an assessment, without writing back unless asked. */
  const assessNow = (
    who: Parameters<World['as']>[0],
    asset: string,
    body: Record<string, unknown> = { from: trainTo + DAY, to: end, writeBack: false },
  ) => w.as(who, { method: 'POST', url: `${api}/assets/${asset}/assess`, payload: body });
  const models = async () =>
    (
      (await w.as('engineer', { method: 'GET', url: `${api}/models` })).json() as {
        items: { id: string; version: number; status: string }[];
      }
    ).items;

  it('refuses bad input with a 4xx naming the field, and registers nothing', async () => {
    const backwards = await train('engineer', { modelId: pumpModel, from: trainTo, to: t0 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({
      code: 'RONGHE_VALIDATION',
      details: [{ field: 'to' }],
    });
    const unknown = await train('engineer', {
      modelId: 'am_0000000000000000',
      from: t0,
      to: trainTo,
    });
    expect(unknown.statusCode).toBe(404);
    const short = await train('engineer', { modelId: pumpModel, from: t0, to: t0 + 5 * HOUR });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ details: { status: 'insufficient-data', rows: 20 } });
    expect((short.json() as { message: string }).message).toMatch(/^insufficient-data: /);
    const channel = await train('engineer', {
      modelId: pumpModel,
      from: t0,
      to: trainTo,
      channels: ['flow', 'pressure'],
    });
    expect(channel.statusCode).toBe(400);
    expect(channel.json()).toMatchObject({ details: [{ field: 'channels' }] });
    const long = await train('engineer', { modelId: pumpModel, from: 0, to: trainTo });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ details: [{ field: 'from' }] });
    // Body times go through the one time parser: a bad one is the same 400 a query gets.
    const notTime = await train('engineer', { modelId: pumpModel, from: 'soon', to: trainTo });
    expect(notTime.statusCode).toBe(400);
    expect(notTime.json()).toMatchObject({ details: [{ field: 'from' }] });
    expect((notTime.json() as { message: string }).message).toContain("from: 'soon' is not a time");
    const extra = await train('engineer', { modelId: pumpModel, from: t0, to: trainTo, x: 1 });
    expect(extra.statusCode).toBe(400);
    const noBaseline = await health('engineer', pumps[0]!);
    expect(noBaseline.statusCode).toBe(404);
    expect(await models()).toEqual([]);
  });

  it('keeps training to phm:write and the registry to its tenant', async () => {
    const tech = await train('technician', { modelId: pumpModel, from: t0, to: trainTo });
    expect(tech.statusCode).toBe(403);
    const viewer = await train('viewer', { modelId: pumpModel, from: t0, to: trainTo });
    expect(viewer.statusCode).toBe(403);
    const other = await train('other_admin', { modelId: pumpModel, from: t0, to: trainTo });
    expect(other.statusCode).toBe(404);
    expect(await models()).toEqual([]);
  });

  it('trains a baseline on healthy hours and scores the degrading pump lowest, naming vib', async () => {
    const res = await train('engineer', { modelId: pumpModel, from: t0, to: trainTo });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json() as {
      version: number;
      status: string;
      training: { assetCount: number; points: number; channels: string[] };
      metrics: { validationRows: number; validationFalseAlarmRate: number };
    };
    expect(m).toMatchObject({ version: 1, status: 'active' });
    expect(m.training).toMatchObject({ assetCount: 4, points: 4 * 240 });
    expect(m.training.channels).toEqual(['flow', 'current', 'temp', 'vib']);
    expect(m.metrics.validationRows).toBeGreaterThan(0);
    expect(m.metrics.validationFalseAlarmRate).toBeLessThan(0.2);

    const results: Health[] = [];
    for (const id of pumps) {
      const r = await assessNow('engineer', id);
      expect(r.statusCode, r.body).toBe(200);
      results.push(r.json() as Health);
    }
    // GET reads what was stored, and computes nothing new.
    const read = await health('engineer', pumps[2]!);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({
      assessmentId: (results[2] as unknown as { assessmentId: string }).assessmentId,
      latest: { health: results[2]!.latest.health },
      rul: { kind: 'trend' },
    });
    await health('engineer', pumps[2]!);
    const bad = results[2]!;
    expect(bad.status).toBe('ok');
    for (const [i, h] of results.entries()) {
      if (i === 2) continue;
      expect(h.latest.health).toBeGreaterThan(bad.latest.health + 20);
    }
    expect(bad.latest.health).toBeLessThan(20);
    expect(bad.latest.contributions[0]!.channel).toBe('vib');
    expect(bad.latest.contributions[0]!.share).toBeGreaterThan(0.5);
    expect(bad.rul.kind).toBe('trend');
    expect(bad.writeBack.status).toBe('skipped');
    const log = await w.as('engineer', {
      method: 'GET',
      url: `${api}/assessments?assetId=${pumps[2]}`,
    });
    expect(log.statusCode).toBe(200);
    expect((log.json() as { items: unknown[] }).items).toMatchObject([
      { assetId: pumps[2], modelVersion: 1, health: bad.latest.health },
    ]);
    // The serial stands for the id in the path (the API's addressing rule); unknown is a 404.
    const bySerial = await health('engineer', 'PU-3');
    expect(bySerial.statusCode, bySerial.body).toBe(200);
    expect((bySerial.json() as Health).latest.health).toBe(results[2]!.latest.health);
    const missing = await health('engineer', 'PU-404');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'RONGHE_NOT_FOUND', details: { id: 'PU-404' } });
  });

  it('scopes asset health and the assessment log to the caller customer', async () => {
    const own = await health('viewer', pumps[0]!);
    expect(own.statusCode, own.body).toBe(200);
    expect((await assessNow('viewer', pumps[0]!)).statusCode).toBe(403);
    const before = await assessNow('engineer', pumps[0]!, { from: t0 - 2 * DAY, to: t0 });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ status: 'insufficient-data', modelVersion: 1 });
    expect((await health('viewer', pumps[2]!)).statusCode).toBe(404);
    expect((await health('other_admin', pumps[0]!)).statusCode).toBe(404);
    const logOther = await w.as('viewer', {
      method: 'GET',
      url: `${api}/assessments?assetId=${pumps[2]}`,
    });
    expect(logOther.statusCode).toBe(404);
    const log = (await w.as('viewer', { method: 'GET', url: `${api}/assessments` })).json() as {
      items: { assetId: string }[];
    };
    expect(log.items.length).toBeGreaterThan(0);
    expect(log.items.every((a) => a.assetId === pumps[0] || a.assetId === pumps[1])).toBe(true);
    const theirs = (await w.as('other_admin', { method: 'GET', url: `${api}/models` })).json() as {
      items: unknown[];
    };
    expect(theirs.items).toEqual([]);
    const mine = (await w.as('viewer', { method: 'GET', url: `${api}/models` })).json() as {
      items: { training: { assets: string[]; assetCount: number } }[];
    };
    expect(mine.items[0]!.training).toMatchObject({ assets: [], assetCount: 4 });
  });

  it('versions retrained models, activates an earlier one and records the version used', async () => {
    const second = await train('engineer', {
      modelId: pumpModel,
      from: t0,
      to: trainTo,
      channels: ['flow', 'vib'],
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ version: 2, status: 'active' });
    const listed = await models();
    expect(listed.map((m) => [m.version, m.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
    const v1 = listed[0]!.id;
    const got = await w.as('viewer', { method: 'GET', url: `${api}/models/${v1}` });
    expect(got.json()).toMatchObject({ id: v1, version: 1, kind: 'health-baseline' });
    expect(
      (await w.as('other_admin', { method: 'GET', url: `${api}/models/${v1}` })).statusCode,
    ).toBe(404);
    expect(
      (await w.as('technician', { method: 'POST', url: `${api}/models/${v1}/activate` }))
        .statusCode,
    ).toBe(403);
    expect(
      (await w.as('other_admin', { method: 'POST', url: `${api}/models/${v1}/activate` }))
        .statusCode,
    ).toBe(404);
    const act = await w.as('engineer', { method: 'POST', url: `${api}/models/${v1}/activate` });
    expect(act.statusCode, act.body).toBe(200);
    expect((await models()).map((m) => [m.version, m.status])).toEqual([
      [1, 'active'],
      [2, 'retired'],
    ]);
    const h = (await assessNow('engineer', pumps[1]!)).json() as Health;
    expect(h.modelVersion).toBe(1);
    expect(((await health('engineer', pumps[1]!)).json() as Health).modelVersion).toBe(1);
    // Retrain v2 on demand over another healthy period: v3 with v2's channels becomes active.
    const retrain = (who: 'engineer' | 'technician', id: string) =>
      w.as(who, {
        method: 'POST',
        url: `${api}/models/${id}/retrain`,
        // ISO 8601 and epoch ms as a string: body times read like query times.
        payload: { from: new Date(t0 + DAY).toISOString(), to: String(trainTo) },
      });
    expect((await retrain('technician', listed[1]!.id)).statusCode).toBe(403);
    const v3 = await retrain('engineer', listed[1]!.id);
    expect(v3.statusCode, v3.body).toBe(201);
    expect(v3.json()).toMatchObject({
      version: 3,
      status: 'active',
      training: { channels: ['flow', 'vib'], from: t0 + DAY, points: 4 * 216 },
    });
  });

  it('writes health back as a channel a monitoring rule alarms on, where the model declares it', async () => {
    const rule = {
      id: 'low-health',
      severity: 'major',
      kind: 'threshold',
      value: 'health_index',
      op: 'below',
      limit: 30,
    };
    const saved = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${pumpModel}`,
      payload: rule,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // The RUL alarm: a week or less left.
    const lowRul = { ...rule, id: 'low-rul', value: 'rul_hours', limit: 168 };
    const savedRul = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${pumpModel}`,
      payload: lowRul,
    });
    expect(savedRul.statusCode, savedRul.body).toBe(200);
    // Re-send each pump's latest raw point to the (re)started rule engine: the hourly scores
    // written back are older than it and ignored, so only the score stamped at that time counts.
    for (const i of [0, 2]) {
      const ramp = i === 2 ? (h: number) => Math.max(0, h - 11 * 24) * 0.02 : undefined;
      await telemetry.ingestJson(
        w.scopeA,
        pumpPoints(pumps[i]!, t0, 14 * 24, 7 + i, ramp).slice(-1),
      );
    }
    const assess = async (asset: string) => {
      const res = await w.as('engineer', {
        method: 'POST',
        url: `${api}/assets/${asset}/assess`,
        payload: { from: trainTo + DAY, to: end },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Health;
    };
    const bad = await assess(pumps[2]!);
    expect(bad.writeBack).toEqual({ status: 'written', points: 73 });
    const good = await assess(pumps[0]!);
    expect(good.writeBack.status).toBe('written');
    // The degrading pump is below the health limit already (RUL 0 h), written at the last
    // hour's start and at its latest telemetry time; the healthy one has no declining trend.
    expect(bad.rul).toMatchObject({ kind: 'trend', hours: 0 });
    expect(bad.rulWriteBack).toEqual({ status: 'written', points: 2 });
    expect(good.rul.kind).toBe('no-trend');
    expect(good.rulWriteBack).toMatchObject({ status: 'skipped', reason: /no RUL trend/ });
    await new Promise((r) => setTimeout(r, 200)); // alarm actions run after the ingest returns
    const alarms = (
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: { asset: string; ruleId: string }[];
      }
    ).items;
    expect(alarms.filter((a) => a.ruleId === 'low-health').map((a) => a.asset)).toEqual([pumps[2]]);
    expect(alarms.filter((a) => a.ruleId === 'low-rul').map((a) => a.asset)).toEqual([pumps[2]]);
    await telemetry.flush();
    const back = await telemetry.queries.raw(w.scopeA, {
      asset: pumps[2]!,
      channel: 'health_index',
      from: trainTo + DAY,
      to: end,
      limit: 1000,
    });
    expect(back.points).toHaveLength(73);
    expect(back.points.at(-1)![1]).toBeCloseTo(bad.latest.health, 6);
    // The chiller model declares only 'cop' and allows no new channels: scored, not written.
    const cop = noise(99);
    await telemetry.ingestJson(
      w.scopeA,
      Array.from({ length: 48 }, (_, h) => ({
        asset: 'CH-1',
        ts: end - 48 * HOUR + h * HOUR,
        values: { cop: 5 + 0.1 * cop() },
      })),
    );
    await telemetry.flush();
    const chiller = await train('engineer', {
      modelId: w.models.A,
      from: end - 48 * HOUR,
      to: end,
    });
    expect(chiller.statusCode, chiller.body).toBe(201);
    const r = await w.as('engineer', {
      method: 'POST',
      url: `${api}/assets/${w.assets.A1}/assess`,
      payload: { from: end - 48 * HOUR, to: end },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as Health).writeBack).toMatchObject({ status: 'skipped' });
    expect((r.json() as Health).writeBack.reason).toMatch(/health_index/);
    expect((r.json() as Health).rulWriteBack.status).toBe('skipped');
  });
});
