// Scheduled PHM assessments over HTTP on each database (issue 18): a schedule on an asset model
// with an active health baseline assesses every asset of the model, writes rul_hours back as
// telemetry, and a RUL threshold rule (the existing rule API) raises its alarm once for the
// degrading pump, however many runs follow; runs are claimed once per due time.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import { runDueAssessments } from '../../phm/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { phmRoutes } from './phm.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic noise (LCG + Box–Muller). */
function noise(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Hourly points of a pump on a daily load cycle; from hour `wearFrom` vibration ramps up. */
function points(asset: string, start: number, hours: number, seed: number, wearFrom?: number) {
  const n = noise(seed);
  return Array.from({ length: hours }, (_, h) => {
    const load = 0.6 + 0.3 * Math.sin((2 * Math.PI * h) / 24) + 0.03 * n();
    const wear = wearFrom === undefined ? 0 : Math.max(0, h - wearFrom) * 0.003;
    return {
      asset,
      ts: start + h * HOUR + 60_000,
      values: { load: 100 * load + n(), vib: 1.5 + 0.5 * load + 0.05 * n() + wear },
    };
  });
}

describeEachDatabase('PHM scheduled assessments over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let telemetry: TelemetryService;
  let modelId: string;
  const pumps: string[] = [];
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 14 * DAY;
  const api = '/api/v1/phm';

  beforeAll(async () => {
    ({ w, telemetry } = world = await createMonitoringWorld(t, (db, telemetry) => [
      { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
    ]));
    const ch = (key: string) => ({ key, name: key, dataType: 'float' as const });
    modelId = (
      await createModel(w.db, w.scopeA, {
        name: 'Feed pump',
        channels: ['load', 'vib', 'health_index', 'rul_hours'].map(ch),
      })
    ).id;
    for (let i = 0; i < 3; i++) {
      const a = await createAsset(w.db, w.scopeA, {
        name: `Feed pump ${i + 1}`,
        serial: `FP-${i + 1}`,
        modelId,
        customerId: w.customers.A1,
      });
      pumps.push(a.id);
      await telemetry.ingestJson(
        w.scopeA,
        points(a.id, t0, 14 * 24, 3 + i, i === 1 ? 11 * 24 : undefined),
      );
    }
    await telemetry.flush();
  });
  afterAll(() => world?.close());

  it('refuses a schedule without an active model, or with a bad interval, naming the field', async () => {
    const put = (payload: Record<string, unknown>) =>
      w.as('engineer', { method: 'PUT', url: `${api}/schedules`, payload });
    const none = await put({ kind: 'health-baseline', assetModelId: modelId, intervalMinutes: 60 });
    expect(none.statusCode).toBe(400);
    expect((none.json() as { message: string }).message).toMatch(/No active health-baseline/);
    const fast = await put({ kind: 'health-baseline', assetModelId: modelId, intervalMinutes: 1 });
    expect(fast.statusCode).toBe(400);
    expect(JSON.stringify(fast.json())).toMatch(/intervalMinutes/);
    const viewer = await w.as('viewer', {
      method: 'PUT',
      url: `${api}/schedules`,
      payload: { kind: 'health-baseline', assetModelId: modelId, intervalMinutes: 60 },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('assesses on schedule, writes rul_hours and raises the RUL rule alarm once', async () => {
    const trained = await w.as('engineer', {
      method: 'POST',
      url: `${api}/models/health-baseline`,
      payload: { modelId, from: t0, to: t0 + 10 * DAY, conditions: ['load'] },
    });
    expect(trained.statusCode, trained.body).toBe(201);
    const rule = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${modelId}`,
      payload: {
        id: 'low-rul',
        severity: 'major',
        kind: 'threshold',
        value: 'rul_hours',
        op: 'below',
        limit: 168,
      },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    // The rule engine starts with the rule: give it each pump's latest point again.
    for (const [i, id] of pumps.entries())
      await telemetry.ingestJson(
        w.scopeA,
        points(id, t0, 14 * 24, 3 + i, i === 1 ? 11 * 24 : undefined).slice(-1),
      );
    const put = await w.as('engineer', {
      method: 'PUT',
      url: `${api}/schedules`,
      payload: {
        kind: 'health-baseline',
        assetModelId: modelId,
        intervalMinutes: 60,
        windowHours: 72,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const schedule = put.json() as { id: string; nextRunAt: number };
    // Nothing has computed yet: reading health is a 404 until a run stores an assessment.
    expect(
      (await w.as('engineer', { method: 'GET', url: `${api}/assets/${pumps[1]}/health` }))
        .statusCode,
    ).toBe(404);

    const now = Date.now();
    const first = await runDueAssessments(w.db, telemetry, now);
    expect(first).toHaveLength(1);
    expect(first[0]!.result).toMatchObject({ ok: 3, failed: 0 });
    // Not due again until the interval has passed; then due once.
    expect(await runDueAssessments(w.db, telemetry, now + 30 * 60_000)).toHaveLength(0);
    const second = await runDueAssessments(w.db, telemetry, now + 61 * 60_000);
    expect(second).toHaveLength(1);
    await telemetry.flush();
    await new Promise((r) => setTimeout(r, 200)); // alarm actions run after the ingest returns

    const rul = await telemetry.queries.raw(w.scopeA, {
      asset: pumps[1]!,
      channel: 'rul_hours',
      from: t0,
      to: now + DAY,
      limit: 100,
    });
    expect(rul.points.length).toBeGreaterThan(0);
    expect(rul.points.at(-1)![1]).toBeLessThan(168);
    const health = await w.as('viewer', { method: 'GET', url: `${api}/assets/${pumps[1]}/health` });
    expect(health.statusCode, health.body).toBe(200);
    expect(health.json()).toMatchObject({ rul: { kind: 'trend' } });
    const alarms = (
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: { asset: string; ruleId: string }[];
      }
    ).items.filter((a) => a.ruleId === 'low-rul');
    expect(alarms.map((a) => a.asset)).toEqual([pumps[1]]);
    const listed = await w.as('viewer', { method: 'GET', url: `${api}/schedules` });
    expect(listed.json()).toMatchObject({
      items: [{ id: schedule.id, intervalMinutes: 60, lastResult: { ok: 3 } }],
    });
    const del = await w.as('engineer', {
      method: 'DELETE',
      url: `${api}/schedules/${schedule.id}`,
    });
    expect(del.statusCode).toBe(204);
    expect(await runDueAssessments(w.db, telemetry, now + 5 * HOUR)).toHaveLength(0);
  });
});
