// Fitting the agreed baseline (pure): the daily consumption of the baseline period and the hourly
// weather go through the CalTRACK engine (energy/mv); the selected model is frozen with the
// agreement so every later statement is computed from the same model (IPMVP Core Concepts §4.1:
// the baseline model is fixed before the reporting period). Hourly (TOWT) models freeze their
// baseline data (a digest) instead; the engine has no predict-from-parameters for them.
import type { ItemStatus } from '../../kernel/index.ts';
import {
  runCaltrack,
  type Finding,
  type MeterReading,
  type TemperatureSeries,
} from '../mv/index.ts';
import type { BaselineMethod, FrozenModel } from './types.ts';

export const ENGINE_VERSION = 'ronghe-caltrack-2.0';

export interface BaselineFit {
  status: ItemStatus;
  reason?: string;
  model: FrozenModel | null;
  findings: Finding[];
}

export function fitBaseline(input: {
  method: BaselineMethod;
  fuel: 'electricity' | 'gas';
  /** Daily readings (daily and billing methods) or hourly readings (hourly method). */
  readings: readonly MeterReading[];
  temperature: TemperatureSeries;
  baselineEndMs: number;
}): BaselineFit {
  const report = runCaltrack({
    method: input.method,
    fuel: input.fuel,
    readings: input.readings,
    temperature: input.temperature,
    baselineEndMs: input.baselineEndMs,
    reportingStartMs: input.baselineEndMs,
    reportingEndMs: input.baselineEndMs,
  });
  const findings = report.sufficiency.findings;
  const m = report.model as ModelJson | null;
  if (!m || !report.metrics || report.sufficiency.status === 'FAIL') {
    const failed = findings.filter((f) => f.severity === 'fail').map((f) => `${f.rule} ${f.name}`);
    return {
      status: 'insufficient-data',
      reason: failed.length
        ? `baseline fails ${failed.join('; ')}`
        : report.notes.join('; ') || 'no qualified model',
      model: null,
      findings,
    };
  }
  const common = {
    baselineN: report.metrics.n,
    slopeTerms: report.metrics.slopeTerms,
    cvrmse: report.metrics.cvrmseAdj,
    rho: report.metrics.autocorrLag1,
    rSquaredAdj: report.metrics.rSquaredAdj,
    engine: ENGINE_VERSION,
  };
  if (input.method === 'hourly') {
    const bStart = input.baselineEndMs - 365 * 86_400_000;
    const digest = baselineDigest(input.readings, bStart, input.baselineEndMs);
    return {
      status: 'ok',
      model: { method: 'hourly', type: 'towt', params: null, baselineDigest: digest, ...common },
      findings,
    };
  }
  const params = {
    intercept: m.intercept ?? 0,
    betaHdd: m.betaHdd ?? 0,
    betaCdd: m.betaCdd ?? 0,
    ...(m.heatingBalancePoint !== undefined ? { heatingBalancePoint: m.heatingBalancePoint } : {}),
    ...(m.coolingBalancePoint !== undefined ? { coolingBalancePoint: m.coolingBalancePoint } : {}),
  };
  return {
    status: 'ok',
    model: { method: input.method, type: m.type ?? 'unknown', params, ...common },
    findings,
  };
}

interface ModelJson {
  type?: string;
  intercept?: number;
  betaHdd?: number;
  betaCdd?: number;
  heatingBalancePoint?: number;
  coolingBalancePoint?: number;
}

/** Count and sum of the finite readings in [fromMs, toMs): the fingerprint of frozen baseline data. */
export function baselineDigest(readings: readonly MeterReading[], fromMs: number, toMs: number) {
  let hours = 0;
  let sum = 0;
  for (const r of readings)
    if (r.startMs >= fromMs && r.startMs < toMs && Number.isFinite(r.value)) {
      hours++;
      sum += r.value;
    }
  return { hours, sum: Math.round(sum * 1e6) / 1e6 };
}
