// Invoice-ready statements over HTTP on every database (issues 19 and 17): VAT per contract with
// every line separated to the fen and the totals the sums of the lines; the TOU tariff applied
// hour by hour where the meter has hourly data and the flat-load rule only for daily data, named
// on the statement; a customer's users see a statement only once issued; invoice numbers unique
// per tenant; the statement as CSV with a BOM in Chinese and English; the list paged by cursor
// with filters and sort, periods starting at local midnight in the tenant's zone.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import * as assets from '../../assets/index.ts';
import { setTimeZones } from '../../identity/index.ts';
import type { JsonPoint } from '../../telemetry/index.ts';
import {
  T0,
  T1,
  baseline,
  contract,
  flatPrice,
  hourlyUse,
  localMidnight,
  useEnergyWorld,
  weatherCsv,
} from './http-fixture.ts';

interface Line {
  item: string;
  grossFen: number;
  netFen: number;
  taxFen: number;
}
interface Statement {
  id: string;
  contractId: string;
  contractName: string;
  status: string;
  period: string;
  periodStartMs: number;
  amount: number;
  amountFen: number;
  netFen: number;
  taxFen: number;
  vatRate: number;
  lines: Line[];
  priceRule: string;
  invoiceNo: string | null;
  invoiceDate: string | null;
  evidence: {
    tariff: { pricePerUnit: number; rule: string; hourlyDays: number; flatDays: number };
    amounts: { customerToProvider: number; detail: Record<string, number> };
  };
}
interface Page {
  items: Statement[];
  nextCursor: string | null;
}

/** Net of a tax-inclusive line: gross ÷ (1 + rate), half away from zero to the fen. */
const netOf = (grossFen: number, rate: number) =>
  Math.sign(grossFen) * Math.round(Math.abs(grossFen) / (1 + rate));

/** Price of a local hour under the fixture tariff (valley 0–8, peak 8–16, flat 16–24). */
const priceOfHour = (ms: number) => {
  const h = new Date(ms + 480 * 60_000).getUTCHours();
  return h < 8 ? 0.3 : h < 16 ? 1.1 : 0.7;
};

describe('statement figures by hand', () => {
  it('are checked against a hand calculation (netOf)', () => {
    expect(netOf(109_900, 0.06)).toBe(103_679); // 1099.00 / 1.06 = 1036.792… → 1036.79
    expect(netOf(-5, 0.06)).toBe(-5); // −0.05 / 1.06 = −0.0472 → −0.05
  });
});

describeEachDatabase('energy statements HTTP', (t) => {
  const f = useEnergyWorld(t);
  const { ids, as } = f;
  const get = async <T>(who: Parameters<typeof as>[0], url: string) => {
    const r = await as(who, { method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };
  const post = (who: Parameters<typeof as>[0], url: string, payload: object) =>
    as(who, { method: 'POST', url, payload });

  /** A contract on a meter with a daily baseline approved by both parties. */
  async function agreed(meterId: string, spec: object) {
    const c = await post('engineer', '/api/v1/energy/contracts', spec);
    expect(c.statusCode, c.body).toBe(201);
    const cid = c.json<{ id: string }>().id;
    const b = await post(
      'engineer',
      `/api/v1/energy/contracts/${cid}/baselines`,
      baseline(meterId),
    );
    expect(b.statusCode, b.body).toBe(201);
    await post('tenant_admin', `/api/v1/energy/contracts/${cid}/baselines/1/approve`, {});
    const v = await post('viewer', `/api/v1/energy/contracts/${cid}/baselines/1/approve`, {});
    expect(v.json<{ status: string }>().status).toBe('approved');
    return cid;
  }

  it('sets up weather, a daily meter and an hourly meter, and three agreed contracts', async () => {
    const st = await post('engineer', '/api/v1/energy/weather-stations', {
      name: 'Suzhou Met',
      source: 'imported',
    });
    ids.station = st.json<{ id: string }>().id;
    await post('engineer', `/api/v1/energy/weather-stations/${ids.station}/import`, {
      csv: weatherCsv(),
    });
    for (const site of ['Suzhou', 'Wuxi'])
      await as('engineer', {
        method: 'PUT',
        url: `/api/v1/energy/sites/${site}/station`,
        payload: { stationId: ids.station },
      });
    const h = await assets.createAsset(f.w.db, f.w.scopeA, {
      name: 'EM-H',
      serial: 'EM-H',
      modelId: ids.model!,
      customerId: f.w.customers.A1,
      site: 'Suzhou',
    });
    const points: JsonPoint[] = [];
    for (let i = 0; T0 + i * 3_600_000 < T1; i++)
      points.push({ asset: h.id, ts: T0 + i * 3_600_000, values: { kwh: hourlyUse(i) } });
    for (let i = 0; i < points.length; i += 2000)
      await f.telemetry.ingestJson(f.w.scopeA, points.slice(i, i + 2000));
    await f.telemetry.flush();
    const meter = async (assetId: string) => {
      const r = await post('engineer', '/api/v1/energy/meters', {
        name: `m-${assetId}`,
        kind: 'electricity',
        unit: 'kWh',
        source: { kind: 'channel', assetId, channel: 'kwh', mode: 'interval' },
      });
      return r.json<{ id: string }>().id;
    };
    ids.mDaily = await meter(ids.a1!);
    ids.mHourly = await meter(h.id);
    ids.mLab = await meter(ids.a1b!);
    ids.cDaily = await agreed(ids.mDaily, { ...contract(f.w.customers.A1), vatRate: 0.06 });
    ids.cHourly = await agreed(ids.mHourly, {
      ...contract(f.w.customers.A1),
      name: 'Office outsourcing',
      terms: {
        kind: 'energy-cost-outsourcing',
        budgetPerPeriod: 10_000,
        providerShareBelowBudget: 0.5,
      },
      vatRate: 0.06,
    });
    ids.cLab = await agreed(ids.mLab, { ...contract(f.w.customers.A1), name: 'Lab', vatRate: 0 });
    const r = await post('engineer', '/api/v1/energy/settlements', { period: '2026-01' });
    const items = r.json<{ items: Array<{ status: string; reason?: string }> }>().items;
    expect(items.map((i) => i.status)).toEqual(['ok', 'ok', 'ok']);
  });

  const byContract = async (cid: string) =>
    (await get<Page>('engineer', `/api/v1/energy/statements?contractId=${cid}`)).items[0]!;

  it('adds up exactly: each line separated to the fen at the contract rate, totals the line sums', async () => {
    for (const cid of [ids.cDaily!, ids.cHourly!, ids.cLab!]) {
      const s = await byContract(cid);
      expect(s.lines.length).toBeGreaterThan(0);
      for (const l of s.lines) {
        for (const v of [l.grossFen, l.netFen, l.taxFen]) expect(Number.isInteger(v)).toBe(true);
        expect(l.netFen).toBe(netOf(l.grossFen, s.vatRate));
        expect(l.netFen + l.taxFen).toBe(l.grossFen);
      }
      const sum = (k: 'grossFen' | 'netFen' | 'taxFen') => s.lines.reduce((a, l) => a + l[k], 0);
      expect([s.amountFen, s.netFen, s.taxFen]).toEqual([
        sum('grossFen'),
        sum('netFen'),
        sum('taxFen'),
      ]);
      expect(s.netFen + s.taxFen).toBe(s.amountFen);
      expect(s.amount * 100).toBeCloseTo(s.amountFen, 9);
      expect(Math.round(s.evidence.amounts.customerToProvider * 100)).toBe(s.amountFen);
    }
    const daily = await byContract(ids.cDaily!);
    expect(daily.vatRate).toBe(0.06);
    expect(daily.lines.map((l) => l.item)).toEqual(['savings-share']);
    expect(daily.taxFen).toBeGreaterThan(0);
    // Outsourcing: the budget and the refund of the underrun are two lines, each separated.
    const out = await byContract(ids.cHourly!);
    expect(out.lines.map((l) => l.item)).toEqual(['budget', 'budget-refund']);
    expect(out.lines[0]).toEqual({
      item: 'budget',
      grossFen: 1_000_000,
      netFen: 943_396,
      taxFen: 56_604,
    });
    expect(out.lines[1]!.grossFen).toBeLessThan(0);
    const exempt = await byContract(ids.cLab!);
    expect([exempt.vatRate, exempt.taxFen, exempt.netFen]).toEqual([0, 0, exempt.amountFen]);
  });

  it('prices hour by hour where hourly data exists and by the flat-load rule for daily data only', async () => {
    const daily = await byContract(ids.cDaily!);
    expect(daily.priceRule).toBe('daily-flat-load');
    expect(daily.evidence.tariff).toMatchObject({
      rule: 'daily-flat-load',
      hourlyDays: 0,
      flatDays: 31,
    });
    expect(daily.evidence.tariff.pricePerUnit).toBeCloseTo(flatPrice, 12);
    const hourly = await byContract(ids.cHourly!);
    expect(hourly.priceRule).toBe('hourly');
    expect(hourly.evidence.tariff).toMatchObject({ rule: 'hourly', hourlyDays: 31, flatDays: 0 });
    // The January bill from the hourly use at each hour's band, computed here independently.
    let cost = 0;
    let kwh = 0;
    const jan = localMidnight(2026, 0, 1);
    for (let ms = jan; ms < localMidnight(2026, 1, 1); ms += 3_600_000) {
      const v = hourlyUse((ms - T0) / 3_600_000);
      cost += v * priceOfHour(ms);
      kwh += v;
    }
    expect(Math.abs(hourly.evidence.amounts.detail.energyCost! - cost)).toBeLessThanOrEqual(
      0.005 + 1e-9,
    );
    expect(hourly.evidence.tariff.pricePerUnit).toBeCloseTo(cost / kwh, 9);
    // Office hours fall in the peak band: the flat-load rule would have undercharged.
    expect(cost / kwh).toBeGreaterThan(flatPrice + 0.03);
  });

  it('shows a customer a statement only once issued; invoice numbers are unique per tenant', async () => {
    const s = await byContract(ids.cDaily!);
    const url = `/api/v1/energy/statements/${s.id}`;
    expect((await as('viewer', { method: 'GET', url })).statusCode).toBe(404);
    expect((await as('viewer', { method: 'GET', url: `${url}/csv` })).statusCode).toBe(404);
    expect((await get<Page>('viewer', '/api/v1/energy/statements')).items).toEqual([]);
    const noNumber = await post('engineer', `${url}/issue`, {});
    expect(noNumber.statusCode).toBe(400);
    expect(noNumber.body).toMatch(/invoiceNo/);
    const issued = await post('engineer', `${url}/issue`, {
      invoiceNo: '24322000000012345678',
      invoiceDate: '2026-02-03',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json<Statement>()).toMatchObject({
      status: 'issued',
      invoiceNo: '24322000000012345678',
      invoiceDate: '2026-02-03',
    });
    const seen = await get<Statement>('viewer', url);
    expect(seen).toMatchObject({
      status: 'issued',
      invoiceNo: '24322000000012345678',
      amountFen: s.amountFen,
    });
    const other = await byContract(ids.cHourly!);
    const dup = await post('engineer', `/api/v1/energy/statements/${other.id}/issue`, {
      invoiceNo: '24322000000012345678',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toMatch(/invoiceNo/);
    expect((await byContract(ids.cHourly!)).status).toBe('draft');
    const ok = await post('engineer', `/api/v1/energy/statements/${other.id}/issue`, {
      invoiceNo: 'INV-2',
    });
    expect(ok.json<Statement>().invoiceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('exports a statement as CSV with a BOM, in Chinese and English, adding up as printed', async () => {
    const s = await byContract(ids.cHourly!);
    const zh = await as('viewer', {
      method: 'GET',
      url: `/api/v1/energy/statements/${s.id}/csv`,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toMatch(/text\/csv/);
    expect(zh.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(zh.body).toMatch(/发票号,INV-2/);
    expect(zh.body).toMatch(/逐时按分时电价计算/);
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    expect(zh.body).toContain(`合计,${yuan(s.amountFen)},${yuan(s.netFen)},${yuan(s.taxFen)}`);
    expect(zh.body).toContain('能源费用托管费,10000.00,9433.96,566.04');
    const en = await as('viewer', {
      method: 'GET',
      url: `/api/v1/energy/statements/${s.id}/csv?lang=en&bom=false`,
    });
    expect(en.rawPayload[0]).not.toBe(0xef);
    expect(en.body).toMatch(/^Field,Value\r\n/);
    expect(en.body).toContain('Time-of-use pricing,hour by hour from hourly data');
    expect(en.body).toContain(`Total,${yuan(s.amountFen)},${yuan(s.netFen)},${yuan(s.taxFen)}`);
  });

  it('pages statements by cursor with filters and sort; periods start at local midnight', async () => {
    const all = await get<Page>('engineer', '/api/v1/energy/statements');
    expect(all.items).toHaveLength(3);
    // 2026-01 begins at 00:00 in Asia/Shanghai (the tenant's zone), 16:00 UTC the day before.
    for (const s of all.items) expect(s.periodStartMs).toBe(localMidnight(2026, 0, 1));
    const seen: Statement[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/energy/statements?sort=amount&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page = await get<Page>('engineer', q);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id).sort()).toEqual(all.items.map((s) => s.id).sort());
    const amounts = seen.map((s) => s.amountFen);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    const issued = await get<Page>('engineer', '/api/v1/energy/statements?status=issued');
    expect(issued.items.map((s) => s.status)).toEqual(['issued', 'issued']);
    const lab = await get<Page>('engineer', `/api/v1/energy/statements?contractId=${ids.cLab}`);
    expect(lab.items.map((s) => s.contractName)).toEqual(['Lab']);
    const other = `/api/v1/energy/statements?customerId=${f.w.customers.A2}`;
    expect((await get<Page>('engineer', other)).items).toEqual([]);
    // Times by the one parser in the tenant's zone: '2026-01-01' is the local midnight the period
    // starts at; read in UTC it is eight hours later, after the start.
    const from = (q: string) => get<Page>('engineer', `/api/v1/energy/statements?${q}`);
    expect((await from('from=2026-01-01')).items).toHaveLength(3);
    expect((await from('from=2026-01-01&tz=UTC')).items).toHaveLength(0);
    expect((await from('to=2026-01-01')).items).toHaveLength(0);
    const bad = await as('engineer', {
      method: 'GET',
      url: '/api/v1/energy/statements?cursor=xyz',
    });
    expect(bad.statusCode).toBe(400);
    // The customer's users page through their issued statements only.
    const mine = await get<Page>('viewer', '/api/v1/energy/statements?limit=1');
    expect(mine.items.map((s) => s.status)).toEqual(['issued']);
    expect(mine.nextCursor).not.toBeNull();
  });

  it("cuts a period at midnight in the tenant's zone when the tenant names another", async () => {
    const tenant = f.w.scopeA.tenantId;
    await setTimeZones(f.w.db, tenant, { timeZone: 'UTC' }, 'test');
    try {
      const r = await post('engineer', '/api/v1/energy/settlements', {
        period: '2026-01',
        contractIds: [ids.cLab],
      });
      expect(r.json<{ items: Array<{ status: string }> }>().items[0]!.status).toBe('ok');
      expect((await byContract(ids.cLab!)).periodStartMs).toBe(Date.UTC(2026, 0, 1));
    } finally {
      await setTimeZones(f.w.db, tenant, { timeZone: 'Asia/Shanghai' }, 'test');
    }
  });
});
