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
