// The default demo scenario: a fixed list of faults placed relative to a start instant, so
// monitoring and PHM tests can assert on them. The list and its timing are documented in
// index.ts; change both together.

import type { Fault } from './faults.ts';
import type { FleetAsset } from './fleet.ts';
import { localWeekday } from './weather.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SCENARIO_DAYS = 28;

/** UTC midnight `daysBefore` days before `nowMs`: the default scenario start of the CLI. */
export function defaultScenarioStart(nowMs: number, daysBefore = 21): number {
  return Math.floor(nowMs / DAY) * DAY - daysBefore * DAY;
}

/** First day ≥ `day` of the scenario that is not a Sunday in local time (the lines rest then). */
function workingDay(startMs: number, day: number): number {
  return localWeekday(startMs + day * DAY + 9 * HOUR) === 0 ? day + 1 : day;
}

/**
 * Faults of the demo scenario for the assets present in `assets` (a fault whose asset is absent
 * is left out), with day offsets from `startMs`.
 */
export function demoScenario(assets: readonly FleetAsset[], startMs: number): Fault[] {
  const at = (day: number, hour = 0): number => startMs + day * DAY + hour * HOUR;
  const stopDay = workingDay(startMs, 9);
  const all: Fault[] = [
    { assetKey: 'CHL-0001', kind: 'fouling', fromMs: at(2), toMs: at(26), magnitude: 6 },
    {
      assetKey: 'CHL-0002',
      kind: 'refrigerant-leak',
      fromMs: at(12),
      toMs: at(20),
      magnitude: 0.6,
    },
    { assetKey: 'HXS-0001', kind: 'valve-fault', fromMs: at(8), toMs: at(11), magnitude: 2 },
    {
      assetKey: 'HXS-0002',
      kind: 'stuck-sensor',
      channel: 'return_temp',
      fromMs: at(15),
      toMs: at(16),
      magnitude: 0,
    },
    { assetKey: 'LOC-0001', kind: 'bearing-wear', fromMs: at(0), toMs: at(28), magnitude: 1 },
    {
      assetKey: 'LOC-0002',
      kind: 'spike',
      channel: 'vibration_rms',
      fromMs: at(5, 2),
      toMs: at(5, 2) + 60_000,
      magnitude: 15,
    },
    { assetKey: 'LOC-0003', kind: 'offline', fromMs: at(7), toMs: at(7, 6), magnitude: 0 },
    { assetKey: 'GBX-0001', kind: 'bearing-wear', fromMs: at(4), toMs: at(25), magnitude: 1 },
    {
      assetKey: 'GBX-0002',
      kind: 'drift',
      channel: 'oil_temp',
      fromMs: at(6),
      toMs: at(20),
      magnitude: 8,
    },
    // 01:00–03:30 UTC is 09:00–11:30 local, inside the morning shift.
    {
      assetKey: 'GML-0001',
      kind: 'line-stoppage',
      fromMs: at(stopDay, 1),
      toMs: at(stopDay, 3.5),
      magnitude: 1,
    },
  ];
  const present = new Set(assets.map((a) => a.serial));
  return all.filter((f) => present.has(f.assetKey));
}
