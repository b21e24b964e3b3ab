// Bad input on the energy routes, every database: each refused with a 4xx naming the field, and
// nothing written.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { contract, useEnergyWorld } from './http-fixture.ts';

describeEachDatabase('energy HTTP bad input', (t) => {
  const f = useEnergyWorld(t);
  const { ids, as } = f;

  it('rejects bad meter and contract input naming the field, writing nothing', async () => {
    const before = (await as('engineer', { method: 'GET', url: '/api/v1/energy/meters' })).json<
      unknown[]
    >().length;
    const water = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/meters',
      payload: {
        name: 'w',
        kind: 'water',
        unit: 'kWh',
        source: { kind: 'channel', assetId: ids.a1, channel: 'kwh', mode: 'interval' },
      },
    });
    expect(water.statusCode).toBe(400);
    expect(water.json<{ message: string }>().message).toMatch(/^unit/);
    expect(
      (await as('engineer', { method: 'GET', url: '/api/v1/energy/meters' })).json<unknown[]>()
        .length,
    ).toBe(before);
    const share = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/contracts',
      payload: {
        ...contract(f.w.customers.A1),
        terms: { kind: 'shared-savings', providerShare: 1.5 },
      },
    });
    expect(share.statusCode).toBe(400);
    expect(share.json<{ message: string }>().message).toMatch(/terms/);
    const months = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/contracts',
      payload: {
        ...contract(f.w.customers.A1),
        tariff: {
          ...contract('').tariff,
          seasons: [{ months: [1], hours: Array(24).fill('flat') }],
        },
      },
    });
    expect(months.statusCode).toBe(400);
    expect(months.json<{ message: string }>().message).toMatch(/tariff\.seasons/);
    expect(
      (await as('engineer', { method: 'GET', url: '/api/v1/energy/contracts' })).json<unknown[]>(),
    ).toEqual([]);
    expect(
      (
        await as('viewer', {
          method: 'POST',
          url: '/api/v1/energy/contracts',
          payload: contract(f.w.customers.A1),
        })
      ).statusCode,
    ).toBe(403);
  });
});
