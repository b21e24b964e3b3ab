// Daily and billing methods: the spec's temperature-ramp prediction vectors, and recovery of a
// known model from synthetic data (balance points, coefficients, savings).
import { describe, expect, it } from 'vitest';
import { epochMs, fahrenheit } from '../../kernel/index.ts';
import type { TrueModel } from '../../../test/fixtures/eemeter/synthetic.ts';
import { syntheticDaily, syntheticTemperature } from '../../../test/fixtures/eemeter/synthetic.ts';
import type { UsagePerDayParams } from './candidates.ts';
import { DAILY_RULES } from './candidates.ts';
import { gridSearch } from './grid-search.ts';
import { periodTemperatures, createTemperatureSeries } from './temperature.ts';
import { predictPeriod, runUsagePerDay } from './usage-per-day.ts';
import { DAY_MS, HOUR_MS } from './types.ts';
import type { MeterReading } from './types.ts';

const Y2011 = Date.UTC(2011, 0, 1);

/** caltrack-methods.md: T_i = 30·((i mod 8760)/8760) + 50 °F, hourly from 2011-01-01 UTC. */
const ramp = createTemperatureSeries(
  Array.from({ length: 8761 }, (_, i) => ({
    ms: Y2011 + i * HOUR_MS,
    tempF: fahrenheit(30 * ((i % 8760) / 8760) + 50),
  })),
);

function rampTotal(p: UsagePerDayParams): number {
  let sum = 0;
  for (let d = 0; d < 366; d++) {
    const s = epochMs(Y2011 + d * DAY_MS);
    const t = periodTemperatures(ramp, s, epochMs(s + DAY_MS));
    const v = predictPeriod(p, t.dailyMeans, 1);
    if (!Number.isNaN(v)) sum += v;
  }
  return sum;
}

describe('prediction on the temperature ramp (spec vectors)', () => {
  it('intercept only → 365', () =>
    expect(rampTotal({ intercept: 1, betaHdd: 0, betaCdd: 0 })).toBeCloseTo(365, 9));
  it('CDD(65) → 1733', () =>
    expect(
      Math.round(rampTotal({ intercept: 1, betaHdd: 0, betaCdd: 1, coolingBalancePoint: 65 })),
    ).toBe(1733));
  it('HDD(65) → 1734', () =>
    expect(
      Math.round(rampTotal({ intercept: 1, betaHdd: 1, betaCdd: 0, heatingBalancePoint: 65 })),
    ).toBe(1734));
  it('HDD(60) + CDD(70) → 1582', () =>
    expect(
      Math.round(
        rampTotal({
          intercept: 1,
          betaHdd: 1,
          betaCdd: 1,
          heatingBalancePoint: 60,
          coolingBalancePoint: 70,
        }),
      ),
    ).toBe(1582));
  it('the last, one-hour day has < 50 % of its hours and is not predicted', () => {
    const s = epochMs(Y2011 + 365 * DAY_MS);
    expect(periodTemperatures(ramp, s, epochMs(s + DAY_MS)).dailyMeans.length).toBe(0);
  });
});

const START = Date.UTC(2015, 0, 1);
const TRUTH: TrueModel = { intercept: 10, betaHdd: 2, betaCdd: 3, hbp: 58, cbp: 70 };
const temp = syntheticTemperature(START, 800);
const baselineEndMs = START + 400 * DAY_MS;
const reportingStartMs = baselineEndMs + 10 * DAY_MS;
const saving = (d: number) => (START + d * DAY_MS >= reportingStartMs ? 0.9 : 1);

function toBills(daily: readonly MeterReading[], len: number): MeterReading[] {
  const out: MeterReading[] = [];
  for (let i = 0; i + len < daily.length; i += len) {
    let v = 0;
    for (let k = i; k < i + len; k++) v += daily[k]!.value;
    out.push({ ...daily[i]!, value: v });
  }
  out.push({ ...daily[out.length * len]!, value: Number.NaN });
  return out;
}

describe('daily method on noise-free synthetic data', () => {
  const readings = syntheticDaily(temp, START, 799, TRUTH, { factor: saving });
  const r = runUsagePerDay({
    method: 'daily',
    fuel: 'electricity',
    readings,
    temperature: temp,
    baselineEndMs,
    reportingStartMs,
  });
  const m = r.model as Record<string, number | string>;
  it('selects HDD+CDD at the true balance points', () => {
    expect(m.type).toBe('cdd_hdd');
    expect(m.heatingBalancePoint).toBe(58);
    expect(m.coolingBalancePoint).toBe(70);
  });
  it('recovers the coefficients', () => {
    expect(m.intercept).toBeCloseTo(10, 6);
    expect(m.betaHdd).toBeCloseTo(2, 6);
    expect(m.betaCdd).toBeCloseTo(3, 6);
  });
  it('finds the 10 % saving and reports 12 monthly periods', () => {
    expect(r.savings!.total.savingsFraction).toBeCloseTo(0.1, 6);
    expect(r.savings!.periods.length).toBeGreaterThanOrEqual(12);
    const sum = r.savings!.periods.reduce((s, p) => s + p.avoided, 0);
    expect(sum).toBeCloseTo(r.savings!.total.avoided, 6);
    expect(r.sufficiency.status).toBe('PASS');
  });
});

describe('normal-year savings', () => {
  const readings = syntheticDaily(temp, START, 799, TRUTH, { factor: saving });
  const normal = syntheticTemperature(Date.UTC(2030, 0, 1), 365, 99);
  const input = {
    method: 'daily' as const,
    fuel: 'electricity' as const,
    readings,
    temperature: temp,
    baselineEndMs,
    reportingStartMs,
  };
  it('fits a reporting model and finds the 10 % saving under typical-year weather', () => {
    const r = runUsagePerDay({ ...input, normalYearTemperature: normal });
    const n = r.normalYear as {
      savingsFraction: number;
      days: number;
      reportingModel: { betaCdd: number };
    };
    expect(n.days).toBe(365);
    expect(n.savingsFraction).toBeCloseTo(0.1, 6);
    expect(n.reportingModel.betaCdd).toBeCloseTo(2.7, 6);
  });
  it('is null, with a note, without a typical year', () => {
    const r = runUsagePerDay(input);
    expect(r.normalYear).toBeNull();
    expect(r.notes.join(' ')).toMatch(/typical-year/);
  });
});

describe('daily method with noise', () => {
  const readings = syntheticDaily(temp, START, 799, TRUTH, { noise: 6, factor: saving });
  const r = runUsagePerDay({
    method: 'daily',
    fuel: 'electricity',
    readings,
    temperature: temp,
    baselineEndMs,
    reportingStartMs,
  });
  const m = r.model as Record<string, number>;
  it('lands near the truth and reports a finite FSU band containing the true saving', () => {
    expect(Math.abs(m.heatingBalancePoint! - 58)).toBeLessThanOrEqual(2);
    expect(Math.abs(m.coolingBalancePoint! - 70)).toBeLessThanOrEqual(2);
    expect(m.betaCdd).toBeGreaterThan(2.7);
    expect(m.betaCdd).toBeLessThan(3.3);
    const trueAvoided = r.savings!.total.predicted * 0.1;
    expect(Math.abs(r.savings!.total.avoided - trueAvoided)).toBeLessThan(r.uncertainty!.errorBand);
    expect(r.metrics!.cvrmseAdj).toBeGreaterThan(0);
  });
});

describe('billing method (WLS, weight = days)', () => {
  const daily = syntheticDaily(temp, START, 799, TRUTH, { factor: saving });
  const r = runUsagePerDay({
    method: 'billing',
    fuel: 'electricity',
    readings: toBills(daily, 30),
    temperature: temp,
    baselineEndMs,
    reportingStartMs,
  });
  const m = r.model as Record<string, number | string>;
  it('recovers the true model from monthly bills', () => {
    expect(m.type).toBe('cdd_hdd');
    expect(m.intercept).toBeCloseTo(10, 5);
    expect(m.betaHdd).toBeCloseTo(2, 5);
    expect(m.betaCdd).toBeCloseTo(3, 5);
    expect(r.uncertainty).not.toBeNull();
  });
});

describe('candidates and qualification', () => {
  it('gas meters get no CDD candidates (§3.2.1.1)', () => {
    const readings = syntheticDaily(temp, START, 420, { ...TRUTH, betaCdd: 0 });
    const r = runUsagePerDay({
      method: 'daily',
      fuel: 'gas',
      readings,
      temperature: temp,
      baselineEndMs,
      reportingStartMs,
    });
    const c = r.candidates as { cdd_only: unknown[]; cdd_hdd: unknown[] };
    expect(c.cdd_only).toHaveLength(0);
    expect(c.cdd_hdd).toHaveLength(0);
    expect((r.model as { type: string }).type).toBe('hdd_only');
  });
  it('disqualifies negative slopes and picks intercept-only for flat use', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      y: 50 - 0.5 * (40 + (i % 50)), // use falls with temperature: β_C would be negative
      w: 1,
      days: 1,
      dailyMeans: Float64Array.of(40 + (i % 50)),
    }));
    const g = gridSearch(rows, { fitCdd: true, rules: DAILY_RULES });
    expect(g.candidates.some((c) => c.reasons.some((x) => x.includes('betaCdd negative')))).toBe(
      true,
    );
    expect(g.best?.type).toBe('hdd_only');
    expect(g.best!.params.betaHdd).toBeGreaterThan(0);
  });
  it('searches 30–90 °F in 1 °F steps with heating ≤ cooling', () => {
    const readings = syntheticDaily(temp, START, 420, TRUTH);
    const r = runUsagePerDay({
      method: 'daily',
      fuel: 'electricity',
      readings,
      temperature: temp,
      baselineEndMs,
      reportingStartMs,
    });
    const c = r.candidates as { hdd_only: unknown[]; cdd_hdd: unknown[] };
    expect(c.hdd_only).toHaveLength(61);
    expect(c.cdd_hdd).toHaveLength((61 * 62) / 2);
  });
});
