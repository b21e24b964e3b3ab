// Time-of-use tariffs as Chinese provincial grid tariffs are set (分时电价, NDRC 发改价格〔2021〕1093号):
// each hour of the day belongs to a band — 尖峰 critical peak (optional, often only in summer
// months), 峰 peak, 平 flat, 谷 valley — with one price per band. Months may have their own hour
// pattern (the summer critical-peak months). Prices in currency per kWh.
import { invalid } from '../../kernel/index.ts';
import { localDayOf } from '../meters/daily.ts';

export const touBands = ['critical', 'peak', 'flat', 'valley'] as const;
export type TouBand = (typeof touBands)[number];

export interface TouSeason {
  /** Months 1–12 this hour pattern applies to. */
  months: number[];
  /** 24 bands, hour 0 = 00:00–01:00 local. */
  hours: TouBand[];
}

export interface Tariff {
  currency: string;
  /** Local clock of the hour pattern, minutes ahead of UTC (China: 480). */
  utcOffsetMin: number;
  prices: Partial<Record<TouBand, number>>;
  /** Every month 1–12 must be covered exactly once. */
  seasons: TouSeason[];
}

/** Validates a tariff, naming the first bad field (RONGHE_VALIDATION). */
export function checkTariff(t: Tariff, field = 'tariff'): Tariff {
  const months = new Set<number>();
  t.seasons.forEach((s, i) => {
    if (s.hours.length !== 24)
      throw invalid(`${field}.seasons.${i}.hours`, {
        en: 'needs 24 hourly bands',
        'zh-CN': '需要 24 个小时时段',
      });
    for (const m of s.months) {
      if (!Number.isInteger(m) || m < 1 || m > 12)
        throw invalid(`${field}.seasons.${i}.months`, {
          en: 'months are 1–12',
          'zh-CN': '月份为 1–12',
        });
      if (months.has(m))
        throw invalid(`${field}.seasons.${i}.months`, {
          en: `month ${m} appears twice`,
          'zh-CN': `月份 ${m} 出现了两次`,
        });
      months.add(m);
    }
    for (const b of s.hours)
      if (t.prices[b] === undefined)
        throw invalid(`${field}.prices.${b}`, {
          en: `band ${b} is used by season ${i} but has no price`,
          'zh-CN': `时段 ${b} 被第 ${i} 个季节使用，但没有价格`,
        });
  });
  if (months.size !== 12)
    throw invalid(`${field}.seasons`, {
      en: 'must cover each month 1–12 once',
      'zh-CN': '必须覆盖 1–12 月且每月一次',
    });
  for (const [b, p] of Object.entries(t.prices))
    if (!(typeof p === 'number' && p >= 0))
      throw invalid(`${field}.prices.${b}`, { en: 'must be ≥ 0', 'zh-CN': '必须 ≥ 0' });
  return t;
}

/** Band and price of the hour that contains `ms`. */
export function priceAt(t: Tariff, ms: number): { band: TouBand; price: number } {
  const local = new Date(ms + t.utcOffsetMin * 60_000);
  const month = local.getUTCMonth() + 1;
  const season = t.seasons.find((s) => s.months.includes(month));
  const band = season?.hours[local.getUTCHours()] ?? 'flat';
  return { band, price: t.prices[band] ?? Number.NaN };
}

export interface CostBreakdown {
  cost: number;
  kwh: number;
  byBand: Record<TouBand, { kwh: number; cost: number }>;
}

/** Cost of hourly use [ms, kWh] under the tariff, split by band. */
export function energyCost(
  t: Tariff,
  hourly: ReadonlyArray<readonly [number, number]>,
): CostBreakdown {
  const byBand = Object.fromEntries(
    touBands.map((b) => [b, { kwh: 0, cost: 0 }]),
  ) as CostBreakdown['byBand'];
  let cost = 0;
  let kwh = 0;
  for (const [ms, use] of hourly) {
    if (!Number.isFinite(use)) continue;
    const { band, price } = priceAt(t, ms);
    byBand[band].kwh += use;
    byBand[band].cost += use * price;
    cost += use * price;
    kwh += use;
  }
  return { cost, kwh, byBand };
}

/**
 * Price of one kWh averaged over a period's days when only daily values are known: each day's use
 * is spread evenly over its 24 hours (a flat-load assumption, stated in the statement evidence).
 * Daily-model savings cannot be placed in hours; this is the price they are valued at.
 */
export function flatLoadPrice(t: Tariff, dayStartsMs: readonly number[]): number {
  if (dayStartsMs.length === 0) return Number.NaN;
  let sum = 0;
  for (const d of dayStartsMs) {
    const day = localDayOf(d, t.utcOffsetMin);
    for (let h = 0; h < 24; h++) sum += priceAt(t, day + h * 3_600_000 + 1).price;
  }
  return sum / (24 * dayStartsMs.length);
}

/** The simplest tariff: one price all year. */
export const flatTariff = (price: number, currency = 'CNY'): Tariff => ({
  currency,
  utcOffsetMin: 480,
  prices: { flat: price },
  seasons: [
    { months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], hours: Array<TouBand>(24).fill('flat') },
  ],
});
