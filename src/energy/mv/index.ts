// M&V core (pure, no I/O): CalTRACK 2.0 daily, billing and hourly methods — data sufficiency,
// model fitting and selection, avoided energy and its Guideline 14 uncertainty.
export type { Finding, Fuel, Method, MeterReading, TemperatureSeries } from './types.ts';
export { DAY_MS, HOUR_MS } from './types.ts';
export {
  createTemperatureSeries,
  interpolateTemperatureGaps,
  periodTemperatures,
} from './temperature.ts';
export type { Candidate, ModelType, UsagePerDayParams } from './candidates.ts';
export { BALANCE_POINTS_F } from './candidates.ts';
export type { UpdRow, GridResult } from './grid-search.ts';
export { gridSearch, degreeDays } from './grid-search.ts';
export type { FitMetrics } from './stats.ts';
export { fitMetrics, lag1Autocorrelation } from './stats.ts';
export { fractionalSavingsUncertainty, FSU_COEFFICIENTS } from './uncertainty.ts';
export { studentTQuantile } from './student-t.ts';
export type { CaltrackInput, CaltrackReport } from './report.ts';
export { runUsagePerDay, predictPeriod, alignDailyReadings } from './usage-per-day.ts';
export { toPeriods } from './periods.ts';
export { localMidnightMs } from './time.ts';
export { runCaltrack } from './caltrack.ts';
