// simulator: the deterministic demo fleet. It owns the asset model definitions of the five
// simulated kinds (chiller, district-heating heat station, electric locomotive, gearbox test
// bench, garment sewing line), the demo asset list (`demoFleet`), the physics that turn
// (seed, asset, time) into plausible telemetry, fault and degradation injection, the default
// demo scenario, line-protocol formatting and the HTTP writer used by `ronghe simulate`.
// Everything but writer.ts (and the test helper in testing/) is pure: no clock, no Math.random,
// no I/O. Random numbers are hashes of (seed, asset, stream, time), so a sample depends only on
// what and when it is, and a range generates identically whether asked for in one call or many.
//
// Default demo scenario (`demoScenario(assets, startMs)`, days counted from startMs; the CLI's
// default start is UTC midnight 21 days before now). Each fault acts on [from, to); the effects
// quoted are what the fleets of seeds 1 and 42 show over the last days of each window:
//   CHL-0001  fouling (condenser)     day 2 → 26   condensing approach +0 → +6 K, linear: COP
//                                                  −16 to −18 % in summer, −23 % in winter (less
//                                                  lift, so each kelvin counts more); load unchanged
//   CHL-0002  refrigerant-leak        day 12 → 20  charge lost 0 → 60 %: COP −13 to −17 %,
//                                                  capacity −48 %, so on hot afternoons
//                                                  chw_supply_temp rises above 7 °C (≈ 8 °C)
//   HXS-0001  valve-fault (bypass)    day 8 → 11   bypass = 2× building flow: flow ×3, supply −
//                                                  return Δt falls to ⅓, heat unchanged
//   HXS-0002  stuck-sensor return_temp day 15 → 16 return_temp frozen at its day-15 00:00 value
//   LOC-0001  bearing-wear            day 0 → 28   exponential (β = 5) to severity 1 at day 28:
//                                                  vibration_rms ×(1 + 3·severity) (≈ ×3.5 in the
//                                                  last two days), axle_bearing_temp +30 K·severity
//                                                  when running (≈ +10 K in the last two days)
//   LOC-0002  spike vibration_rms     day 5 02:00–02:01 UTC   +15 mm/s (one sample at 60 s)
//   LOC-0003  offline                 day 7 00:00–06:00 UTC   no samples
//   GBX-0001  bearing-wear            day 4 → 25   as LOC-0001: vibration ≈ ×3.3 at the end,
//                                                  oil_temp up to +10 K
//   GBX-0002  drift oil_temp          day 6 → 20   sensor reads 0 → +8 K high, linear
//   GML-0001  line-stoppage           day 9 (day 10 if day 9 is a Sunday) 01:00–03:30 UTC
//                                     (09:00–11:30 local): state 2, no pieces
// After a window ends the asset is repaired and reads normal again. Outside the windows the
// data equal the fault-free run exactly (faults.test.ts checks both).
//
// Wire format (`sampleToLine`, used by `ronghe simulate`): one InfluxDB line per sample,
//   telemetry,asset=<serial> <channel>=<value>,… <epoch ms>
// posted to <url>/write?precision=ms. For start-up: `demoAssetModels()` gives the five models in
// the create-model shape, `demoFleet(seed, counts)` the assets (serial, name, model name, site,
// customer, lat/lon in Jiangsu), `generate(fleet, from, to)` the samples.

export {
  assetKinds,
  assetModels,
  demoAssetModels,
  type AssetKind,
  type AssetModelDefinition,
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
