// Pricing a settlement period under a time-of-use tariff (pure). Where the meter has a full day
// of hourly use (24 hours with values), that day is priced hour by hour at each hour's band; only
// a day known as one daily value is priced by the flat-load rule (its use spread evenly over its
// hours, tariff.ts flatLoadPrice). The statement names the rule that was used and on how many
// days (issue 19: a TOU tariff is not to be applied as if the load were flat when it was not).
import { DAY_MS, HOUR_MS } from '../mv/index.ts';
import type { DailyValue } from '../meters/daily.ts';
import { flatLoadPrice, priceAt, type Tariff } from './tariff.ts';

export type PriceRule = 'hourly' | 'daily-flat-load' | 'mixed';

export interface PeriodPricing {
  /** hourly: every priced day hour by hour; daily-flat-load: none; mixed: some. */
  rule: PriceRule;
  hourlyDays: number;
  flatDays: number;
  /** Use and its cost at the tariff over the priced days (currency, unrounded: a rate base). */
  kwh: number;
  cost: number;
  /** Price of a kWh of the period: cost ÷ use, or the flat-load mean price without hourly days. */
  price: number;
}

/** Hourly values [ms, kWh] grouped by the local day (index into `days`) they fall in. */
function hoursByDay(
  days: readonly DailyValue[],
  hourly: ReadonlyArray<readonly [number, number]>,
): Map<number, Array<readonly [number, number]>> {
  const out = new Map<number, Array<readonly [number, number]>>();
  const first = days[0]?.dayMs ?? 0;
  for (const h of hourly) {
    if (!Number.isFinite(h[1])) continue;
    const i = Math.floor((h[0] - first) / DAY_MS);
    if (i < 0 || i >= days.length) continue;
    const list = out.get(i) ?? [];
    list.push(h);
    out.set(i, list);
  }
  return out;
}

/** Cost of the period's use day by day: hour by hour where a day is complete, else flat-load. */
export function pricePeriod(
  t: Tariff,
  days: readonly DailyValue[],
  hourly: ReadonlyArray<readonly [number, number]>,
): PeriodPricing {
  const byDay = hoursByDay(days, hourly);
  let kwh = 0;
  let cost = 0;
  let hourlyDays = 0;
  let flatDays = 0;
  days.forEach((d, i) => {
    const hours = byDay.get(i) ?? [];
    const distinct = new Set(hours.map(([ms]) => Math.floor((ms - d.dayMs) / HOUR_MS)));
    if (distinct.size === 24) {
      for (const [ms, v] of hours) {
        kwh += v;
        cost += v * priceAt(t, ms).price;
      }
      hourlyDays++;
    } else if (Number.isFinite(d.value)) {
      kwh += d.value;
      cost += d.value * flatLoadPrice(t, [d.dayMs]);
      flatDays++;
    }
  });
  const rule: PriceRule =
    hourlyDays === 0 ? 'daily-flat-load' : flatDays === 0 ? 'hourly' : 'mixed';
  const flat = flatLoadPrice(
    t,
    days.map((d) => d.dayMs),
  );
  const price = hourlyDays > 0 && kwh > 0 ? cost / kwh : flat;
  return { rule, hourlyDays, flatDays, kwh, cost, price };
}

/** Local days of hourly use, each the sum of its hours (NaN without any): for hourly models. */
export function daysOfHours(
  hourly: ReadonlyArray<readonly [number, number]>,
  range: { fromMs: number; toMs: number },
): DailyValue[] {
  const out: DailyValue[] = [];
  for (let d = range.fromMs; d < range.toMs; d += DAY_MS)
    out.push({ dayMs: d, value: Number.NaN, samples: 0 });
  for (const [ms, v] of hourly) {
    const day = out[Math.floor((ms - range.fromMs) / DAY_MS)];
    if (!day || !Number.isFinite(v)) continue;
    day.value = (Number.isFinite(day.value) ? day.value : 0) + v;
    day.samples++;
  }
  return out;
}
