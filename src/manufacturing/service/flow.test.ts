// The domain flow on each database: release → plan (scheduler core) → shop-floor reports with
// their transition rules → WIP, Gantt, OEE and capacity; what-if (added shift, rush order)
// without writing; replenishment from imported sales to a production order; an infeasible
// calendar named as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { listAudit, setTimeZones } from '../../identity/index.ts';
import * as mfg from './index.ts';
import { jacketSpec, stationsFixture } from './test-fixtures.ts';

const H = 3_600_000;
const DAY = 24 * H;
// A midnight two days ahead: orders are released at the real clock, plans start later. Every
// fixture station works every day, so the weekday does not matter.
const monday = Math.floor(Date.now() / DAY) * DAY + 2 * DAY;
const salesStart = Date.UTC(2026, 0, 5);
const cfg = { size: 'M', fabric: 'NYLON', colour: 'RED', embroidery: 'logo' };
const quick = { timeLimitMs: 60_000, maxIterations: 300, seed: 3 };

describeEachDatabase('manufacturing flow', (t) => {
  let w: World;
  let modelId: string;
  beforeAll(async () => {
    w = await createWorld(t);
    // The fixture's times are UTC: shifts are read in the tenant's zone (issue 17).
    await setTimeZones(w.db, w.tenantA.id, { timeZone: 'UTC' }, 'test:setup');
    for (const s of stationsFixture) await mfg.createStation(w.db, w.scopeA, s);
    modelId = (await mfg.createProductModel(w.db, w.scopeA, jacketSpec)).id;
  }, 60_000);
  afterAll(() => w?.dispose());

  const order = async (quantity: number, dueAt: number, configuration = cfg) => {
    const co = await mfg.createCustomerOrder(w.db, w.scopeA, {
      modelId,
      customerId: w.customers.A1,
      configuration,
      quantity,
      dueAt,
    });
    return mfg.releaseCustomerOrder(w.db, w.scopeA, co.id);
  };

  describe('plan and execution', () => {
    it('plans released orders on eligible stations inside shifts and stores the plan', async () => {
      const a = await order(20, monday + 2 * DAY);
      await order(10, monday + DAY, { ...cfg, embroidery: 'none' });
      await expect(mfg.releaseCustomerOrder(w.db, w.scopeA, a.sourceId)).rejects.toMatchObject({
        code: 'RONGHE_INVALID_TRANSITION',
      });
      const plan = await mfg.commitPlan(w.db, w.scopeA, { now: monday + 6 * H, ...quick });
      expect(plan.operations).toHaveLength(4 + 3);
      for (const op of plan.operations) {
        const step = a.routing.find((r) => r.operation === op.operation)!;
        expect(step.stations.map((s) => s.station)).toContain(op.station);
        expect(op.start).toBeGreaterThanOrEqual(monday + 6 * H);
      }
      const emb = plan.operations.find((o) => o.operation === 'embroidery')!;
      expect(new Date(emb.start).getUTCHours()).toBeGreaterThanOrEqual(8);
      expect((await mfg.currentPlan(w.db, w.scopeA))!.id).toBe(plan.id);
      const audit = await listAudit(w.db.kysely, w.tenantA.id, { limit: 50, offset: 0 });
      expect(audit.map((x) => x.action)).toContain('plan.commit');
    });

    it('reports follow the routing; WIP, Gantt, OEE and capacity reflect them', async () => {
      const po = (await mfg.listProductionOrders(w.db, w.scopeA)).find((p) => p.quantity === 20)!;
      const report = (op: number, e: mfg.ShopEvent) =>
        mfg.reportEvent(w.db, w.scopeA, po.id, op, e);
      await expect(report(0, { kind: 'start', station: 'SEW1' })).rejects.toThrow(
        /station: 'SEW1' is not eligible for cutting/,
      );
      await expect(report(0, { kind: 'finish', quantity: 20 })).rejects.toMatchObject({
        code: 'RONGHE_INVALID_TRANSITION',
      });
      await expect(report(1, { kind: 'start', station: 'SEW1' })).rejects.toThrow(
        /Operation 0 \(cutting\) has not finished/,
      );
      // An operation the routing does not have: the order named as people know it, not po_….
      const beyond = report(po.routing.length, { kind: 'start', station: 'CUT1' });
      await expect(beyond).rejects.toThrow(
        `op: customer order of 20 × ${po.sku} has operations 0 to ${po.routing.length - 1} (cutting, `,
      );
      await expect(beyond).rejects.not.toThrow(po.id);
      await report(0, { kind: 'start', station: 'CUT1', at: monday + 8 * H });
      await expect(report(0, { kind: 'start', station: 'CUT1' })).rejects.toMatchObject({
        code: 'RONGHE_INVALID_TRANSITION',
      });
      await expect(
        report(0, { kind: 'finish', quantity: 20, scrap: 21, at: monday + 9 * H }),
      ).rejects.toThrow(/scrap/);
      await report(0, { kind: 'finish', quantity: 20, scrap: 1, at: monday + 9 * H });
      await report(1, { kind: 'start', station: 'SEW2', at: monday + 9 * H });
      const wip = await mfg.workInProgress(w.db, w.scopeA);
      expect(wip.find((x) => x.orderId === po.id)).toMatchObject({
        finishedOperations: 1,
        running: [{ op: 1, station: 'SEW2' }],
      });
      const gantt = await mfg.gantt(w.db, w.scopeA);
      expect(
        gantt.actual.filter((b) => b.orderId === po.id).map((b) => [b.op, b.station, b.end]),
      ).toEqual([
        [0, 'CUT1', monday + 9 * H],
        [1, 'SEW2', null],
      ]);
      expect(gantt.planned.length).toBeGreaterThan(0);
      // CUT1 works 06–22 (16 h); it ran 1 h making 20 at a planned 2 min each with 1 scrapped
      const oee = (await mfg.stationOee(w.db, w.scopeA, monday, monday + DAY)).find(
        (s) => s.station === 'CUT1',
      )!;
      expect(oee.availability).toBeCloseTo(60 / 960, 9);
      expect(oee.effectiveness).toBeCloseTo(40 / 60, 9);
      expect(oee.quality).toBeCloseTo(19 / 20, 9);
      // re-planning pins the running sewing operation where it started
      const again = await mfg.commitPlan(w.db, w.scopeA, { now: monday + 10 * H, ...quick });
      const sewing = again.operations.find((o) => o.orderId === po.id && o.op === 1)!;
      expect(sewing).toMatchObject({ station: 'SEW2', start: monday + 9 * H });
      expect(again.operations.some((o) => o.orderId === po.id && o.op === 0)).toBe(false);
      const viewer = { ...w.scopeA, customerIds: [w.customers.A2] } as typeof w.scopeA;
      await expect(mfg.stationOee(w.db, viewer, monday, monday + DAY)).rejects.toMatchObject({
        code: 'RONGHE_NOT_FOUND',
      });
      expect((await mfg.requireCurrentPlan(w.db, viewer)).operations).toEqual([]);
      expect((await mfg.gantt(w.db, viewer)).actual).toEqual([]);
      const cap = await mfg.capacityLoad(w.db, w.scopeA, monday, 3);
      const planned = again.operations.reduce((s, o) => s + (o.end - o.start) / 60_000, 0);
      expect(cap.stations.reduce((s, r) => s + r.loadMinutes, 0)).toBeCloseTo(planned, 6);
    });

    it('what-if: a rush order and an added shift change due-date outcomes without writing', async () => {
      const current = (await mfg.currentPlan(w.db, w.scopeA))!;
      const orders = (await mfg.listProductionOrders(w.db, w.scopeA)).length;
      const rush = await mfg.whatIf(w.db, w.scopeA, {
        now: monday + 10 * H,
        ...quick,
        rushOrders: [{ modelId, configuration: cfg, quantity: 5, dueAt: monday + 14 * H }],
      });
      expect(rush.base).toBe('current');
      expect(rush.diff.find((d) => d.orderId === 'rush-1')).toMatchObject({ before: null });
      expect(rush.plan.operations.filter((o) => o.orderId === 'rush-1')).toHaveLength(4);
      expect((await mfg.currentPlan(w.db, w.scopeA))!.id).toBe(current.id);
      expect((await mfg.listProductionOrders(w.db, w.scopeA)).length).toBe(orders);
      // 600 pieces cannot be sewn in today's shift: a night shift on both sewing cells helps
      const big = {
        modelId,
        configuration: { ...cfg, embroidery: 'none' },
        quantity: 60,
        dueAt: monday + DAY + 2 * H,
      };
      const night = (st: string) => ({
        station: st,
        start: monday + 22 * H,
        end: monday + DAY + 6 * H,
      });
      const base = await mfg.whatIf(w.db, w.scopeA, {
        now: monday + 10 * H,
        ...quick,
        rushOrders: [big],
      });
      const more = await mfg.whatIf(w.db, w.scopeA, {
        now: monday + 10 * H,
        ...quick,
        rushOrders: [big],
        extraShifts: ['CUT1', 'SEW1', 'SEW2', 'FIN1'].map(night),
      });
      const late = (r: typeof base) =>
        r.plan.orders.find((o) => o.orderId === 'rush-1')!.tardinessMinutes;
      expect(late(base)).toBeGreaterThan(0);
      expect(late(more)).toBeLessThan(late(base));
      // the what-if load counts the night shift as available time on the sewing cells
      const sew1 = (r: typeof base) =>
        r.load.stations
          .filter((x) => x.station === 'SEW1')
          .reduce((a, x) => a + x.availableMinutes, 0);
      expect(sew1(more) - sew1(base)).toBe(8 * 60);
      await expect(
        mfg.whatIf(w.db, w.scopeA, {
          ...quick,
          extraShifts: [{ station: 'NOPE', start: 0, end: 1 }],
        }),
      ).rejects.toThrow(/extraShifts\[0\]\.station/);
    });
  });

  it('replenishment: imported sales and stock → proposal → production order', async () => {
    const { sku } = await mfg.registerSku(w.db, w.scopeA, {
      modelId,
      configuration: { size: 'S', fabric: 'NYLON', colour: 'BLACK' },
    });
    const days = Array.from({ length: 14 }, (_, i) =>
      new Date(salesStart + i * DAY).toISOString().slice(0, 10),
    );
    const csv = [
      'sku,store,day,quantity',
      ...days.map((d, i) => `${sku},SH01,${d},${i % 2 ? 3 : 5}`),
      `${sku},SH01,2026-01-40,1`,
      `NOPE,SH01,2026-01-05,1`,
    ].join('\n');
    const sales = await mfg.importSales(w.db, w.scopeA, { csv });
    expect(sales.filter((s) => s.status === 'ok')).toHaveLength(14);
    expect(sales[14]).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('line 16, day'),
    });
    expect(sales[15]).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining("sku: 'NOPE'"),
    });
    await mfg.importStock(w.db, w.scopeA, {
      rows: [{ sku, store: 'SH01', onHand: 6, onOrder: 0 }],
    });
    const policy = {
      leadTimeDays: 2,
      reviewDays: 1,
      z: 1.65,
      method: { kind: 'moving-average' as const, periods: 14 },
      batchSize: 5,
      minHistoryDays: 7,
    };
    const [item] = await mfg.proposeReplenishmentOrders(w.db, w.scopeA, policy, '2026-01-19');
    // mean 4/day over 14 days, σ of the (few) one-step errors is 0 here: S = 4·3 = 12, position 6 → 6 → batch 10
    expect(item).toMatchObject({
      status: 'ok',
      value: { orderUpTo: 12, position: 6, quantity: 10 },
    });
    const proposalId = (item as { proposalId: string }).proposalId;
    const accepted = await mfg.decideProposal(w.db, w.scopeA, proposalId, 'accept');
    expect(accepted.productionOrder).toMatchObject({
      source: 'replenishment',
      quantity: 10,
      sku,
      customerId: null,
    });
    await expect(mfg.decideProposal(w.db, w.scopeA, proposalId, 'reject')).rejects.toMatchObject({
      code: 'RONGHE_INVALID_TRANSITION',
    });
    const [again] = await mfg.proposeReplenishmentOrders(w.db, w.scopeA, policy, '2026-01-19');
    expect(again).toMatchObject({ value: { position: 16, quantity: 0 } });
  });

  it('an infeasible calendar is a validation error that says why', async () => {
    await mfg.createStation(w.db, w.scopeB, {
      code: 'DEAD',
      name: 'Closed',
      line: 'Z',
      shifts: [],
    });
    const spec = {
      ...jacketSpec,
      code: 'X1',
      routing: [{ operation: 'cut', stations: [{ station: 'DEAD', minutesPerUnit: 1 }] }],
    };
    const model = await mfg.createProductModel(w.db, w.scopeB, spec);
    const co = await mfg.createCustomerOrder(w.db, w.scopeB, {
      modelId: model.id,
      configuration: cfg,
      quantity: 1,
      dueAt: monday,
    });
    await mfg.releaseCustomerOrder(w.db, w.scopeB, co.id);
    await expect(mfg.commitPlan(w.db, w.scopeB, { now: monday, ...quick })).rejects.toThrow(
      /infeasible machine calendar/,
    );
    expect(await mfg.currentPlan(w.db, w.scopeB)).toBeNull();
  });
});
