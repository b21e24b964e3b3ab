// The customer portal's walls, as a role × route matrix over HTTP on each database: a customer
// user (customer_viewer of Suzhou Group, whose subtree holds Chiller 1 and Chiller 2) sees its own
// work orders and contracts and nothing of Wuxi Hospital's or of the other tenant, never internal
// notes or costs, may request service and confirm a visit, and may change nothing else. The same
// walls hold for attachments, checklists, sign-off and the product passport.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { Who } from '../../../test/http.ts';
import { createServiceWorld, type ServiceWorld } from '../../../test/service-world.ts';
import type { Contract, WorkOrder } from '../../service/index.ts';

/** A 1×1 PNG. */
const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describeEachDatabase('service access by role and customer', (t) => {
  let s: ServiceWorld;
  const id: Record<string, string> = {};
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    s = await createServiceWorld(t);
    const { w } = s;
    const contract = async (customerId: string, assetIds: string[]) => {
      const r = await s.call('engineer', 'POST', '/contracts', {
        customerId,
        name: `Contract ${customerId}`,
        kind: 'on_call',
        validFrom: '2026-01-01',
        validTo: '2027-12-31',
        assetIds,
        sla: { medium: { responseMinutes: 240, resolutionMinutes: 960 } },
        notes: 'internal: discount 12 %',
      });
      expect(r.statusCode, r.body).toBe(201);
      return json<{ id: string }>(r).id;
    };
    id.assetA1 = w.assets.A1;
    id.assetA2 = w.assets.A2;
    id.cA1 = await contract(w.customers.A1, [w.assets.A1, w.assets.A1a]);
    id.cA2 = await contract(w.customers.A2, [w.assets.A2]);
    const tech = json<{ id: string }>(
      await s.call('engineer', 'POST', '/technicians', {
        name: 'Li',
        skills: [],
        homeLat: null,
        homeLon: null,
        region: '',
      }),
    );
    const open = async (assetId: string, done: boolean) => {
      const wo = json<WorkOrder>(
        await s.call('technician', 'POST', '/work-orders', {
          assetId,
          title: 'Visit',
          priority: 'medium',
        }),
      );
      await s.call('technician', 'PATCH', `/work-orders/${wo.id}/internal`, {
        internalNotes: 'customer is slow to pay',
        labourMinutes: 90,
      });
      if (done) {
        await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, { technicianId: tech.id });
        await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
          to: 'in_progress',
        });
        await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to: 'done' });
      }
      return wo.id;
    };
    id.woA1 = await open(w.assets.A1, true);
    id.woA1a = await open(w.assets.A1a, false);
    id.woA2 = await open(w.assets.A2, true);
    // A photo on a work order of each customer (attachments are scoped like their order).
    for (const [key, wo] of [
      ['photoA1', id.woA1],
      ['photoA2', id.woA2],
    ] as const) {
      const r = await s.call('technician', 'POST', `/work-orders/${wo}/attachments`, {
        kind: 'photo',
        name: 'site.png',
        contentBase64: PNG_1x1,
      });
      expect(r.statusCode, r.body).toBe(201);
      id[key] = json<{ id: string }>(r).id;
    }
  });
  afterAll(() => s?.close());

  type Row = [Who, string, () => string, unknown, number];
  const rows: Row[] = [
    ['viewer', 'GET', () => `/work-orders/${id.woA1}`, undefined, 200],
    ['viewer', 'GET', () => `/work-orders/${id.woA1a}`, undefined, 200],
    ['viewer', 'GET', () => `/work-orders/${id.woA2}`, undefined, 404],
    ['viewer', 'GET', () => `/work-orders/${id.woA2}/history`, undefined, 404],
    ['technician', 'GET', () => `/work-orders/${id.woA2}`, undefined, 200],
    ['other_admin', 'GET', () => `/work-orders/${id.woA1}`, undefined, 404],
    ['anonymous', 'GET', () => `/work-orders/${id.woA1}`, undefined, 401],
    ['viewer', 'GET', () => `/contracts/${id.cA1}`, undefined, 200],
    ['viewer', 'GET', () => `/contracts/${id.cA2}`, undefined, 404],
    ['other_admin', 'GET', () => `/contracts/${id.cA1}`, undefined, 404],
    ['engineer', 'GET', () => `/contracts/${id.cA2}`, undefined, 200],
    ['viewer', 'POST', () => `/work-orders/${id.woA1}/transitions`, { to: 'closed' }, 403],
    ['viewer', 'POST', () => '/contracts', {}, 403],
    ['technician', 'POST', () => '/contracts', {}, 403],
    ['viewer', 'GET', () => `/work-orders/${id.woA1}/suggestions`, undefined, 403],
    ['viewer', 'GET', () => `/work-orders/${id.woA1}/reservations`, undefined, 403],
    ['viewer', 'GET', () => '/technicians', undefined, 403],
    ['viewer', 'GET', () => '/stock', undefined, 403],
    ['viewer', 'POST', () => `/work-orders/${id.woA2}/confirm`, { rating: 1 }, 404],
    ['viewer', 'POST', () => `/work-orders/${id.woA1a}/confirm`, { rating: 5 }, 400],
    ['viewer', 'POST', () => '/requests', () => ({ assetId: id.assetA2, title: 'Help' }), 404],
    ['other_admin', 'POST', () => '/requests', () => ({ assetId: id.assetA1, title: 'Help' }), 404],
    ['viewer', 'GET', () => '/kpis?from=0&to=4102444800000&format=csv', undefined, 403],
    ['viewer', 'GET', () => `/attachments/${id.photoA1}`, undefined, 200],
    ['viewer', 'GET', () => `/attachments/${id.photoA2}`, undefined, 404],
    ['other_admin', 'GET', () => `/attachments/${id.photoA1}`, undefined, 404],
    ['anonymous', 'GET', () => `/attachments/${id.photoA1}`, undefined, 401],
    ['viewer', 'GET', () => `/work-orders/${id.woA1}/attachments`, undefined, 200],
    ['viewer', 'GET', () => `/work-orders/${id.woA2}/attachments`, undefined, 404],
    ['viewer', 'GET', () => `/work-orders/${id.woA2}/checklist`, undefined, 404],
    [
      'viewer',
      'POST',
      () => `/work-orders/${id.woA2}/attachments`,
      { kind: 'photo', name: 'x.png', contentBase64: PNG_1x1 },
      404,
    ],
    [
      'viewer',
      'POST',
      () => `/assets/${id.assetA1}/attachments`,
      { kind: 'report', name: 'x.png', contentBase64: PNG_1x1 },
      403,
    ],
    ['viewer', 'GET', () => `/assets/${id.assetA1}/passport`, undefined, 200],
    ['viewer', 'GET', () => `/assets/${id.assetA2}/passport`, undefined, 404],
    ['other_admin', 'GET', () => `/assets/${id.assetA1}/passport`, undefined, 404],
    ['viewer', 'GET', () => '/plans', undefined, 403],
    ['viewer', 'POST', () => `/work-orders/${id.woA2}/sign-off`, { name: 'Zhang' }, 404],
  ];

  it('answers every role × route as specified', async () => {
    const got: number[] = [];
    for (const [who, method, url, body] of rows)
      got.push(
        (
          await s.call(
            who,
            method,
            url(),
            typeof body === 'function' ? (body as () => unknown)() : body,
          )
        ).statusCode,
      );
    expect(rows.map((r, i) => `${r[0]} ${r[1]} ${r[2]()} → ${got[i]}`)).toEqual(
      rows.map((r) => `${r[0]} ${r[1]} ${r[2]()} → ${r[4]}`),
    );
  });

  it('lists only the customer’s own work orders and contracts, without notes or costs', async () => {
    const { w } = s;
    const orders = json<{ items: WorkOrder[] }>(
      await s.call('viewer', 'GET', '/work-orders'),
    ).items;
    expect(orders.map((o) => o.id).sort()).toEqual([id.woA1, id.woA1a].sort());
    const byFilter = json<{ items: WorkOrder[] }>(
      await s.call('viewer', 'GET', `/work-orders?customerId=${w.customers.A2}`),
    );
    expect(byFilter.items).toEqual([]);
    // The asset filter takes a serial for the id (the API's addressing rule); an asset the
    // caller cannot see, or none, is a 404 naming it rather than an empty list.
    const bySerial = json<{ items: WorkOrder[] }>(
      await s.call('viewer', 'GET', '/work-orders?assetId=CH-1'),
    );
    expect(bySerial.items.map((o) => o.id)).toEqual([id.woA1]);
    for (const ref of ['CH-3', 'NO-SUCH-SERIAL']) {
      const r = await s.call('viewer', 'GET', `/work-orders?assetId=${ref}`);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'RONGHE_NOT_FOUND', details: { id: ref } });
    }
    for (const o of orders) {
      expect(o).not.toHaveProperty('internalNotes');
      expect(o).not.toHaveProperty('costFen');
      expect(o).not.toHaveProperty('labourMinutes');
    }
    const inside = json<WorkOrder>(await s.call('engineer', 'GET', `/work-orders/${id.woA1}`));
    expect(inside).toMatchObject({ internalNotes: 'customer is slow to pay', labourMinutes: 90 });
    const contracts = json<{ items: Contract[] }>(
      await s.call('viewer', 'GET', '/contracts'),
    ).items;
    expect(contracts.map((c) => c.id)).toEqual([id.cA1]);
    expect(contracts[0]).not.toHaveProperty('notes');
    expect(
      json<{ items: unknown[] }>(await s.call('other_admin', 'GET', '/work-orders')).items,
    ).toEqual([]);
    const kpis = json<{ failures: number; parts: unknown[] }>(
      await s.call('viewer', 'GET', '/kpis?from=0&to=4102444800000'),
    );
    expect(kpis.failures).toBe(2); // its two orders, not Wuxi's
  });

  it('lets the customer request service and confirm and rate a finished visit, once', async () => {
    const req = await s.call('viewer', 'POST', '/requests', {
      assetId: s.w.assets.A1a,
      title: 'Water leak',
      description: 'under the unit',
    });
    expect(req.statusCode, req.body).toBe(201);
    expect(json<WorkOrder>(req)).toMatchObject({
      source: 'request',
      status: 'new',
      customerId: s.w.customers.A1a,
    });
    const ok = await s.call('viewer', 'POST', `/work-orders/${id.woA1}/confirm`, {
      rating: 4,
      comment: 'quick',
    });
    expect(json<WorkOrder>(ok)).toMatchObject({ rating: 4, customerComment: 'quick' });
    const twice = await s.call('viewer', 'POST', `/work-orders/${id.woA1}/confirm`, { rating: 5 });
    expect(twice.statusCode).toBe(409);
  });
});
