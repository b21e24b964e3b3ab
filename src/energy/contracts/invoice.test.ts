// Statement lines to the fen (invoice.ts) and TOU pricing of a period (pricing.ts), by hand.
import { describe, expect, it } from 'vitest';
import type { Fen } from '../../kernel/index.ts';
import { invoiceOf, invoiceTotals, vatLine } from './invoice.ts';
import { daysOfHours, pricePeriod } from './pricing.ts';
import { flatTariff, type Tariff, type TouBand } from './tariff.ts';

const fen = (n: number) => n as Fen;

describe('VAT per line (价税分离)', () => {
  it('separates a tax-inclusive line: 1099.00 at 6 % is 1036.79 + 62.21', () => {
    expect(vatLine('savings-share', fen(109_900), 0.06)).toEqual({
      item: 'savings-share',
      grossFen: 109_900,
      netFen: 103_679,
      taxFen: 6_221,
    });
  });

  it('totals are the sums of the lines, not a separation of the total', () => {
    // Three lines of 0.05: each 0.05 / 1.06 = 0.047 → 0.05 net, 0.00 tax. Separating the 0.15
    // total would give 0.14 + 0.01, which no reader could add up from the printed lines.
    const lines = [1, 2, 3].map(() => vatLine('budget', fen(5), 0.06));
    expect(invoiceTotals(lines)).toEqual({ grossFen: 15, netFen: 15, taxFen: 0 });
  });

  it('makes a credit line of a refund and keeps gross = net + tax on it', () => {
    const inv = invoiceOf(
      'energy-cost-outsourcing',
      { customerToProvider: 9_000.01, detail: { budget: 10_000, customerRefund: 999.99 } },
      0.06,
    );
    expect(inv.lines.map((l) => [l.item, l.grossFen, l.netFen, l.taxFen])).toEqual([
      ['budget', 1_000_000, 943_396, 56_604],
      ['budget-refund', -99_999, -94_339, -5_660], // −999.99 / 1.06 = −943.387 → −943.39
    ]);
    expect(inv.totals).toEqual({ grossFen: 900_001, netFen: 849_057, taxFen: 50_944 });
  });

  it('leaves out zero lines but keeps one', () => {
    const g = invoiceOf(
      'guaranteed-savings',
      { customerToProvider: 0, detail: { excessShare: 0, shortfallPayment: 0 } },
      0.06,
    );
    expect(g.lines.map((l) => l.item)).toEqual(['excess-share']);
  });
});

describe('pricing a period under a TOU tariff', () => {
  const hours: TouBand[] = Array.from({ length: 24 }, (_, h) => (h < 8 ? 'valley' : 'peak'));
  const tou: Tariff = {
    ...flatTariff(0),
    prices: { valley: 0.3, peak: 1.2 },
    seasons: [{ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], hours }],
  };
  const day0 = Date.UTC(2026, 0, 1) - 8 * 3_600_000; // local midnight, UTC+8
  const D = 86_400_000;
  const H = 3_600_000;

  it('prices a whole day of hours hour by hour and a daily-only day by flat load', () => {
    // Day 0: 10 kWh in each valley hour only (80 kWh at 0.3). Day 1: 80 kWh known as a day.
    const hourly = Array.from({ length: 24 }, (_, h) => [day0 + h * H, h < 8 ? 10 : 0] as const);
    const days = [
      { dayMs: day0, value: 80, samples: 24 },
      { dayMs: day0 + D, value: 80, samples: 1 },
    ];
    const p = pricePeriod(tou, days, hourly);
    const flat = (8 * 0.3 + 16 * 1.2) / 24; // 0.9
    expect(p).toMatchObject({ rule: 'mixed', hourlyDays: 1, flatDays: 1, kwh: 160 });
    expect(p.cost).toBeCloseTo(80 * 0.3 + 80 * flat, 12);
    expect(pricePeriod(tou, days.slice(1), []).rule).toBe('daily-flat-load');
    expect(pricePeriod(tou, days.slice(1), []).price).toBeCloseTo(flat, 12);
    expect(pricePeriod(tou, days.slice(0, 1), hourly)).toMatchObject({
      rule: 'hourly',
      price: 0.3,
    });
  });

  it('groups hourly use into local days for hourly models', () => {
    const hourly = [
      [day0 + H, 2],
      [day0 + 25 * H, 3],
    ] as const;
    const d = daysOfHours(hourly, { fromMs: day0, toMs: day0 + 3 * D });
    expect(d.map((x) => x.value)).toEqual([2, 3, Number.NaN]);
  });
});
