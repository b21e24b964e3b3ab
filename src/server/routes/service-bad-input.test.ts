// Bad input to the service routes on each database: a 400 naming the field, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceScene, calendar2026 } from '../../../test/service-scene.ts';
import { type ServiceWorld } from '../../../test/service-world.ts';
import type { WorkOrder } from '../../service/index.ts';

describeEachDatabase('service bad input over HTTP', (t) => {
  let s: ServiceWorld;
  let contractA1: string;
  let ids: Record<string, string>;
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    ({ s, contractA1, ids } = await createServiceScene(t));
  });
  afterAll(() => s?.close());

  describe('bad input: a 400 naming the field, nothing written', () => {
    it('refuses unknown and illegal transitions', async () => {
      const wo = json<WorkOrder>(
        await s.call('technician', 'POST', '/work-orders', {
          assetId: s.w.assets.A1,
          title: 'x',
          priority: 'low',
        }),
      );
      const unknown = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'flying',
      });
      expect(unknown.statusCode).toBe(400);
      expect(json<{ message: string }>(unknown).message).toMatch(
        /^to: 'flying' is not a work-order state/,
      );
      const illegal = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'done',
      });
      expect(illegal.statusCode).toBe(400);
      expect(json<{ message: string; details: unknown }>(illegal)).toMatchObject({
        message: expect.stringMatching(/cannot go from new to done/),
        details: [{ field: 'to', from: 'new', to: 'done' }],
      });
      const noTech = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'assigned',
      });
      expect([noTech.statusCode, json<{ message: string }>(noTech).message]).toEqual([
        400,
        expect.stringMatching(/^technicianId:/),
      ]);
      const now = json<WorkOrder>(await s.call('engineer', 'GET', `/work-orders/${wo.id}`));
      expect([now.status, now.version]).toEqual(['new', 1]);
      // A closed order (the flow test's in the one-file days): assign, start, done, close.
      await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, { technicianId: ids.li! });
      for (const to of ['in_progress', 'done', 'closed'])
        expect(
          (await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to }))
            .statusCode,
        ).toBe(200);
      const closedAgain = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
        to: 'in_progress',
      });
      expect(json<{ message: string }>(closedAgain).message).toMatch(
        /from closed to in_progress; .* none \(final state\)/,
      );
    });

    it('refuses overlapping contract periods and contradictory calendars, writing nothing', async () => {
      const { w } = s;
      const base = {
        customerId: w.customers.A1,
        name: 'Renewal',
        kind: 'warranty',
        validFrom: '2026-12-01',
        validTo: '2027-11-30',
        assetIds: [w.assets.A1],
        sla: {},
      };
      const overlap = await s.call('engineer', 'POST', '/contracts', base);
      expect(overlap.statusCode).toBe(400);
      expect(json<{ message: string }>(overlap).message).toMatch(
        new RegExp(
          `^assetIds\\[0\\]: asset ${w.assets.A1} is already covered by contract ${contractA1}`,
        ),
      );
      const bad = await s.call('engineer', 'POST', '/contracts', {
        ...base,
        validFrom: '2027-01-01',
        calendar: { ...calendar2026, workdays: ['2026-10-10', '2026-10-05'] },
      });
      expect(bad.statusCode).toBe(400);
      expect(json<{ message: string }>(bad).message).toBe(
        'calendar.workdays[1]: 2026-10-05 is both a public holiday and an adjusted working day',
      );
      const dates = await s.call('engineer', 'POST', '/contracts', {
        ...base,
        validFrom: '2027-02-30',
      });
      expect(json<{ message: string }>(dates).message).toMatch(/^validFrom:/);
      const list = json<{ items: unknown[] }>(
        await s.call('engineer', 'GET', `/contracts?customerId=${w.customers.A1}`),
      );
      expect(list.items).toHaveLength(1);
      // The period after the current one is free: the renewal goes in.
      const ok = await s.call('engineer', 'POST', '/contracts', {
        ...base,
        validFrom: '2027-01-01',
      });
      expect(ok.statusCode, ok.body).toBe(201);
    });
  });
});
