// One API, one set of conventions (issue #17), over HTTP on each database: growing lists page
// by cursor with filters (production orders, the audit log), a serial stands for an asset's id
// wherever one asset is named (devices), and time fields in bodies read like query times
// (manufacturing).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type Who, type World } from '../../test/http.ts';
import { jacketSpec, stationsFixture } from '../manufacturing/service/test-fixtures.ts';
import { manufacturingRoutes } from './routes/manufacturing.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Order {
  id: string;
  customerId: string | null;
  dueAt: number | null;
  status: string;
  createdAt: number;
}
const cfg = { size: 'M', fabric: 'NYLON', colour: 'RED', embroidery: 'logo' };
const DAY = 86_400_000;

describeEachDatabase('API conventions', (t) => {
  let w: World;
  let modelId: string;
  const call = (who: Who, method: string, url: string, payload?: object) =>
    w.as(who, { method: method as 'GET', url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  /** Every page of a list, following `nextCursor` (the `query` keeps its filters). */
  async function walk<T>(who: Who, url: string): Promise<{ rows: T[]; pages: number }> {
    const rows: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const r = await call(who, 'GET', cursor ? `${url}${sep}cursor=${cursor}` : url);
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json<Page<T>>();
      rows.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return { rows, pages };
  }
  const order = async (customer: string, dueAt: unknown) =>
    call('engineer', 'POST', '/manufacturing/customer-orders', {
      modelId,
      customerId: customer,
      configuration: cfg,
      quantity: 1,
      dueAt,
    });

  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => [{ plugin: (a) => manufacturingRoutes(a, { db }), prefix: '/api/v1' }],
    });
    for (const s of stationsFixture)
      expect((await call('engineer', 'POST', '/manufacturing/stations', s)).statusCode).toBe(201);
    const m = await call('engineer', 'POST', '/manufacturing/models', jacketSpec);
    modelId = m.json<{ id: string }>().id;
  }, 60_000);
  afterAll(() => w?.dispose());

  it('reads time fields of manufacturing bodies like query times, naming a bad one', async () => {
    const before = Date.now();
    const rel = await order(w.customers.A1, 'now+7d');
    expect(rel.statusCode, rel.body).toBe(201);
    const relDue = rel.json<Order>().dueAt!;
    expect(relDue).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(relDue).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    // ISO without an offset is wall-clock time in the tenant's zone (Asia/Shanghai by default).
    const local = await order(w.customers.A1, '2027-03-01T08:00');
    expect(local.json<Order>().dueAt).toBe(Date.parse('2027-03-01T08:00:00+08:00'));
    const epoch = await order(w.customers.A1, 1_800_000_000_000);
    expect(epoch.json<Order>().dueAt).toBe(1_800_000_000_000);
    const bad = await order(w.customers.A1, 'next tuesday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'RONGHE_VALIDATION', details: [{ field: 'dueAt' }] });
    expect(bad.json<{ message: string }>().message).toContain(
      "dueAt: 'next tuesday' is not a time",
    );
    // A shop-floor report at `-1h`, and a rush order's due date in a what-if, by the same parser.
    const po = await call(
      'engineer',
      'POST',
      `/manufacturing/customer-orders/${rel.json<Order>().id}/release`,
    );
    const started = await call(
      'technician',
      'POST',
      `/manufacturing/production-orders/${po.json<Order>().id}/operations/0/start`,
      { station: 'CUT1', at: '-1h' },
    );
    expect(started.statusCode, started.body).toBe(200);
    const at = started.json<{ at: number }>().at;
    expect(Math.abs(at - (Date.now() - 3_600_000))).toBeLessThan(60_000);
    const whatIf = await call('engineer', 'POST', '/manufacturing/what-if', {
      timeLimitMs: 50,
      rushOrders: [{ modelId, configuration: cfg, quantity: 1, dueAt: 'soon' }],
    });
    expect(whatIf.statusCode).toBe(400);
    expect(whatIf.json()).toMatchObject({ details: [{ field: 'rushOrders[0].dueAt' }] });
  });

  it('pages production orders by cursor with filters and sort; the viewer sees its own', async () => {
    for (const customer of [w.customers.A1, w.customers.A2, w.customers.A1, w.customers.A2]) {
      const co = await order(customer, 'now+3d');
      const id = co.json<Order>().id;
      await call('engineer', 'POST', `/manufacturing/customer-orders/${id}/release`);
    }
    const all = await walk<Order>('engineer', '/manufacturing/production-orders?limit=2');
    expect(all.rows.length).toBeGreaterThanOrEqual(5);
    expect(all.pages).toBe(Math.ceil(all.rows.length / 2));
    expect(new Set(all.rows.map((o) => o.id)).size).toBe(all.rows.length);
    const created = all.rows.map((o) => o.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const asc = await walk<Order>('engineer', '/manufacturing/production-orders?limit=3&order=asc');
    expect(asc.rows.map((o) => o.id)).toEqual(all.rows.map((o) => o.id).reverse());
    const a2 = await walk<Order>(
      'engineer',
      `/manufacturing/production-orders?limit=1&customerId=${w.customers.A2}&status=released`,
    );
    expect(a2.rows).toHaveLength(2);
    expect(a2.rows.every((o) => o.customerId === w.customers.A2 && o.status === 'released')).toBe(
      true,
    );
    const viewer = await walk<Order>('viewer', '/manufacturing/production-orders?limit=2');
    expect(viewer.rows.some((o) => o.customerId === w.customers.A2)).toBe(false);
    expect(viewer.rows.length).toBeGreaterThan(0);
    const badCursor = await call('engineer', 'GET', '/manufacturing/production-orders?cursor=x');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ details: [{ field: 'cursor' }] });
  });

  it('pages the audit log by cursor, filtered by action, entity type, actor and time', async () => {
    const t0 = Date.now();
    for (const name of ['gw-1', 'gw-2', 'gw-3']) {
      const r = await call('engineer', 'POST', '/devices', { assetId: w.assets.A1, name });
      expect(r.statusCode, r.body).toBe(201);
    }
    const created = await walk<{ action: string; actor: string; entityType: string; at: number }>(
      'tenant_admin',
      `/audit?action=device.create&limit=1&from=${t0}`,
    );
    expect(created.rows).toHaveLength(3);
    expect(created.pages).toBe(3);
    expect(created.rows.every((e) => e.action === 'device.create')).toBe(true);
    expect(created.rows.every((e) => e.actor === w.actors.engineer)).toBe(true);
    const byType = await walk<{ entityType: string }>('tenant_admin', '/audit?entityType=device');
    expect(byType.rows.length).toBeGreaterThanOrEqual(3);
    expect(byType.rows.every((e) => e.entityType === 'device')).toBe(true);
    const none = await call('tenant_admin', 'GET', `/audit?action=device.create&to=${t0}`);
    expect(none.json<Page<unknown>>()).toEqual({ items: [], nextCursor: null });
    const other = await walk<{ action: string }>('other_admin', '/audit?action=device.create');
    expect(other.rows).toEqual([]);
  });

  it('takes an asset serial for its id on device routes; unknown is a 404 naming it', async () => {
    const dev = await call('engineer', 'POST', '/devices', { assetId: 'CH-2', name: 'by-serial' });
    expect(dev.statusCode, dev.body).toBe(201);
    expect(dev.json()).toMatchObject({ assetId: w.assets.A1a, name: 'by-serial' });
    const list = await call('engineer', 'GET', '/devices?assetId=CH-2');
    expect(list.json<{ id: string }[]>().map((d) => d.id)).toEqual([dev.json<{ id: string }>().id]);
    for (const [url, payload] of [
      ['/devices?assetId=NOPE-9', undefined],
      ['/devices', { assetId: 'NOPE-9', name: 'x' }],
    ] as const) {
      const r = await call('engineer', payload ? 'POST' : 'GET', url, payload);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({
        code: 'RONGHE_NOT_FOUND',
        message: "Asset 'NOPE-9' was not found.",
      });
    }
    // Another tenant's serial is not found either.
    const foreign = await call('engineer', 'GET', '/devices?assetId=LOC-1');
    expect(foreign.statusCode).toBe(404);
  });
});
