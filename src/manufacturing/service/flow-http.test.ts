// The manufacturing order flow over HTTP on each database (issue 19): a quote whose option
// prices, combination surcharge and quantity break add up exactly, accepted into a customer
// order; the configured BOM and routing on the production order; material requirements of two
// orders sharing a component against stock and a purchase order; material issue with lots and
// serials (over-issue and items off the BOM refused, nothing written); and the finished order's
// units registered as assets whose passport starts with the as-built record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type Who, type World } from '../../../test/http.ts';
import { databaseBlobs } from '../../service/index.ts';
import { manufacturingRoutes } from '../../server/routes/manufacturing.ts';
import { servicePlanRoutes } from '../../server/routes/service-plans.ts';
import { pricedJacketSpec } from './flow-fixtures.ts';
import { stationsFixture } from './test-fixtures.ts';

const DAY = 86_400_000;
const M = '/api/v1/manufacturing';
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachDatabase('manufacturing order flow over HTTP', (t) => {
  let w: World;
  let modelId: string;
  const call = async (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const r = await w.as(who, { method, url, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.body ? (r.json() as J) : {} };
  };
  const ok = async (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const r = await call(who, method, url, payload);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  const state: { quote?: J; po1?: J; po2?: J } = {};

  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => [
        { plugin: (a) => manufacturingRoutes(a, { db }), prefix: '/api/v1' },
        {
          plugin: (a) =>
            servicePlanRoutes(a, { db, blobs: databaseBlobs, attachmentMaxBytes: 1024 }),
          prefix: '/api/v1/service',
        },
      ],
    });
    for (const s of stationsFixture) await ok('engineer', 'POST', `${M}/stations`, s);
    modelId = (await ok('engineer', 'POST', `${M}/models`, pricedJacketSpec)).id as string;
  }, 60_000);
  afterAll(() => w?.dispose());

  const cfg = { size: 'XXL', fabric: 'NYLON', colour: 'RED', fill: 'GOOSE95', embroidery: 'logo' };

  it('quotes option prices, a surcharge and a quantity break that add up to the fen', async () => {
    const q = await ok('engineer', 'POST', `${M}/quotes`, {
      modelId,
      customerId: w.customers.A1,
      configuration: cfg,
      quantity: 13,
    });
    expect(q.lines.map((l: J) => [l.kind, l.ref, l.amountFen])).toEqual([
      ['base', 'DJ02', 518_700],
      ['option', 'fill=GOOSE95', 104_650],
      ['option', 'embroidery=logo', 19_500],
      ['surcharge', 'xxl-goose: size=XXL&fill=GOOSE95', 25_987],
      ['discount', 'volume: ≥ 10 pcs −2.5 %', -16_721],
    ]);
    expect(q).toMatchObject({ totalFen: 652_116, unitPriceFen: 51_449, status: 'open' });
    expect(q.lines.reduce((s: number, l: J) => s + l.amountFen, 0)).toBe(q.totalFen);
    expect(q.validUntil - q.createdAt).toBe(14 * DAY);
    // The customer sees its own quote; another tenant does not.
    expect((await call('viewer', 'GET', `${M}/quotes/${q.id}`)).status).toBe(200);
    expect((await call('other_admin', 'GET', `${M}/quotes/${q.id}`)).status).toBe(404);
    state.quote = q;
  });

  it('refuses an unknown option naming the field, and stores nothing', async () => {
    const before = (await ok('engineer', 'GET', `${M}/quotes`)) as unknown as J[];
    const r = await call('engineer', 'POST', `${M}/quotes`, {
      modelId,
      configuration: { ...cfg, hood: 'yes' },
      quantity: 1,
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/configuration\.hood/);
    expect(await ok('engineer', 'GET', `${M}/quotes`)).toHaveLength(before.length);
    const noAssetModel = await call('engineer', 'POST', `${M}/models`, {
      ...pricedJacketSpec,
      code: 'DJ03',
      serialised: { serialPrefix: 'DJ03-', assetModelId: 'am_0000000000000000' },
    });
    expect(noAssetModel.status).toBe(400);
    expect(noAssetModel.body.message).toMatch(/^serialised\.assetModelId/);
    const badPrice = await call('engineer', 'PUT', `${M}/models/${modelId}/pricing`, {
      basePriceFen: 100,
      optionPrices: [{ option: 'fabric', value: 'SILK', priceFen: 5 }],
      rules: [],
    });
    expect(badPrice.status).toBe(400);
    expect(badPrice.body.message).toMatch(/^pricing\.optionPrices\[0\]\.value/);
  });

  it('accepts the quote into a customer order at its price; the production order carries BOM and routing', async () => {
    const q = state.quote!;
    const dueAt = Date.now() + 10 * DAY;
    const co = await ok('engineer', 'POST', `${M}/quotes/${q.id}/accept`, { dueAt });
    expect(co).toMatchObject({
      quoteId: q.id,
      priceFen: 652_116,
      quantity: 13,
      customerId: w.customers.A1,
    });
    expect((await call('engineer', 'POST', `${M}/quotes/${q.id}/accept`, { dueAt })).status).toBe(
      409,
    );
    expect((await ok('engineer', 'GET', `${M}/quotes/${q.id}`)).status).toBe('accepted');
    const po = await ok('engineer', 'POST', `${M}/customer-orders/${co.id}/release`);
    const read = await ok('engineer', 'GET', `${M}/production-orders/${po.id}`);
    expect(read.configuration).toEqual(cfg);
    expect(read.bom.map((b: J) => [b.item, b.quantity])).toEqual([
      ['SHELL-NYLON-RED', 31.2],
      ['DOWN-GOOSE95', 3.38],
      ['ZIP-70', 13],
      ['THREAD-EMB', 520],
    ]);
    expect(read.routing.map((r: J) => r.operation)).toEqual([
      'cutting',
      'sewing',
      'embroidery',
      'finishing',
    ]);
    state.po1 = read;
  });

  it('nets two orders sharing a component against stock and an open purchase order', async () => {
    const co2 = await ok('engineer', 'POST', `${M}/customer-orders`, {
      modelId,
      customerId: w.customers.A2,
      configuration: { size: 'M', fabric: 'NYLON', colour: 'BLACK' },
      quantity: 20,
      dueAt: Date.now() + 12 * DAY,
    });
    state.po2 = await ok('engineer', 'POST', `${M}/customer-orders/${co2.id}/release`);
    await ok('engineer', 'PUT', `${M}/materials`, {
      rows: [
        { item: 'ZIP-70', unit: 'pc', onHand: 25, leadTimeDays: 3 },
        { item: 'SHELL-NYLON-RED', unit: 'm', onHand: 40, leadTimeDays: 7 },
        { item: 'DOWN-GOOSE95', unit: 'kg', onHand: 5, leadTimeDays: 10 },
        { item: 'THREAD-EMB', unit: 'm', onHand: 1000, leadTimeDays: 2 },
      ],
    });
    const r = await ok('engineer', 'GET', `${M}/material-requirements`);
    const zip = r.items.find((i: J) => i.item === 'ZIP-70');
    expect(zip).toMatchObject({
      onHand: 25,
      gross: 33,
      scheduledReceipts: 0,
      net: 8,
      projected: -8,
    });
    expect(zip.orders.sort()).toEqual([state.po1!.id, state.po2!.id].sort());
    const zipProposals = r.proposals.filter((p: J) => p.item === 'ZIP-70');
    expect(zipProposals.map((p: J) => p.quantity)).toEqual([8]);
    // An item nobody stocks is proposed in full; a stocked one that suffices is not.
    expect(r.proposals.find((p: J) => p.item === 'SHELL-NYLON-BLACK')?.quantity).toBe(36);
    expect(r.proposals.find((p: J) => p.item === 'THREAD-EMB')).toBeUndefined();
    // A purchase order due before the need covers the shortfall.
    const pu = await ok('engineer', 'POST', `${M}/purchase-orders`, {
      item: 'ZIP-70',
      quantity: 10,
      dueAt: Date.now() - DAY,
      supplier: 'YKK Shanghai',
    });
    const after = await ok('engineer', 'GET', `${M}/material-requirements`);
    expect(after.items.find((i: J) => i.item === 'ZIP-70')).toMatchObject({
      scheduledReceipts: 10,
      net: 0,
    });
    expect(after.proposals.filter((p: J) => p.item === 'ZIP-70')).toEqual([]);
    expect((await ok('engineer', 'POST', `${M}/purchase-orders/${pu.id}/receive`)).status).toBe(
      'received',
    );
    const stock = (await ok('engineer', 'GET', `${M}/materials`)) as unknown as J[];
    expect(stock.find((m) => m.item === 'ZIP-70')?.onHand).toBe(35);
    // Stock and purchasing are the manufacturer's business, not its customers'.
    for (const path of ['materials', 'purchase-orders', 'material-requirements'])
      expect((await call('viewer', 'GET', `${M}/${path}`)).status).toBe(403);
  });

  it('issues components with lots and serials; over-issue and items off the BOM are refused, nothing written', async () => {
    const po = state.po1!;
    const url = `${M}/production-orders/${po.id}/materials/issue`;
    const over = await call('technician', 'POST', url, {
      lines: [
        { item: 'SHELL-NYLON-RED', quantity: 31.2, lot: 'SH-2611-04' },
        { item: 'ZIP-70', quantity: 14, lot: 'Z-77' },
      ],
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/^lines\[1\]\.quantity: over-issue of ZIP-70/);
    const off = await call('technician', 'POST', url, {
      lines: [{ item: 'BUTTON-9', quantity: 1 }],
    });
    expect(off.status).toBe(400);
    expect(off.body.message).toMatch(/^lines\[0\]\.item/);
    // The shop floor knows an order by what it makes (or its customer reference), never by
    // the internal id; this one came from a quote, which gives it no reference.
    expect(off.body.message).toContain(`the BOM of customer order of 13 × ${po.sku}`);
    expect(off.body.message).not.toContain(po.id);
    const badSerials = await call('technician', 'POST', url, {
      lines: [{ item: 'ZIP-70', quantity: 2, serials: ['Z1'] }],
    });
    expect(badSerials.body.message).toMatch(/^lines\[0\]\.serials/);
    const untouched = await ok('engineer', 'GET', `${M}/production-orders/${po.id}/materials`);
    expect(untouched.issues).toEqual([]);
    expect(
      ((await ok('engineer', 'GET', `${M}/materials`)) as unknown as J[]).find(
        (m) => m.item === 'SHELL-NYLON-RED',
      )?.onHand,
    ).toBe(40);
    const short = await call('technician', 'POST', url, {
      lines: [{ item: 'DOWN-GOOSE95', quantity: 3.38 }],
    });
    expect(short.status).toBe(201);
    const done = await ok('technician', 'POST', url, {
      lines: [
        { item: 'SHELL-NYLON-RED', quantity: 31.2, lot: 'SH-2611-04' },
        { item: 'ZIP-70', quantity: 13, lot: 'Z-77' },
        { item: 'THREAD-EMB', quantity: 520, lot: 'TH-1' },
      ],
    });
    expect(done.lines.map((l: J) => [l.item, l.remaining])).toEqual([
      ['SHELL-NYLON-RED', 0],
      ['DOWN-GOOSE95', 0],
      ['ZIP-70', 0],
      ['THREAD-EMB', 0],
    ]);
    const stock = (await ok('engineer', 'GET', `${M}/materials`)) as unknown as J[];
    expect(stock.find((m) => m.item === 'ZIP-70')?.onHand).toBe(22);
    expect(stock.find((m) => m.item === 'SHELL-NYLON-RED')?.onHand).toBe(8.8);
    const again = await call('technician', 'POST', url, {
      lines: [{ item: 'ZIP-70', quantity: 1 }],
    });
    expect(again.body.message).toMatch(/at most 0 more/);
    // Requirements now count only order 2's zips against what is left.
    const r = await ok('engineer', 'GET', `${M}/material-requirements`);
    expect(r.items.find((i: J) => i.item === 'ZIP-70')).toMatchObject({
      gross: 20,
      onHand: 22,
      net: 0,
    });
  });

  describe('finishing the last operation', () => {
    const run = async (po: J, lastBody: object) => {
      const t0 = Date.now() - 3 * DAY;
      const stations = ['CUT1', 'SEW1', 'EMB1', 'FIN1'];
      const ops = po.routing.length as number;
      for (let op = 0; op < ops; op++) {
        const base = `${M}/production-orders/${po.id}/operations/${op}`;
        const at = t0 + op * 3_600_000;
        const station = po.routing[op].stations[0].station as string;
        expect(stations).toContain(station);
        await ok('technician', 'POST', `${base}/start`, { station, at });
        if (op < ops - 1)
          await ok('technician', 'POST', `${base}/finish`, {
            at: at + 1_800_000,
            quantity: po.quantity,
          });
      }
      return call(
        'technician',
        'POST',
        `${M}/production-orders/${po.id}/operations/${ops - 1}/finish`,
        {
          at: t0 + ops * 3_600_000,
          ...lastBody,
        },
      );
    };

    it('registers each good unit as a manufactured asset of the customer, with its as-built record on the passport', async () => {
      const po = state.po1!;
      const r = await run(po, { quantity: 13, scrap: 1 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.orderStatus).toBe('done');
      expect(r.body.units).toHaveLength(12);
      const units = (await ok(
        'engineer',
        'GET',
        `${M}/production-orders/${po.id}/units`,
      )) as unknown as J[];
      expect(units.map((u) => u.serial)).toEqual(r.body.units.map((u: J) => u.serial).sort());
      const first = r.body.units[0] as J;
      expect(first.serial).toMatch(/^DJ02-[0-9A-Z]{6}-001$/);
      const asset = await ok('viewer', 'GET', `/api/v1/assets/${first.assetId}`);
      expect(asset).toMatchObject({
        serial: first.serial,
        lifecycle: 'manufactured',
        customerId: w.customers.A1,
      });
      const p = await ok('viewer', 'GET', `/api/v1/service/assets/${first.assetId}/passport`);
      expect(p.factory).toMatchObject({
        productionOrderId: po.id,
        sku: po.sku,
        configuration: cfg,
      });
      expect(p.factory.components).toContainEqual({
        item: 'ZIP-70',
        unit: 'pc',
        quantity: 1,
        lots: ['Z-77'],
        serials: [],
      });
      expect(p.factory.operations.map((o: J) => [o.operation, o.station])).toEqual([
        ['cutting', 'CUT1'],
        ['sewing', 'SEW1'],
        ['embroidery', 'EMB1'],
        ['finishing', 'FIN1'],
      ]);
      expect(p.factory.operations.every((o: J) => o.finishedAt > o.startedAt)).toBe(true);
      expect(p.events.find((e: J) => e.kind === 'as_built')).toMatchObject({
        ref: po.id,
        at: p.factory.builtAt,
      });
      // Another customer's user does not see the unit.
      expect((await call('other_admin', 'GET', `/api/v1/assets/${first.assetId}`)).status).toBe(
        404,
      );
    });

    it('refuses a finish whose serial exists already, writing nothing, then takes reported serials', async () => {
      const po = state.po2!;
      const existing = (await ok('engineer', 'GET', `/api/v1/assets/${w.assets.A1}`))
        .serial as string;
      const serials = Array.from({ length: 20 }, (_, i) => `DJ02-B-${i + 1}`);
      serials[5] = existing;
      const bad = await run(po, { quantity: 20, serials });
      expect(bad.status).toBe(409);
      expect(bad.body.message).toMatch(/^serials\[5\]/);
      expect((await ok('engineer', 'GET', `${M}/production-orders/${po.id}`)).status).toBe(
        'in-progress',
      );
      expect(await ok('engineer', 'GET', `${M}/production-orders/${po.id}/units`)).toEqual([]);
      const wrongCount = await call(
        'technician',
        'POST',
        `${M}/production-orders/${po.id}/operations/${po.routing.length - 1}/finish`,
        {
          quantity: 20,
          scrap: 2,
          serials: serials.slice(0, 19),
        },
      );
      expect(wrongCount.body.message).toMatch(/^serials: 19 serials for 18 good units/);
      serials[5] = 'DJ02-B-6';
      const good = await call(
        'technician',
        'POST',
        `${M}/production-orders/${po.id}/operations/${po.routing.length - 1}/finish`,
        {
          quantity: 20,
          serials,
        },
      );
      expect(good.status, JSON.stringify(good.body)).toBe(200);
      const units = (await ok(
        'engineer',
        'GET',
        `${M}/production-orders/${po.id}/units`,
      )) as unknown as J[];
      expect(units).toHaveLength(20);
      expect(units.every((u) => u.customerOrderId === po.sourceId)).toBe(true);
    });
  });
});
