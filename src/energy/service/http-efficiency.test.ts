// Efficiency and heating indicators over HTTP on every database: plant COP and kW/RT with a
// benchmark across the installed base, heating curves, W/m², deviation and imbalance.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { localMidnight, useEnergyWorld } from './http-fixture.ts';

describeEachDatabase('energy efficiency and heating HTTP', (t) => {
  const f = useEnergyWorld(t);
  const { ids, as } = f;

  it('efficiency: plant COP and kW/RT, benchmark across the installed base', async () => {
    const q = `from=${localMidnight(2025, 5, 1)}&to=${localMidnight(2025, 6, 1)}`;
    const r = await as('viewer', {
      method: 'GET',
      url: `/api/v1/energy/efficiency/assets/${ids.a1}?kind=chiller&${q}`,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ cop: number; kwPerTon: number }>()).toMatchObject({
      cop: 5,
      kwPerTon: expect.closeTo(3.517 / 5, 9),
    });
    const b = await as('engineer', {
      method: 'GET',
      url: `/api/v1/energy/efficiency/benchmark?modelId=${ids.model}&${q}`,
    });
    // Only EM-1 reports cooling and compressor power; the other meters of the model are 'missing'.
    const bench = b.json<{
      count: number;
      missing: number;
      rows: Array<{ id: string; value: number }>;
    }>();
    expect(bench.count).toBe(1);
    expect(bench.missing).toBeGreaterThanOrEqual(2);
    expect(bench.rows[0]).toMatchObject({ id: ids.a1, value: 5 });
    expect(
      (
        await as('viewer', {
          method: 'GET',
          url: `/api/v1/energy/efficiency/assets/${ids.a2}?kind=chiller&${q}`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('heating: curve per model, station W/m² and deviation, imbalance', async () => {
    const put = await as('engineer', {
      method: 'PUT',
      url: `/api/v1/energy/heating/curves/model/${ids.model}`,
      payload: {
        points: [
          { outdoorC: -10, supplyC: 70 },
          { outdoorC: 20, supplyC: 40 },
        ],
      },
    });
    expect(put.statusCode).toBe(200);
    const bad = await as('engineer', {
      method: 'PUT',
      url: `/api/v1/energy/heating/curves/model/${ids.model}`,
      payload: {
        points: [
          { outdoorC: -10, supplyC: 40 },
          { outdoorC: 20, supplyC: 70 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    // The model's three assets are its stations now, by name; a customer's user sees its own.
    const names = async (who: 'engineer' | 'viewer') =>
      (await as(who, { method: 'GET', url: '/api/v1/energy/heating/stations' })).json<
        Array<{ name: string; curve: string }>
      >();
    expect(await names('engineer')).toEqual(
      ['EM-1', 'EM-1B', 'EM-2'].map((name) => expect.objectContaining({ name, curve: 'model' })),
    );
    expect((await names('viewer')).map((x) => x.name)).toEqual(['EM-1', 'EM-1B']);
    const q = `from=${localMidnight(2025, 0, 1)}&to=${localMidnight(2025, 1, 1)}`;
    const st = (
      await as('viewer', { method: 'GET', url: `/api/v1/energy/heating/stations/${ids.a1}?${q}` })
    ).json<{ wPerM2: number; curve: { deviation: { meanK: number } } }>();
    expect(st.wPerM2).toBeCloseTo(50, 9);
    // Supply = 62 − T; curve target = 60 − T inside its range, so 2 K above the curve.
    expect(st.curve.deviation.meanK).toBeCloseTo(2, 6);
    const imb = (
      await as('viewer', {
        method: 'GET',
        url: `/api/v1/energy/heating/imbalance?customerId=${f.w.customers.A1}&${q}`,
      })
    ).json<{ meanWPerM2: number; returnSpreadK: number }>();
    expect(imb.meanWPerM2).toBeCloseTo(42.5, 9);
    expect(imb.returnSpreadK).toBeCloseTo(5, 9);
  });
});
