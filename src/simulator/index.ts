// simulator: the deterministic demo fleet. It owns the asset model definitions of the five
// simulated kinds (chiller, district-heating heat station, electric locomotive, gearbox test
// bench, garment sewing line), the demo asset list (`demoFleet`), the physics that turn
// (seed, asset, time) into plausible telemetry, fault and degradation injection, the default
// demo scenario, line-protocol formatting and the HTTP writer used by `ronghe simulate`.
// Everything except writer.ts is pure: no clock, no Math.random, no I/O. Random numbers are
// hashes of (seed, asset, stream, time), so a sample depends only on what and when it is and a
// range generates identically whether asked for in one call or many.
//
// Default demo scenario (`demoScenario(assets, startMs)`, days counted from startMs; the CLI's
// default start is UTC midnight 21 days before now). Each fault acts on [from, to):
//   CHL-0001  fouling (condenser)     day 2 → 26   +6 K condensing approach at day 26, linear:
//                                                  COP falls ≈10–15 %, power rises at equal load
//   CHL-0002  refrigerant-leak        day 12 → 20  charge loss 0 → 60 %: COP falls, capacity
//                                                  falls, supply temp rises above 7 °C at high load
//   HXS-0001  valve-fault (bypass)    day 8 → 11   bypass = 2× building flow: flow ×3, return
//                                                  temp within ~⅓ of normal Δt of supply
//   HXS-0002  stuck-sensor return_temp day 15 → 16 return_temp frozen at its day-15 00:00 value
//   LOC-0001  bearing-wear            day 0 → 28   exponential (β = 5) to severity 1 at day 28:
//                                                  axle_bearing_temp +30 K·(speed share) and
//                                                  vibration_rms ×4 at end of life
//   LOC-0002  spike vibration_rms     day 5 02:00–02:01 UTC   +15 mm/s (one sample at 60 s)
//   LOC-0003  offline                 day 7 00:00–06:00 UTC   no samples
//   GBX-0001  bearing-wear            day 4 → 25   exponential to 1: vibration_rms ×4, oil +10 K
//   GBX-0002  drift oil_temp          day 6 → 20   sensor reads 0 → +8 K high, linear
//   GML-0001  line-stoppage           day 9 (day 10 if day 9 is a Sunday) 01:00–03:30 UTC
//                                     (09:00–11:30 local): state 2, no pieces
// After a window ends the asset is repaired and reads normal again.

export {
  assetKinds,
  assetModels,
  demoAssetModels,
  type AssetKind,
  type AssetModelDefinition,
  type AssetModelPayload,
} from './models.ts';
export type { ModelChannel, ModelProperty } from './models.ts';
export {
  countsForTotal,
  defaultCounts,
  demoFleet,
  serialOf,
  type FleetAsset,
  type FleetCounts,
} from './fleet.ts';
export { generate, validateFleet, type Fleet, type Sample } from './generate.ts';
export { severity, type Fault, type FaultKind } from './faults.ts';
export { defaultScenarioStart, demoScenario, SCENARIO_DAYS } from './scenario.ts';
export { sampleToLine, type LineOptions } from './line-protocol.ts';
export { outdoorTemperature, cities, type City } from './weather.ts';
export { waterHeatRate, WATER_CP, WATER_DENSITY } from './water.ts';
export {
  retryAfterMs,
  writeLines,
  writeUrl,
  type WriteProgress,
  type WriterOptions,
} from './writer.ts';
