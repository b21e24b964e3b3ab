// Shared shapes of the CalTRACK core. Everything here is plain data: the core takes arrays and
// epoch milliseconds, never files (ARCHITECTURE.md, analytics cores are pure).
import type { EpochMs } from '../../kernel/index.ts';

/** One meter reading: consumption over [startMs, next start). NaN marks a missing value. */
export interface MeterReading {
  startMs: EpochMs;
  /** Offset of the local clock from UTC at this timestamp, minutes (from the file). */
  offsetMin: number;
  value: number;
}

/**
 * Hourly dry-bulb temperature in °F: hour i covers [startMs + i·1 h, startMs + (i+1)·1 h).
 * NaN marks a missing hour. Built only through `createTemperatureSeries` (temperature.ts), whose
 * input is branded Fahrenheit, so a Celsius file cannot slip in unconverted.
 */
export interface TemperatureSeries {
  readonly startMs: EpochMs;
  readonly valuesF: Float64Array;
}

export type Fuel = 'electricity' | 'gas';
export type Method = 'daily' | 'billing' | 'hourly';

/**
 * A data-sufficiency or data-quality finding, named by the CalTRACK 2.0 section it enforces
 * (e.g. '2.2.1.2'), so a failure is never a silent number. `fatal` findings stop the fit.
 */
export interface Finding {
  rule: string;
  name: string;
  severity: 'fail' | 'warn' | 'info';
  message: string;
  data?: Record<string, number | string>;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
