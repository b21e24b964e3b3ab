// HTTP tests of the energy routes on every database: access (own customer, other customer, other
// tenant), bad input (a 4xx naming the field, nothing written) and the contract rules — baseline
// approved by both parties then frozen, amendments, settlement with evidence, statement lifecycle.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { can } from '../../identity/index.ts';
import { roundYuan } from '../../kernel/index.ts';
import type { JsonPoint } from '../../telemetry/index.ts';
import * as assets from '../../assets/index.ts';
import {
  DAY,
  T0,
  T1,
  baseline,
  contract,
  flatPrice,
  hourlyUse,
  localMidnight,
  tempC,
  use,
  useEnergyWorld,
  weatherCsv,
} from './http-fixture.ts';

// The routes declare energy:read and contract:approve; these HTTP tests need the roles to grant
// them: every tenant role and the customer viewer read energy data; the customer viewer (customer
// party) and the tenant admin (provider party) approve baselines and accept statements.
describe('roles for the energy routes', () => {
  it('grant energy:read and contract:approve as the contract workflow needs', () => {
    for (const r of ['tenant_admin', 'engineer', 'technician', 'customer_viewer'] as const)
      expect(can(r, 'energy:read'), `${r} energy:read`).toBe(true);
    for (const r of ['tenant_admin', 'customer_viewer'] as const)
      expect(can(r, 'contract:approve'), `${r} contract:approve`).toBe(true);
  });
});

describeEachDatabase('energy HTTP', (t) => {
  const f = useEnergyWorld(t);
  const { ids, as } = f;

  it('sets up weather: an imported station linked to both sites', async () => {
    const st = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/weather-stations',
      payload: { name: 'Suzhou Met', source: 'imported' },
    });
    expect(st.statusCode).toBe(201);
    ids.station = st.json<{ id: string }>().id;
    const imp = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/weather-stations/${ids.station}/import`,
      payload: { csv: weatherCsv() },
    });
    expect(imp.statusCode).toBe(200);
    expect(imp.json<{ hours: number }>().hours).toBeGreaterThan(9000);
    for (const site of ['Suzhou', 'Wuxi'])
      expect(
        (
          await as('engineer', {
            method: 'PUT',
            url: `/api/v1/energy/sites/${site}/station`,
            payload: { stationId: ids.station },
          })
        ).statusCode,
      ).toBe(200);
    const bad = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/weather-stations/${ids.station}/import`,
      payload: { csv: 'dt,tempC\nyesterday,3' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ message: string }>().message).toMatch(/line 2/);
  });

  it('creates meters; a customer sees only its own, another tenant none', async () => {
    const mk = (assetId: string) =>
      as('engineer', {
        method: 'POST',
        url: '/api/v1/energy/meters',
        payload: {
          name: `m-${assetId}`,
          kind: 'electricity',
          unit: 'kWh',
          source: { kind: 'channel', assetId, channel: 'kwh', mode: 'interval' },
        },
      });
    for (const [k, a] of [
      ['m1', ids.a1],
      ['m1b', ids.a1b],
      ['m2', ids.a2],
    ] as const) {
      const r = await mk(a!);
      expect(r.statusCode).toBe(201);
      ids[k] = r.json<{ id: string }>().id;
    }
    const v = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/meters',
      payload: {
        name: 'main minus sub',
        kind: 'electricity',
        unit: 'kWh',
        source: {
          kind: 'virtual',
          terms: [
            { meterId: ids.m1, sign: 1 },
            { meterId: ids.m1b, sign: -1 },
          ],
        },
      },
    });
    expect(v.statusCode).toBe(201);
    const from = localMidnight(2025, 5, 1);
    const daily = await as('viewer', {
      method: 'GET',
      url: `/api/v1/energy/meters/${v.json<{ id: string }>().id}/daily?from=${from}&to=${from + 3 * DAY}`,
    });
    expect(daily.statusCode).toBe(200);
    const d0 = daily.json<{ days: Array<{ value: number }> }>().days[0]!;
    expect(d0.value).toBeCloseTo(0.75 * use(Math.round((from - T0) / DAY)), 6);
    const list = await as('viewer', { method: 'GET', url: '/api/v1/energy/meters' });
    expect(
      list
        .json<Array<{ id: string }>>()
        .map((m) => m.id)
        .sort(),
    ).toEqual([ids.m1, ids.m1b, v.json<{ id: string }>().id].sort());
    expect(
      (await as('viewer', { method: 'GET', url: `/api/v1/energy/meters/${ids.m2}` })).statusCode,
    ).toBe(404);
    expect(
      (await as('other_admin', { method: 'GET', url: `/api/v1/energy/meters/${ids.m1}` }))
        .statusCode,
    ).toBe(404);
    const mixed = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/meters',
      payload: {
        name: 'x',
        kind: 'electricity',
        unit: 'kWh',
        source: {
          kind: 'virtual',
          terms: [
            { meterId: ids.m1, sign: 1 },
            { meterId: ids.m2, sign: 1 },
          ],
        },
      },
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json<{ message: string }>().message).toMatch(/terms\.1\.meterId/);
  });

  it('freezes a baseline approved by both parties and settles a month with its evidence', async () => {
    const c = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/contracts',
      payload: contract(f.w.customers.A1),
    });
    expect(c.statusCode).toBe(201);
    const cid = (ids.c1 = c.json<{ id: string }>().id);
    const early = await settle([cid]);
    expect(early[0]).toMatchObject({
      status: 'insufficient-data',
      reason: expect.stringMatching(/baseline/),
    });
    const p = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines`,
      payload: baseline(ids.m1!),
    });
    expect(p.statusCode).toBe(201);
    const b = p.json<{
      version: number;
      status: string;
      model: { type: string; params: { heatingBalancePoint?: number } };
    }>();
    expect(b).toMatchObject({ version: 1, status: 'proposed' });
    expect(b.model.type).toMatch(/hdd/);
    const a1 = await as('tenant_admin', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines/1/approve`,
    });
    expect(a1.statusCode).toBe(200);
    expect(a1.json<{ status: string }>().status).toBe('proposed');
    expect(
      (
        await as('platform_admin', {
          method: 'POST',
          url: `/api/v1/energy/contracts/${cid}/baselines/1/approve`,
        })
      ).statusCode,
    ).toBe(409);
    expect((await settle([cid]))[0]!.status).toBe('insufficient-data');
    const a2 = await as('viewer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines/1/approve`,
    });
    expect(a2.json<{ status: string }>().status).toBe('approved');

    const [item] = await settle([cid]);
    expect(item!.status).toBe('ok');
    const sid = (ids.s1 = item!.value!.statementId!);
    // A draft is the provider's working copy: the customer's users do not see it (issue 19).
    expect(
      (await as('viewer', { method: 'GET', url: `/api/v1/energy/statements/${sid}` })).statusCode,
    ).toBe(404);
    const s = (
      await as('engineer', { method: 'GET', url: `/api/v1/energy/statements/${sid}` })
    ).json<{
      status: string;
      savingsKwh: number;
      amount: number;
      evidence: {
        energy: { predicted: number; observed: number };
        uncertainty: { fsu90: number };
        coverage: { share: number };
        model: { baselineVersion: number };
      };
    }>();
    expect(s.status).toBe('draft');
    expect(s.savingsKwh / s.evidence.energy.predicted).toBeGreaterThan(0.17);
    expect(s.savingsKwh / s.evidence.energy.predicted).toBeLessThan(0.23);
    expect(s.evidence.coverage.share).toBe(1);
    expect(s.evidence.uncertainty.fsu90).toBeGreaterThan(0);
    expect(s.evidence.model.baselineVersion).toBe(1);
    // Money to the fen (src/kernel/money.ts): the savings value is rounded, then the share of it.
    expect(s.amount).toBe(roundYuan(roundYuan(s.savingsKwh * flatPrice) * 0.6));
    expect(Math.round(s.amount * 100)).toBeCloseTo(s.amount * 100, 6);
  });

  it('moves statements draft → issued → accepted by the right party, with an audit trail', async () => {
    const url = (a: string) => `/api/v1/energy/statements/${ids.s1}/${a}`;
    // The customer does not see a draft, so there is nothing to accept (404).
    expect(
      (await as('viewer', { method: 'POST', url: url('accept'), payload: {} })).statusCode,
    ).toBe(404);
    const invoice = { invoiceNo: 'INV-0001', invoiceDate: '2026-02-03' };
    expect(
      (await as('viewer', { method: 'POST', url: url('issue'), payload: invoice })).statusCode,
    ).toBe(403);
    expect(
      (await as('engineer', { method: 'POST', url: url('issue'), payload: invoice })).json<{
        status: string;
      }>().status,
    ).toBe('issued');
    expect(
      (await as('engineer', { method: 'POST', url: url('accept'), payload: {} })).statusCode,
    ).toBe(403);
    expect(
      (
        await as('viewer', { method: 'POST', url: url('accept'), payload: { note: 'agreed' } })
      ).json<{ status: string }>().status,
    ).toBe('accepted');
    expect((await settle([ids.c1!]))[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/accepted/),
    });
    const trail = (
      await as('viewer', { method: 'GET', url: `/api/v1/energy/statements/${ids.s1}/audit` })
    ).json<Array<{ action: string }>>();
    expect(trail.map((e) => e.action).sort()).toEqual([
      'energy.statement.accepted',
      'energy.statement.issued',
      'energy.statement.settle',
    ]);
  });

  it('amends a frozen baseline only with both approvals again', async () => {
    const cid = ids.c1!;
    const p = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines`,
      payload: {
        ...baseline(ids.m1!),
        adjustments: [
          { from: '2026-02-01', to: '2026-03-01', kwhPerDay: 50, reason: 'new production line' },
        ],
      },
    });
    expect(p.json<{ version: number }>().version).toBe(2);
    await as('tenant_admin', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines/2/approve`,
    });
    const list = (
      await as('viewer', { method: 'GET', url: `/api/v1/energy/contracts/${cid}/baselines` })
    ).json<Array<{ version: number; status: string }>>();
    expect(list.map((b) => [b.version, b.status])).toEqual([
      [1, 'approved'],
      [2, 'proposed'],
    ]);
    await as('viewer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines/2/approve`,
    });
    const after = (
      await as('viewer', { method: 'GET', url: `/api/v1/energy/contracts/${cid}/baselines` })
    ).json<Array<{ status: string }>>();
    expect(after.map((b) => b.status)).toEqual(['superseded', 'approved']);
  });

  it('records consumption above the frozen model as anomalies with their magnitude', async () => {
    // Two February days: one at three times the model's use, one normal (weather of 1 Feb).
    const feb = localMidnight(2026, 1, 1);
    const predicted = use(Math.round((feb - T0) / DAY) - 1) / 0.8;
    await f.telemetry.ingestJson(f.w.scopeA, [
      { asset: ids.a1!, ts: feb + 12 * 3_600_000, values: { kwh: 3 * predicted } },
      { asset: ids.a1!, ts: feb + DAY + 12 * 3_600_000, values: { kwh: predicted } },
    ]);
    await f.telemetry.flush();
    const csv = ['dt,tempC'];
    for (let h = 0; h < 48; h++)
      csv.push(
        `${new Date(feb + h * 3_600_000).toISOString()},${tempC(Math.round((feb - T0) / DAY) - 1).toFixed(3)}`,
      );
    await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/weather-stations/${ids.station}/import`,
      payload: { csv: csv.join('\n') },
    });
    const scan = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${ids.c1}/anomaly-scan`,
      payload: { from: feb, to: feb + 2 * DAY },
    });
    expect(scan.statusCode).toBe(200);
    const found = scan.json<{
      daysChecked: number;
      anomalies: Array<{ dayMs: number; excessFraction: number }>;
    }>();
    expect(found.daysChecked).toBe(2);
    expect(found.anomalies.map((a) => a.dayMs)).toEqual([feb]);
    expect(found.anomalies[0]!.excessFraction).toBeGreaterThan(1.5);
    const list = await as('viewer', { method: 'GET', url: '/api/v1/energy/anomalies' });
    expect(list.json<unknown[]>()).toHaveLength(1);
    expect(
      (await as('other_admin', { method: 'GET', url: '/api/v1/energy/anomalies' })).json<
        unknown[]
      >(),
    ).toHaveLength(0);
  });

  it('settles an hourly (TOWT) baseline and refuses when its frozen data has changed', async () => {
    const a = await assets.createAsset(f.w.db, f.w.scopeA, {
      name: 'EM-H',
      serial: 'EM-H',
      modelId: ids.model!,
      customerId: f.w.customers.A1,
      site: 'Suzhou',
    });
    const hourly = hourlyUse;
    const points: JsonPoint[] = [];
    for (let h = 0; T0 + h * 3_600_000 < T1; h++)
      points.push({ asset: a.id, ts: T0 + h * 3_600_000, values: { kwh: hourly(h) } });
    for (let i = 0; i < points.length; i += 2000)
      await f.telemetry.ingestJson(f.w.scopeA, points.slice(i, i + 2000));
    await f.telemetry.flush();
    const m = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/meters',
      payload: {
        name: 'hourly',
        kind: 'electricity',
        unit: 'kWh',
        source: { kind: 'channel', assetId: a.id, channel: 'kwh', mode: 'interval' },
      },
    });
    const c = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/contracts',
      payload: { ...contract(f.w.customers.A1), name: 'hourly' },
    });
    const cid = c.json<{ id: string }>().id;
    const p = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines`,
      payload: { ...baseline(m.json<{ id: string }>().id), method: 'hourly' },
    });
    expect(p.statusCode).toBe(201);
    expect(
      p.json<{ model: { method: string; baselineDigest: { hours: number } } }>().model,
    ).toMatchObject({ method: 'hourly', baselineDigest: { hours: 8760 } });
    await as('tenant_admin', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines/1/approve`,
    });
    await as('viewer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${cid}/baselines/1/approve`,
    });
    const [item] = await settle([cid]);
    expect(item!.status).toBe('ok');
    const s = (
      await as('engineer', {
        method: 'GET',
        url: `/api/v1/energy/statements/${item!.value!.statementId}`,
      })
    ).json<{
      savingsKwh: number;
      evidence: { energy: { predicted: number }; uncertainty: { fsu90: number | null } };
    }>();
    expect(s.savingsKwh / s.evidence.energy.predicted).toBeGreaterThan(0.17);
    expect(s.savingsKwh / s.evidence.energy.predicted).toBeLessThan(0.23);
    // The M&V engine gives Guideline 14 FSU for daily and billing models only; the statement says so.
    expect(s.evidence.uncertainty).toMatchObject({
      fsu90: null,
      note: expect.stringMatching(/hourly/),
    });
    // A late correction of a baseline hour changes the agreed data: no silent re-settlement.
    await f.telemetry.ingestJson(f.w.scopeA, [
      { asset: a.id, ts: T0 + 100 * 3_600_000, values: { kwh: 99 } },
    ]);
    await f.telemetry.flush();
    expect((await settle([cid]))[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/baseline data changed/),
    });
  });

  it("hides other customers' and tenants' contracts (404), and settles only what is in scope", async () => {
    const c2 = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/contracts',
      payload: contract(f.w.customers.A2),
    });
    const id2 = c2.json<{ id: string }>().id;
    expect(
      (await as('viewer', { method: 'GET', url: `/api/v1/energy/contracts/${id2}` })).statusCode,
    ).toBe(404);
    expect(
      (
        await as('viewer', {
          method: 'POST',
          url: `/api/v1/energy/contracts/${id2}/baselines/1/approve`,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await as('other_admin', { method: 'GET', url: `/api/v1/energy/contracts/${ids.c1}` }))
        .statusCode,
    ).toBe(404);
    const visible = (await as('viewer', { method: 'GET', url: '/api/v1/energy/contracts' })).json<
      Array<{ id: string; customerId: string }>
    >();
    expect(visible.map((c) => c.id)).toContain(ids.c1);
    expect(visible.map((c) => c.id)).not.toContain(id2);
    expect(visible.every((c) => c.customerId === f.w.customers.A1)).toBe(true);
    const wrongMeter = await as('engineer', {
      method: 'POST',
      url: `/api/v1/energy/contracts/${id2}/baselines`,
      payload: baseline(ids.m1!),
    });
    expect(wrongMeter.statusCode).toBe(400);
    expect(wrongMeter.json<{ message: string }>().message).toMatch(/meterId/);
  });

  async function settle(contractIds: string[]) {
    const r = await as('engineer', {
      method: 'POST',
      url: '/api/v1/energy/settlements',
      payload: { period: '2026-01', contractIds },
    });
    expect(r.statusCode).toBe(200);
    return r.json<{
      items: Array<{ status: string; reason?: string; value?: { statementId?: string } }>;
    }>().items;
  }
});
