// Moving a planned operation by hand (a Gantt drag) on each database: the server refuses an
// ineligible station, a past start, a start outside the station's shifts and a start before the
// operation's predecessor can end or while the station is busy, naming the field and the rule;
// a good move shifts the rest right as far as needed and becomes the current plan.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { listAudit } from '../../identity/index.ts';
import type { RongheError } from '../../kernel/index.ts';
import * as mfg from './index.ts';
import { jacketSpec, stationsFixture } from './test-fixtures.ts';

const H = 3_600_000;
const DAY = 24 * H;
const monday = Math.floor(Date.now() / DAY) * DAY + 2 * DAY;
const now = monday + 6 * H;
const quick = { now, timeLimitMs: 60_000, maxIterations: 300, seed: 3 };
const cfg = { size: 'M', fabric: 'NYLON', colour: 'RED', embroidery: 'logo' };

describeEachDatabase('manufacturing: moving a planned operation', (t) => {
  let w: World;
  let orderId: string;
  let planId: string;
  beforeAll(async () => {
    w = await createWorld(t);
    for (const s of stationsFixture) await mfg.createStation(w.db, w.scopeA, s);
    const modelId = (await mfg.createProductModel(w.db, w.scopeA, jacketSpec)).id;
    const co = await mfg.createCustomerOrder(w.db, w.scopeA, {
      modelId,
      customerId: w.customers.A1,
      configuration: cfg,
      quantity: 10,
      dueAt: monday + 3 * DAY,
    });
    orderId = (await mfg.releaseCustomerOrder(w.db, w.scopeA, co.id)).id;
    planId = (await mfg.commitPlan(w.db, w.scopeA, quick)).id;
  }, 60_000);
  afterAll(() => w?.dispose());

  const move = (op: number, station: string, start: number) =>
    mfg.moveOperation(w.db, w.scopeA, { orderId, op, station, start }, { now });

  it('refuses what the shop cannot do, naming the field and the rule, and keeps the plan', async () => {
    await expect(move(1, 'CUT1', monday + DAY + 8 * H)).rejects.toThrow(
      /station: 'CUT1' is not eligible for sewing; eligible: SEW1, SEW2/,
    );
    await expect(move(1, 'SEW1', now - H)).rejects.toThrow(/start: must not be in the past/);
    // Embroidery of 10 logos is 65 min; EMB1 works 08:00–16:00 Asia/Shanghai (00:00–08:00
    // UTC), so 10:00 UTC is 18:00 there, outside its shift.
    await expect(move(2, 'EMB1', monday + DAY + 10 * H)).rejects.toThrow(
      /start: embroidery \(65 min\) cannot start at .* EMB1 has no shift then/,
    );
    // Cutting cannot end before 06:30 (10 min setup + 2 min × 10 from 06:00).
    // The order named as the console shows it (its customer order, or what it makes when that
    // has no reference), in both languages, never by its internal po_ id.
    const early = (await move(1, 'SEW2', now + 10 * 60_000).catch(
      (e: unknown) => e,
    )) as RongheError;
    expect(early.message).toMatch(
      /^start: customer order of 10 × DJ01-M-NYLON-RED-DUCK90-logo operation 1 \(sewing\) cannot start before its predecessor ends at/,
    );
    expect(early.messageIn('zh-CN')).toMatch(
      /DJ01-M-NYLON-RED-DUCK90-logo × 10 的客户订单 工序 1（sewing）不能在前一道工序结束/,
    );
    expect(`${early.message} ${early.messageIn('zh-CN')}`).not.toMatch(/po_/);
    await expect(move(7, 'SEW1', monday + DAY)).rejects.toMatchObject({
      code: 'RONGHE_NOT_FOUND',
    });
    expect((await mfg.currentPlan(w.db, w.scopeA))!.id).toBe(planId);
  });

  it('a good move re-plans around the moved operation and becomes the current plan', async () => {
    const at = monday + DAY + 9 * H;
    const plan = await move(1, 'SEW2', at);
    expect(plan.moved).toMatchObject({ orderId, op: 1, station: 'SEW2', start: at });
    expect(plan.moved.end).toBe(at + 140 * 60_000);
    const ops = plan.operations.filter((o) => o.orderId === orderId).sort((a, b) => a.op - b.op);
    expect(ops.map((o) => o.operation)).toEqual(['cutting', 'sewing', 'embroidery', 'finishing']);
    for (let i = 1; i < ops.length; i++)
      expect(ops[i]!.start).toBeGreaterThanOrEqual(ops[i - 1]!.end);
    const current = (await mfg.currentPlan(w.db, w.scopeA))!;
    expect(current.id).toBe(plan.id);
    expect(current.id).not.toBe(planId);
    const audit = await listAudit(w.db.kysely, w.tenantA.id, { limit: 50, offset: 0 });
    expect(audit.map((x) => x.action)).toContain('plan.move');
  });

  it("a move near a shift's end runs to the end and resumes at the next shift, as planned", async () => {
    // 15:30 in Shanghai: 30 of the 65 minutes before 16:00, the other 35 from 08:00 next day.
    const at = monday + 2 * DAY + 7.5 * H;
    const plan = await move(2, 'EMB1', at);
    expect(plan.moved).toMatchObject({
      station: 'EMB1',
      start: at,
      end: monday + 3 * DAY + 35 * 60_000,
    });
    expect(plan.moved.segments).toEqual([
      [at, monday + 2 * DAY + 8 * H],
      [monday + 3 * DAY, monday + 3 * DAY + 35 * 60_000],
    ]);
    const finishing = plan.operations.find((o) => o.orderId === orderId && o.op === 3)!;
    expect(finishing.start).toBeGreaterThanOrEqual(plan.moved.end);
    // Placing it again where it now is (the planner's own resumed start) is accepted too.
    expect((await move(2, 'EMB1', at)).moved.segments).toHaveLength(2);
  });

  it('an operation that started on the shop floor cannot be moved', async () => {
    await mfg.reportEvent(w.db, w.scopeA, orderId, 0, { kind: 'start', station: 'CUT1', at: now });
    await mfg.commitPlan(w.db, w.scopeA, quick);
    await expect(move(0, 'CUT2', monday + DAY + 7 * H)).rejects.toMatchObject({
      code: 'RONGHE_INVALID_TRANSITION',
    });
  });
});
