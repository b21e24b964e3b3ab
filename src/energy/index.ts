// energy context: meters, measurement and verification (CalTRACK 2.0 daily, billing and hourly
// methods in ./mv, a pure core), and the CSV loaders that feed it (./load). Performance contracts,
// settlements and heating build on the M&V results. Other modules import only from this file.
export * from './mv/index.ts';
export {
  loadMeterCsv,
  loadTemperatureCsv,
  parseMeterCsv,
  parseTemperatureCsv,
  parseTimestamp,
} from './load/csv.ts';
export type { LoadedTemperature } from './load/csv.ts';
// Platform around the core: meters, contracts, efficiency and heating indicators (pure), and the
// database-backed services (./service) the HTTP edge calls.
export * from './meters/units.ts';
export * from './meters/daily.ts';
export * from './meters/virtual.ts';
export * from './contracts/types.ts';
export * from './contracts/tariff.ts';
export * from './contracts/settlement.ts';
export * from './contracts/statement.ts';
export * from './contracts/invoice.ts';
export * from './contracts/pricing.ts';
export { fitBaseline, ENGINE_VERSION, type BaselineFit } from './contracts/baseline.ts';
export * from './efficiency/metrics.ts';
export * from './heating/heating.ts';
export * as energyService from './service/index.ts';
export type { EnergyDeps } from './service/data.ts';
