// Fitting the agreed baseline (pure): the daily consumption of the baseline period and the hourly
// weather go through the CalTRACK engine (energy/mv); the selected model is frozen with the
// agreement so every later statement is computed from the same model (IPMVP Core Concepts §4.1:
// the baseline model is fixed before the reporting period). Hourly (TOWT) baselines are not yet
// frozen here: the M&V engine exposes no predict-from-parameters for them.
import type { ItemStatus } from '../../kernel/index.ts';
import { epochMs } from '../../kernel/index.ts';
import {
  runCaltrack,
  type Finding,
  type MeterReading,
  type TemperatureSeries,
} from '../mv/index.ts';
import type { DailyValue } from '../meters/daily.ts';
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
  days: readonly DailyValue[];
  offsetMin: number;
  temperature: TemperatureSeries;
  baselineEndMs: number;
}): BaselineFit {
  if (input.method === 'hourly')
    return {
      status: 'failed',
      reason: 'hourly baselines cannot be frozen yet; use the daily or billing method',
      model: null,
      findings: [],
    };
  const readings: MeterReading[] = input.days.map((d) => ({
    startMs: epochMs(d.dayMs),
    offsetMin: input.offsetMin,
    value: d.value,
  }));
  const report = runCaltrack({
    method: input.method,
    fuel: input.fuel,
    readings,
    temperature: input.temperature,
    baselineEndMs: input.baselineEndMs,
    reportingStartMs: input.baselineEndMs,
    reportingEndMs: input.baselineEndMs,
  });
  const findings = report.sufficiency.findings;
  const m = report.model as {
    type: string;
    intercept: number;
    betaHdd: number;
    betaCdd: number;
    heatingBalancePoint?: number;
    coolingBalancePoint?: number;
    rSquaredAdj: number;
  } | null;
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
  const params = {
    intercept: m.intercept,
    betaHdd: m.betaHdd,
    betaCdd: m.betaCdd,
    ...(m.heatingBalancePoint !== undefined ? { heatingBalancePoint: m.heatingBalancePoint } : {}),
    ...(m.coolingBalancePoint !== undefined ? { coolingBalancePoint: m.coolingBalancePoint } : {}),
  };
  return {
    status: 'ok',
    model: {
      method: input.method,
      type: m.type,
      params,
      baselineN: report.metrics.n,
      slopeTerms: report.metrics.slopeTerms,
      cvrmse: report.metrics.cvrmseAdj,
      rho: report.metrics.autocorrLag1,
      rSquaredAdj: m.rSquaredAdj,
      engine: ENGINE_VERSION,
    },
    findings,
  };
}
