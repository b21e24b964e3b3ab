// Issue 19 over HTTP on each database: a 50-shirt order whose sewing takes 1,255 minutes plans on
// ordinary 540-minute shifts (08:00–17:30 local with a lunch break) by running across breaks and
// nights and, with a transfer batch, by splitting the lot over both sewing stations; a late
// order is explained; an infeasible plan names the order as people know it (its customer order and
// what it makes, not its internal id), the operation and the stations; and a performance above 100 % is flagged in OEE instead of reported.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { createAuthenticator } from '../../identity/index.ts';
import { buildApp } from '../../server/app.ts';
import { manufacturingRoutes } from '../../server/routes/manufacturing.ts';
import type { ProductModelSpec } from '../configurator/model.ts';
import type { LateOrder } from '../capacity/explain-late.ts';
import type { PlannedOperation } from '../capacity/plan-instance.ts';
import type { StationInput } from './stations.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const weekdays = [1, 2, 3, 4, 5];
// 08:00–17:30 with lunch 12:00–12:30: 540 working minutes a day.
const shifts = [
  { days: weekdays, start: '08:00', end: '12:00' },
  { days: weekdays, start: '12:30', end: '17:30' },
];
const stations: StationInput[] = ['CUT1', 'SEW1', 'SEW2'].map((code) => ({
  code,
  name: code,
  line: 'S',
  shifts,
}));
const shirt: ProductModelSpec = {
  code: 'SH50',
  name: 'Shirt',
  options: [{ key: 'size', required: true, values: [{ code: 'M' }] }],
  rules: [],
  bom: [{ item: 'FABRIC', unit: 'm', quantity: 1.5 }],
  routing: [
    { operation: 'cutting', stations: [{ station: 'CUT1', minutesPerUnit: 1 }] },
    {
      operation: 'sewing',
      stations: [
        { station: 'SEW1', minutesPerUnit: 25.1 },
        { station: 'SEW2', minutesPerUnit: 25.1 },
      ],
    },
  ],
};

type Plan = { operations: PlannedOperation[]; late: LateOrder[]; objective: string };

describeEachDatabase('issue 19: shop calendars, sub-lots, late orders, OEE flags', (t) => {
  let w: World;
  let app: FastifyInstance;
  let modelId: string;
  const as = (opts: InjectOptions) =>
    app.inject({ ...opts, headers: { cookie: `ronghe_session=${w.tokens.engineer}` } });
  const post = (url: string, payload?: unknown) =>
    as({ method: 'POST', url: `/api/v1/manufacturing${url}`, ...(payload ? { payload } : {}) });
  const order = async (reference: string, quantity: number, dueAt: number, priority = 3) => {
    const co = await post('/customer-orders', {
      modelId,
      customerId: w.customers.A1,
      reference,
      configuration: { size: 'M' },
      quantity,
      dueAt,
      priority,
    });
    expect(co.statusCode).toBe(201);
    const po = await post(`/customer-orders/${co.json<{ id: string }>().id}/release`);
    expect(po.statusCode).toBe(201);
    return po.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    w = await createWorld(t);
    app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      plugins: [{ plugin: (a) => manufacturingRoutes(a, { db: w.db }), prefix: '/api/v1' }],
    });
    await app.ready();
    for (const s of stations) expect((await post('/stations', s)).statusCode).toBe(201);
    const m = await post('/models', shirt);
    expect(m.statusCode).toBe(201);
    modelId = m.json<{ id: string }>().id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await w?.dispose();
  });

  let shirts = '';
  it('plans the 50-shirt order on ordinary shifts: sewing resumes after breaks and nights', async () => {
    shirts = await order('CO-SHIRT-50', 50, Date.now() + 30 * DAY);
    const r = await post('/plans', { timeLimitMs: 100, horizonDays: 21 });
    expect(r.statusCode, r.body).toBe(201);
    const plan = r.json<Plan>();
    expect(plan.objective).toBe('tardiness');
    const sewing = plan.operations.find((o) => o.orderId === shirts && o.operation === 'sewing')!;
    // 1,255 minutes of sewing in 540-minute days: at least three pieces across lunch and nights.
    expect(sewing.segments!.length).toBeGreaterThanOrEqual(4);
    const worked = sewing.segments!.reduce((s, [a, b]) => s + (b - a), 0);
    expect(worked).toBe(1255 * MIN);
    expect(sewing.end - sewing.start).toBeGreaterThan(1255 * MIN);
    const gaps = sewing.segments!.slice(1).map(([a], i) => a - sewing.segments![i]![1]);
    expect(Math.min(...gaps)).toBe(30 * MIN); // the lunch break
    const cutting = plan.operations.find((o) => o.orderId === shirts && o.op === 0)!;
    expect(sewing.start).toBeGreaterThanOrEqual(cutting.end);
  });

  it('splits the lot into sub-lots over both sewing stations with a transfer batch', async () => {
    const r = await post('/plans', { timeLimitMs: 100, horizonDays: 21, transferBatch: 25 });
    expect(r.statusCode, r.body).toBe(201);
    const ops = r.json<Plan>().operations.filter((o) => o.orderId === shirts);
    const sewing = ops.filter((o) => o.operation === 'sewing');
    expect(sewing.map((o) => o.subLot)).toEqual(
      expect.arrayContaining([
        { index: 1, count: 2, quantity: 25 },
        { index: 2, count: 2, quantity: 25 },
      ]),
    );
    expect(new Set(sewing.map((o) => o.station))).toEqual(new Set(['SEW1', 'SEW2']));
    // Each sub-lot moves on once its own cutting is done (transfer batch), not the whole lot.
    for (const s of sewing) {
      const cut = ops.find((o) => o.op === 0 && o.subLot?.index === s.subLot!.index)!;
      expect(s.start).toBeGreaterThanOrEqual(cut.end);
    }
    const cuts = ops.filter((o) => o.op === 0).sort((a, b) => a.start - b.start);
    const firstSewing = Math.min(...sewing.map((o) => o.start));
    expect(firstSewing).toBeLessThan(cuts[cuts.length - 1]!.end);
  });

  it('explains a late order: bottleneck operation, station, how late and why', async () => {
    const rush = await order('CO-RUSH', 10, Date.now() + 60 * MIN, 1);
    const r = await post('/plans', { timeLimitMs: 100, horizonDays: 21 });
    expect(r.statusCode, r.body).toBe(201);
    const late = r.json<Plan>().late.find((l) => l.orderId === rush)!;
    expect(late).toBeDefined();
    expect(late.label).toBe('customer order CO-RUSH (10 × SH50-M)');
    expect(late.name).toEqual({
      en: 'customer order CO-RUSH (10 × SH50-M)',
      'zh-CN': '客户订单 CO-RUSH（SH50-M × 10）',
    });
    expect(late.tardinessMinutes).toBeGreaterThan(0);
    expect(['station-busy', 'closed-time', 'work-content']).toContain(late.cause);
    expect(late.reason).toContain('CO-RUSH');
    expect(late.reason).toMatch(/min after its due date/);
    expect(late.customerOrder).toBe('CO-RUSH');
    if (late.cause === 'work-content') {
      expect(late.reason).toMatch(/late even without waiting/);
    } else {
      expect(['CUT1', 'SEW1', 'SEW2']).toContain(late.bottleneck!.station);
      expect(late.reason).toContain(late.bottleneck!.station);
    }
    const current = await as({ method: 'GET', url: '/api/v1/manufacturing/plans/current' });
    expect(current.json<Plan>().late.map((l) => l.orderId)).toContain(rush);
  });

  it('an infeasible plan names the customer order, operation and stations, not the internal id', async () => {
    // Two days hold at most 1,080 working minutes: the 1,255-minute sewing cannot finish.
    const r = await post('/plans', { timeLimitMs: 50, horizonDays: 2 });
    expect(r.statusCode).toBe(400);
    const msg = r.json<{ message: string }>().message;
    expect(msg).toContain('customer order CO-SHIRT-50 (50 × SH50-M), operation 1 (sewing)');
    expect(msg).not.toContain(shirts);
    expect(msg).toContain('operation 1 (sewing)');
    expect(msg).toContain('station SEW1, station SEW2');
    expect(msg).not.toMatch(/job \d/);
  });

  it('OEE flags a performance above 100 % with its cause instead of a number', async () => {
    const t0 = Date.now() - 2 * 3_600_000;
    const start = await post(`/production-orders/${shirts}/operations/0/start`, {
      station: 'CUT1',
      at: t0,
    });
    expect(start.statusCode, start.body).toBe(200);
    // 50 pieces at 1 min each reported after 10 minutes: 500 %.
    const fin = await post(`/production-orders/${shirts}/operations/0/finish`, {
      at: t0 + 10 * MIN,
      quantity: 50,
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const r = await as({
      method: 'GET',
      url: `/api/v1/manufacturing/oee?from=${t0 - DAY}&to=${Date.now() + MIN}`,
    });
    expect(r.statusCode).toBe(200);
    const cut = r
      .json<
        {
          station: string;
          effectiveness: number | null;
          oee: number | null;
          flags: { code: string; reason: string; orderName?: Record<string, string> }[];
        }[]
      >()
      .find((s) => s.station === 'CUT1')!;
    expect(cut.effectiveness).toBeNull();
    expect(cut.oee).toBeNull();
    expect(cut.flags.map((f) => f.code)).toEqual(
      expect.arrayContaining(['cycle-time-contradicts-counts', 'performance-above-100']),
    );
    expect(cut.flags.find((f) => f.code === 'performance-above-100')!.reason).toMatch(
      /effectiveness would be 500 %/,
    );
    // Named as the shop floor knows the order, never by its internal id alone.
    expect(cut.flags[0]!.reason).toContain(
      'customer order CO-SHIRT-50 (50 × SH50-M), operation 0 (cutting)',
    );
    expect(cut.flags[0]!.reason).not.toContain(shirts);
    expect(cut.flags[0]!.orderName).toEqual({
      en: 'customer order CO-SHIRT-50 (50 × SH50-M)',
      'zh-CN': '客户订单 CO-SHIRT-50（SH50-M × 50）',
    });
  });
});
