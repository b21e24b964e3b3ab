// The one result shape of `runCaltrack` for all three methods; JSON-ready (ISO dates, no Maps).
import type { ItemStatus } from '../../kernel/index.ts';
import type { SavingsSummary } from './savings.ts';
import type { FitMetrics } from './stats.ts';
import type { Finding, Fuel, Method, MeterReading, TemperatureSeries } from './types.ts';

export interface CaltrackInput {
  method: Method;
  fuel: Fuel;
  readings: readonly MeterReading[];
  /** Hourly °F; short gaps are interpolated inside (§2.2.4.1). */
  temperature: TemperatureSeries;
  /** Intervention start: the baseline is the 365 days before it (§3.1.3). */
  baselineEndMs: number;
  /** Intervention end (§2.1.3.1.2). */
  reportingStartMs: number;
  /** Defaults to reporting start + 365 days, capped by the data. */
  reportingEndMs?: number;
  /**
   * 'local' (default; CalTRACK §2.3.3, one correct clock for meter and temperature): a daily
   * reading covers its local day; hours of the week and calendar months are local. 'utc':
   * eemeter compatibility — eemeter resamples daily readings to UTC calendar days (a day stamped
   * 00:00−06:00 is fitted against 00:00–24:00 UTC temperatures) and takes hours of the week and
   * months of hourly data in UTC.
   */
  clock?: 'local' | 'utc';
  /** Typical-year hourly °F for weather-normalised savings (daily and billing methods). */
  normalYearTemperature?: TemperatureSeries;
}

export interface Window {
  start: string;
  end: string;
  observations: number;
}

export interface Uncertainty {
  /** Fractional savings uncertainty at 90 % confidence (Guideline 14). */
  fsu: number;
  /** ± band on total avoided energy, energy units: FSU × avoided (see uncertainty.ts). */
  errorBand: number;
  t: number;
  reportingMonths: number;
  effectiveBaselineN: number;
}

export interface CaltrackReport {
  method: Method;
  fuel: Fuel;
  status: ItemStatus;
  baseline: Window;
  reporting: Window;
  model: unknown;
  candidates: unknown;
  metrics: FitMetrics | null;
  sufficiency: { status: 'PASS' | 'FAIL'; findings: Finding[] };
  savings: SavingsSummary | null;
  uncertainty: Uncertainty | null;
  /** Weather-normalised savings, when a typical-year temperature series was given. */
  normalYear: unknown;
  notes: string[];
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function sufficiencyOf(findings: Finding[]): CaltrackReport['sufficiency'] {
  return { status: findings.some((f) => f.severity === 'fail') ? 'FAIL' : 'PASS', findings };
}
