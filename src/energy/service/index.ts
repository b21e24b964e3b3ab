// Database-backed energy services, each `(deps: EnergyDeps, scope: Scope, …)`; the HTTP edge and the
// CLI reach them as `energyService.*` through src/energy/index.ts.
export {
  createMeter,
  getMeter,
  listMeters,
  meterDaily,
  type Meter,
  type MeterInput,
  type MeterSource,
} from './meters.ts';
export {
  createStation,
  getStation,
  listStations,
  importWeatherCsv,
  linkSite,
  siteTemperature,
  type Station,
  type StationInput,
} from './weather.ts';
export {
  createContract,
  getContract,
  listContracts,
  DEFAULT_VAT_RATE,
  type Contract,
} from './contracts.ts';
export {
  proposeBaseline,
  approveBaseline,
  listBaselines,
  baselineInForce,
  partyOf,
  type Baseline,
} from './baselines.ts';
export { settlePeriod, type SettleOutcome } from './settle.ts';
export {
  getStatement,
  listStatements,
  listAllStatements,
  moveStatement,
  statementTrail,
  statementSorts,
  statementSortValue,
  type InvoiceRef,
  type Statement,
  type StatementQuery,
  type StatementSort,
} from './statements.ts';
export { statementCsv } from './statement-csv.ts';
export {
  assetEfficiency,
  benchmarkChillers,
  scanAnomalies,
  listAnomalies,
  type EfficiencyQuery,
} from './efficiency.ts';
export {
  setCurve,
  listStations as listHeatStations,
  stationReport,
  stationImbalance,
} from './heating.ts';
export type { EnergyDeps } from './data.ts';
