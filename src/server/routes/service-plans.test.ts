// Maintenance plans end to end over HTTP on each database: a usage-based plan counts running
// hours from ingested telemetry (a chiller running 6 h, idle 2 h, running again) and opens its
// preventive work order on the tick where the count reaches 8 h — not an hour earlier — once,
// however many schedulers tick at once; the work order carries the plan's checklist and cannot
// be done while a mandatory item is open. A calendar plan per asset model fires once per asset on
// each due date (month ends clamped), in the time zone of Asia/Shanghai.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceWorld, cst, type ServiceWorld } from '../../../test/service-world.ts';
import { usageOverTelemetry } from '../../main.ts';
import {
  createPlanScheduler,
  type ChecklistItem,
  type Plan,
  type PlanStatus,
  type WorkOrder,
} from '../../service/index.ts';

const HOUR = 3_600_000;

describeEachDatabase('maintenance plans over HTTP', (t) => {
  let s: ServiceWorld;
  let templateId: string;
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    s = await createServiceWorld(t);
    const tpl = await s.call('engineer', 'POST', '/checklist-templates', {
      name: 'Chiller 500 h service',
      modelId: s.w.models.A,
      items: [
        { text: 'Check oil level', mandatory: true },
        { text: 'Clean condenser tubes', mandatory: false },
      ],
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    templateId = json<{ id: string }>(tpl).id;
  });
  afterAll(() => s?.close());

  const planOrders = async (planId: string) =>
    json<{ items: WorkOrder[] }>(await s.call('engineer', 'GET', '/work-orders?limit=1000'))
      .items.filter((o) => o.source === 'plan' && o.sourceRef === planId)
      .sort((a, b) => a.createdAt - b.createdAt);

  it('fires a running-hours plan at exactly 8 h counted from telemetry, once', async () => {
    const { w } = s;
    const t0 = Math.floor((Date.now() - 20 * HOUR) / HOUR) * HOUR;
    s.clock.now = t0;
    const created = await s.call('engineer', 'POST', '/plans', {
      name: 'Compressor every 8 running hours',
      assetId: w.assets.A1,
      trigger: {
        kind: 'usage',
        metric: 'running_hours',
        channel: 'cop',
        threshold: 0.5,
        interval: 8,
      },
      title: 'Compressor inspection',
      priority: 'medium',
      skills: ['refrigeration'],
      checklistTemplateId: templateId,
    });
    expect(created.statusCode, created.body).toBe(201);
    const plan = json<Plan>(created);
    expect(plan.trigger).toMatchObject({ maxGapMinutes: 15, kind: 'usage' });
    // A sample every 5 minutes for 18 h: running (COP 3.2) except from 6 h to 8 h (COP 0).
    const points = [];
    for (let m = 0; m <= 18 * 60; m += 5)
      points.push({
        asset: w.assets.A1,
        ts: t0 + m * 60_000,
        values: { cop: m < 360 || m >= 480 ? 3.2 : 0 },
      });
    const ing = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: { points },
    });
    expect(ing.statusCode, ing.body).toBe(200);

    const usage: number[] = [];
    let firstTick = -1;
    for (let k = 1; k <= 12; k++) {
      s.clock.now = t0 + k * HOUR + 60_000;
      const r = await s.plans.tick();
      expect(r.failed).toEqual([]);
      const st = json<Plan & { assets: PlanStatus[] }>(
        await s.call('technician', 'GET', `/plans/${plan.id}`),
      );
      usage.push(st.assets[0]!.usage!);
      if (firstTick < 0 && (await planOrders(plan.id)).length) firstTick = k;
    }
    // Hand count: 1..6 h running, 6 and 6 (idle 6–8 h), then one more hour per tick.
    expect(usage).toEqual([1, 2, 3, 4, 5, 6, 6, 6, 7, 8, 9, 10]);
    expect(firstTick).toBe(10);

    // A second scheduler (another process, or a restart) racing this one fires nothing more.
    const other = createPlanScheduler(w.db, usageOverTelemetry(s.telemetry), {
      clock: () => s.clock.now,
      settleMs: 0,
    });
    const [a, b] = await Promise.all([s.plans.tick(), other.tick()]);
    expect([...a.fired, ...b.fired]).toEqual([]);
    let orders = await planOrders(plan.id);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      kind: 'preventive',
      assetId: w.assets.A1,
      title: 'Compressor inspection',
    });
    const st = json<Plan & { assets: PlanStatus[] }>(
      await s.call('technician', 'GET', `/plans/${plan.id}`),
    );
    expect(st.assets[0]!.firings).toEqual([
      expect.objectContaining({ dueKey: 'usage:1', usage: 8, workOrderId: orders[0]!.id }),
    ]);

    // 16 h is reached at 18 h (6 + 10): the second due point, on both schedulers at once.
    s.clock.now = t0 + 17 * HOUR + 60_000;
    await Promise.all([s.plans.tick(), other.tick()]);
    expect(await planOrders(plan.id)).toHaveLength(1);
    s.clock.now = t0 + 18 * HOUR + 60_000;
    const [c, d] = await Promise.all([s.plans.tick(), other.tick()]);
    expect([...c.fired, ...d.fired].map((f) => f.dueKey)).toEqual(['usage:2']);
    orders = await planOrders(plan.id);
    expect(orders).toHaveLength(2);
  });

  it('copies the plan’s checklist and refuses done while a mandatory item is open', async () => {
    const [wo] = json<{ items: WorkOrder[] }>(
      await s.call('engineer', 'GET', '/work-orders?limit=1000'),
    ).items.filter((o) => o.source === 'plan' && o.status === 'new');
    const items = json<{ items: ChecklistItem[] }>(
      await s.call('viewer', 'GET', `/work-orders/${wo!.id}/checklist`),
    ).items;
    expect(items.map((i) => [i.text, i.mandatory, i.doneAt])).toEqual([
      ['Check oil level', true, null],
      ['Clean condenser tubes', false, null],
    ]);
    const tech = json<{ id: string }>(
      await s.call('engineer', 'POST', '/technicians', {
        name: 'Li',
        skills: [],
        homeLat: null,
        homeLon: null,
        region: '',
      }),
    );
    await s.call('engineer', 'POST', `/work-orders/${wo!.id}/assign`, { technicianId: tech.id });
    await s.call('technician', 'POST', `/work-orders/${wo!.id}/transitions`, { to: 'in_progress' });
    const early = await s.call('technician', 'POST', `/work-orders/${wo!.id}/transitions`, {
      to: 'done',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'RONGHE_CONFLICT' });
    expect(early.body).toContain('Check oil level');
    expect(
      json<WorkOrder>(await s.call('technician', 'GET', `/work-orders/${wo!.id}`)).status,
    ).toBe('in_progress');
    const ticked = await s.call(
      'technician',
      'PATCH',
      `/work-orders/${wo!.id}/checklist/${items[0]!.id}`,
      {
        done: true,
        note: 'oil at mark',
      },
    );
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(json<ChecklistItem>(ticked)).toMatchObject({
      note: 'oil at mark',
      doneBy: expect.any(String),
    });
    const done = await s.call('technician', 'POST', `/work-orders/${wo!.id}/transitions`, {
      to: 'done',
    });
    expect(done.statusCode, done.body).toBe(200);
    const late = await s.call(
      'technician',
      'PATCH',
      `/work-orders/${wo!.id}/checklist/${items[1]!.id}`,
      { done: true },
    );
    expect(late.statusCode).toBe(409);

    // A person adds the template to a manual order of the same model.
    const manual = json<WorkOrder>(
      await s.call('technician', 'POST', '/work-orders', {
        assetId: s.w.assets.A1a,
        title: 'Visit',
        priority: 'low',
      }),
    );
    const added = await s.call('technician', 'POST', `/work-orders/${manual.id}/checklist`, {
      templateId,
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(json<{ items: ChecklistItem[] }>(added).items.map((x) => x.position)).toEqual([1, 2]);
    const none = await s.call('technician', 'POST', `/work-orders/${manual.id}/checklist`, {
      templateId: 'ct_nope',
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('templateId');
  });

  it('fires a monthly model plan once per asset on each due date, month ends clamped', async () => {
    s.clock.now = cst('2026-01-10T09:00');
    const r = await s.call('engineer', 'POST', '/plans', {
      name: 'Monthly inspection',
      modelId: s.w.models.A,
      trigger: {
        kind: 'calendar',
        every: 1,
        unit: 'month',
        startDate: '2026-01-31',
        atTime: '08:00',
      },
      title: 'Monthly inspection',
      priority: 'low',
    });
    expect(r.statusCode, r.body).toBe(201);
    const plan = json<Plan>(r);
    const fired = async (local: string) => {
      s.clock.now = cst(local);
      const [a, b] = await Promise.all([s.plans.tick(), s.plans.tick()]);
      return [...a.fired, ...b.fired].filter((f) => f.planId === plan.id).map((f) => f.dueKey);
    };
    expect(await fired('2026-01-31T07:59')).toEqual([]);
    expect(await fired('2026-01-31T08:00')).toEqual(Array(3).fill('cal:2026-01-31'));
    expect(await fired('2026-02-15T08:00')).toEqual([]);
    expect(await fired('2026-02-28T08:00')).toEqual(Array(3).fill('cal:2026-02-28'));
    expect(await fired('2026-03-30T12:00')).toEqual([]);
    expect(await fired('2026-03-31T08:00')).toEqual(Array(3).fill('cal:2026-03-31'));
    expect(await planOrders(plan.id)).toHaveLength(9);
  });

  it('refuses bad plans naming the field, writing nothing', async () => {
    const bad = async (body: object, field: string) => {
      const r = await s.call('engineer', 'POST', '/plans', {
        name: 'x',
        title: 'x',
        priority: 'low',
        ...body,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain(field);
    };
    const cal = { kind: 'calendar', every: 1, unit: 'week', startDate: '2026-01-01' };
    await bad(
      { assetId: s.w.assets.A1, trigger: { ...cal, startDate: '2026-02-30' } },
      'trigger.startDate',
    );
    await bad({ assetId: s.w.assets.A1, trigger: { ...cal, atTime: '25:00' } }, 'trigger.atTime');
    await bad(
      { assetId: s.w.assets.A1, trigger: { ...cal, timeZone: 'Mars/Olympus' } },
      'trigger.timeZone',
    );
    await bad({ trigger: cal }, 'assetId');
    await bad(
      { assetId: s.w.assets.A1, trigger: cal, checklistTemplateId: 'ct_nope' },
      'checklistTemplateId',
    );
    const forbidden = await s.call('technician', 'POST', '/plans', {});
    expect(forbidden.statusCode).toBe(403);
    const list = json<{ items: Plan[] }>(await s.call('engineer', 'GET', '/plans')).items;
    expect(list.map((p) => p.name).sort()).toEqual([
      'Compressor every 8 running hours',
      'Monthly inspection',
    ]);
  });
});
