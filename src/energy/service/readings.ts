// Meter readings in the shape the CalTRACK engine takes: one per local day (daily and billing
// methods) or one per hour (hourly method, physical meters only) — see meters/daily.ts.
import type { Scope } from '../../identity/index.ts';
import { epochMs, invalid } from '../../kernel/index.ts';
import { hourlyUsage } from '../meters/daily.ts';
import type { BaselineMethod } from '../contracts/types.ts';
import type { MeterReading } from '../mv/index.ts';
import { hourlyBuckets, type EnergyDeps } from './data.ts';
import { meterDaily, type Meter } from './meters.ts';

/** CalTRACK fits electricity and gas; heat use is weather-driven heating like gas (no CDD term). */
export const fuelOf = (m: Meter): 'electricity' | 'gas' =>
  m.kind === 'gas' || m.kind === 'heat' ? 'gas' : 'electricity';

export async function meterReadings(
  deps: EnergyDeps,
  scope: Scope,
  meter: Meter,
  method: BaselineMethod,
  range: { fromMs: number; toMs: number; offsetMin: number },
): Promise<MeterReading[]> {
  const src = meter.source;
  if (method !== 'hourly') {
    const days = await meterDaily(deps, scope, meter, range);
    return days.map((d) => ({
      startMs: epochMs(d.dayMs),
      offsetMin: range.offsetMin,
      value: d.value,
    }));
  }
  if (src.kind !== 'channel')
    throw invalid('meterId', {
      en: 'the hourly method needs a physical (channel) meter',
      'zh-CN': '逐时方法需要物理（通道）计量表',
    });
  const buckets = await hourlyBuckets(
    deps,
    scope,
    src.assetId,
    src.channel,
    range.fromMs,
    range.toMs,
  );
  return hourlyUsage(buckets, src.mode, range).map(([ms, v]) => ({
    startMs: epochMs(ms),
    offsetMin: range.offsetMin,
    value: v,
  }));
}
