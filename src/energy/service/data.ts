// Reading telemetry for the energy services: hourly rollups of a meter channel turned into local
// daily use (meters/daily.ts), and hourly outdoor temperatures of a weather station as the °F series
// the CalTRACK engine takes — from a telemetry channel or from imported CSV rows.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import {
  celsius,
  celsiusToFahrenheit,
  fahrenheit,
  fahrenheitToCelsius,
} from '../../kernel/index.ts';
import { createTemperatureSeries, DAY_MS, HOUR_MS, type TemperatureSeries } from '../mv/index.ts';
import type { UsageBucket } from '../meters/daily.ts';

export interface EnergyDeps {
  db: Db;
  telemetry: TelemetryService;
}

/** Hourly buckets of a channel over [fromMs, toMs), one day earlier for register start values
 * and one hour later for the register's reading at the last day's closing midnight. */
export async function hourlyBuckets(
  deps: EnergyDeps,
  scope: Scope,
  asset: string,
  channel: string,
  fromMs: number,
  toMs: number,
): Promise<UsageBucket[]> {
  const r = await deps.telemetry.queries.rollup(scope, {
    asset,
    channel,
    from: fromMs - DAY_MS,
    to: toMs + HOUR_MS,
    bucketMs: HOUR_MS,
  });
  return r.buckets;
}

/** Hourly mean of a channel over the range as [ms, mean] pairs. */
export async function hourlyMeans(
  deps: EnergyDeps,
  scope: Scope,
  asset: string,
  channel: string,
  fromMs: number,
  toMs: number,
): Promise<Array<[number, number]>> {
  const r = await deps.telemetry.queries.rollup(scope, {
    asset,
    channel,
    from: fromMs,
    to: toMs,
    bucketMs: HOUR_MS,
  });
  return r.buckets.filter((b) => b.count > 0).map((b) => [b.start, b.sum / b.count]);
}

export interface StationRow {
  id: string;
  source: string;
  asset_id: string | null;
  channel: string | null;
  unit: string;
}

/** Hourly °F of a station (CalTRACK works in °F; conversions only through the kernel's functions). */
export async function stationTemperature(
  deps: EnergyDeps,
  scope: Scope,
  station: StationRow,
  fromMs: number,
  toMs: number,
): Promise<TemperatureSeries> {
  const points: Array<{ ms: number; tempF: ReturnType<typeof fahrenheit> }> = [];
  if (station.source === 'channel' && station.asset_id && station.channel) {
    const means = await hourlyMeans(deps, scope, station.asset_id, station.channel, fromMs, toMs);
    for (const [ms, v] of means)
      points.push({
        ms,
        tempF: station.unit === 'F' ? fahrenheit(v) : celsiusToFahrenheit(celsius(v)),
      });
  } else {
    const rows = await deps.db.kysely
      .selectFrom('energy_weather_points')
      .select(['ts', 'temp_c'])
      .where('station_id', '=', station.id)
      .where('ts', '>=', fromMs)
      .where('ts', '<', toMs)
      .orderBy('ts')
      .execute();
    for (const r of rows)
      points.push({ ms: Number(r.ts), tempF: celsiusToFahrenheit(celsius(r.temp_c)) });
  }
  return createTemperatureSeries(points);
}

/** Mean °F of each local day [dayMs, dayMs + 1 day) with ≥ 50 % of its hours (CalTRACK §2.2.2.3). */
export function dailyMeansF(series: TemperatureSeries, dayStarts: readonly number[]): number[] {
  return dayStarts.map((d) => {
    const i0 = Math.round((d - series.startMs) / HOUR_MS);
    let s = 0;
    let c = 0;
    for (let i = i0; i < i0 + 24; i++) {
      const v = i >= 0 && i < series.valuesF.length ? series.valuesF[i]! : Number.NaN;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    return c >= 12 ? s / c : Number.NaN;
  });
}

export const toCelsius = (f: number) => fahrenheitToCelsius(fahrenheit(f));
