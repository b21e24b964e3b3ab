import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../mv/index.ts';
import { contractAmounts, settle } from './settlement.ts';
import {
  checkTariff,
  energyCost,
  flatLoadPrice,
  flatTariff,
  priceAt,
  type Tariff,
} from './tariff.ts';
import { periodBounds, checkStatementTransition } from './statement.ts';
import type { FrozenModel } from './types.ts';

// A Jiangsu-like industrial TOU pattern (illustrative prices): valley 00–08, peak 08–11 and
// 17–22, flat otherwise; a critical peak 10–11 and 14–15 in July and August.
const hours = (spec: Record<number, 'peak' | 'valley' | 'critical'>) =>
  Array.from({ length: 24 }, (_, h) => spec[h] ?? 'flat');
const base: Record<number, 'peak' | 'valley'> = {};
for (let h = 0; h < 8; h++) base[h] = 'valley';
for (const h of [8, 9, 10, 17, 18, 19, 20, 21]) base[h] = 'peak';
const tou: Tariff = {
  currency: 'CNY',
  utcOffsetMin: 480,
  prices: { critical: 1.5, peak: 1.2, flat: 0.7, valley: 0.3 },
  seasons: [
    { months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12], hours: hours(base) },
    { months: [7, 8], hours: hours({ ...base, 10: 'critical', 14: 'critical' }) },
  ],
};

describe('time-of-use tariff', () => {
  it('prices each local hour by its band and month', () => {
    checkTariff(tou);
    // 2026-01-15 09:30 Beijing time = 01:30 UTC → peak; 03:00 Beijing → valley.
    expect(priceAt(tou, Date.UTC(2026, 0, 15, 1, 30))).toEqual({ band: 'peak', price: 1.2 });
    expect(priceAt(tou, Date.UTC(2026, 0, 14, 19, 0))).toEqual({ band: 'valley', price: 0.3 });
    expect(priceAt(tou, Date.UTC(2026, 6, 15, 2, 30)).band).toBe('critical');
    const c = energyCost(tou, [
      [Date.UTC(2026, 0, 15, 1, 30), 10],
      [Date.UTC(2026, 0, 14, 19, 0), 10],
    ]);
    expect(c.cost).toBeCloseTo(15, 10);
    expect(c.byBand.peak.kwh).toBe(10);
  });
  it('averages a flat daily load over the bands (8 valley, 8 peak, 8 flat hours in January)', () => {
    const day = Date.UTC(2026, 0, 14, 16); // local midnight 2026-01-15
    expect(flatLoadPrice(tou, [day])).toBeCloseTo((8 * 0.3 + 8 * 1.2 + 8 * 0.7) / 24, 12);
  });
  it('rejects a tariff that misses a month, repeats one or uses an unpriced band', () => {
    expect(() => checkTariff({ ...tou, seasons: [tou.seasons[0]!] })).toThrow(/each month/);
    expect(() =>
      checkTariff({ ...tou, seasons: [...tou.seasons, { months: [7], hours: hours({}) }] }),
    ).toThrow(/twice/);
    expect(() => checkTariff({ ...tou, prices: { peak: 1, flat: 1, valley: 1 } })).toThrow(
      /critical/,
    );
  });
});

describe('contract amounts (GB/T 24915-2020 types)', () => {
  it('shared savings: the provider gets its share of positive savings only', () => {
    const t = { kind: 'shared-savings' as const, providerShare: 0.7 };
    expect(contractAmounts(t, 1000, 0.8, 0).customerToProvider).toBeCloseTo(560, 10);
    expect(contractAmounts(t, -200, 0.8, 0).customerToProvider).toBe(0);
  });
  it('guaranteed savings: the provider pays the shortfall, shares the excess', () => {
    const t = {
      kind: 'guaranteed-savings' as const,
      guaranteedKwhPerPeriod: 1000,
      providerShareOfExcess: 0.5,
    };
    const short = contractAmounts(t, 700, 0.8, 0);
    expect(short.customerToProvider).toBeCloseTo(-240, 10);
    expect(short.detail.shortfallKwh).toBe(300);
    expect(contractAmounts(t, 1500, 0.8, 0).customerToProvider).toBeCloseTo(200, 10);
  });
  it('energy cost outsourcing: overrun borne by the provider, underrun shared', () => {
    const t = {
      kind: 'energy-cost-outsourcing' as const,
      budgetPerPeriod: 10_000,
      providerShareBelowBudget: 0.6,
    };
    const over = contractAmounts(t, 0, 0, 12_000);
    expect(over.customerToProvider).toBe(10_000);
    expect(over.detail.overrunBorneByProvider).toBe(2000);
    const under = contractAmounts(t, 0, 0, 8000);
    expect(under.detail.customerRefund).toBeCloseTo(800, 10);
    expect(under.customerToProvider).toBeCloseTo(9200, 10);
  });
  it('rounds every amount to the fen (四舍五入) and totals the rounded lines', () => {
    // 1234.5 kWh at 0.7333 CNY/kWh is 905.25885 CNY: 905.26 on the statement.
    const shared = contractAmounts(
      { kind: 'shared-savings', providerShare: 0.5 },
      1234.5,
      0.7333,
      0,
    );
    expect(shared.savingsValue).toBe(905.26);
    // The provider's half of the rounded 905.26 is 452.63, not half of 905.25885 (452.629…).
    expect(shared.customerToProvider).toBe(452.63);
    // 3.35 kWh short at 0.75 = 2.5125 → 2.51; 0.7 kWh excess at 0.75 × 0.5 = 0.2625 → 0.26.
    const g = {
      kind: 'guaranteed-savings' as const,
      guaranteedKwhPerPeriod: 10,
      providerShareOfExcess: 0.5,
    };
    const short = contractAmounts(g, 6.65, 0.75, 0);
    expect(short.detail.shortfallPayment).toBe(2.51);
    expect(short.customerToProvider).toBe(-2.51);
    expect(contractAmounts(g, 10.7, 0.75, 0).customerToProvider).toBe(0.26);
    // A budget of 100.005 is 100.01; a cost of 99.994 is 99.99; the refund is 0.6 × 0.02 = 0.012
    // → 0.01, and what the customer pays is the printed budget less the printed refund.
    const o = contractAmounts(
      { kind: 'energy-cost-outsourcing', budgetPerPeriod: 100.005, providerShareBelowBudget: 0.4 },
      0,
      0,
      99.994,
    );
    expect(o.detail).toMatchObject({ budget: 100.01, energyCost: 99.99, underrun: 0.02 });
    expect(o.detail.customerRefund).toBe(0.01);
    expect(o.customerToProvider).toBe(100);
  });
});

describe('settle', () => {
  const model: FrozenModel = {
    method: 'daily',
    type: 'hdd_only',
    engine: 'test',
    rSquaredAdj: 0.9,
    params: { intercept: 100, betaHdd: 5, betaCdd: 0, heatingBalancePoint: 60 },
    baselineN: 365,
    slopeTerms: 1,
    cvrmse: 0.1,
    rho: 0.2,
  };
  const start = Date.UTC(2026, 0, 1) - 480 * 60_000;
  const temps = Array.from({ length: 31 }, (_, i) => 40 + (i % 10));
  const predicted = temps.map((t) => 100 + 5 * Math.max(0, 60 - t));
  const days = predicted.map((p, i) => ({
    dayMs: start + i * DAY_MS,
    value: 0.8 * p,
    samples: 24,
  }));
  const input = {
    terms: { kind: 'shared-savings' as const, providerShare: 0.5 },
    model,
    days,
    dailyTempF: temps,
    adjustments: [],
    price: 1,
    energyCost: 0,
    offsetMin: 480,
  };

  it('values avoided energy under reporting weather and gives an FSU band', () => {
    const r = settle(input);
    const total = predicted.reduce((a, b) => a + b, 0);
    expect(r.status).toBe('ok');
    expect(r.savingsKwh).toBeCloseTo(0.2 * total, 8);
    expect(r.amounts?.customerToProvider).toBeCloseTo(0.1 * total, 8);
    expect(r.fsu).toBeGreaterThan(0);
    expect(r.bandKwh).toBeCloseTo(r.fsu! * r.savingsKwh, 8);
  });
  it('adds non-routine adjustments to the baseline on the days they cover', () => {
    const r = settle({
      ...input,
      adjustments: [{ from: '2026-01-01', to: '2026-01-11', kwhPerDay: 10, reason: 'new line' }],
    });
    expect(r.adjustmentKwh).toBeCloseTo(100, 10);
    expect(r.savingsKwh - settle(input).savingsKwh).toBeCloseTo(100, 8);
  });
  it('reports insufficient data below the coverage threshold instead of a number', () => {
    const gappy = days.map((d, i) => (i % 3 === 0 ? { ...d, value: Number.NaN } : d));
    const r = settle({ ...input, days: gappy });
    expect(r.status).toBe('insufficient-data');
    expect(r.amounts).toBeNull();
    expect(r.reason).toMatch(/20 of 31 days/);
  });
});

describe('statements', () => {
  it('moves draft → issued → accepted and refuses the rest', () => {
    expect(() => checkStatementTransition('draft', 'issued')).not.toThrow();
    expect(() => checkStatementTransition('issued', 'disputed')).not.toThrow();
    expect(() => checkStatementTransition('draft', 'accepted')).toThrow(/cannot become/);
    expect(() => checkStatementTransition('accepted', 'disputed')).toThrow(/final/);
  });
  it('bounds months and quarters', () => {
    expect(periodBounds('month', '2026-12')).toEqual({ start: '2026-12-01', end: '2027-01-01' });
    expect(periodBounds('quarter', '2026-Q4')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(() => periodBounds('month', '2026-Q1')).toThrow(/period/);
    expect(flatTariff(1).prices.flat).toBe(1);
  });
});
