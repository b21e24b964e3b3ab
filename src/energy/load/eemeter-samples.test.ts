// The Illinois samples from eemeter. Expected values: eemeter's own test suite
// (tests/test_caltrack.py: fit with fixed balance points on the il-electricity-cdd-hdd-daily
// baseline, predict on the temperature ramp → 7059.48 for HDD(60)+CDD(65), 10192.0 for CDD(65);
// the model eemeter selects on il-electricity-cdd-hdd-billing_monthly: cdd_hdd, HDD 54 °F,
// CDD 67 °F, intercept 13.420093629452852, β_C 2.257868665412409, β_H 1.0479347638717025, and the
// mean per-day prediction 28.253 of that model over all the sample's bills; test_derivatives.py:
// metered savings 1569.57 and the hourly TOWT vector −403.7).
// The shared folder ships no eemeter outputs for the full grid search; there the tests check the
// model shape against the simulation truth in metadata.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/shared-data.ts';
import { epochMs, fahrenheit } from '../../kernel/index.ts';
import type { Fuel, MeterReading, Method } from '../mv/index.ts';
import {
  alignDailyReadings,
  createTemperatureSeries,
  DAY_MS,
  gridSearch,
  HOUR_MS,
  localMidnightMs,
  periodTemperatures,
  predictPeriod,
  runCaltrack,
  toPeriods,
} from '../mv/index.ts';
import { DAILY_RULES } from '../mv/candidates.ts';
import { buildDesign } from '../mv/usage-per-day-data.ts';
import { loadMeterCsv, loadTemperatureCsv } from './csv.ts';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/eemeter/', import.meta.url));
const Y2011 = Date.UTC(2011, 0, 1);
const ramp = createTemperatureSeries(
  Array.from({ length: 8761 }, (_, i) => ({
    ms: Y2011 + i * HOUR_MS,
    tempF: fahrenheit(30 * ((i % 8760) / 8760) + 50),
  })),
);

// Local days follow CalTRACK §2.3.3; 'utc' reproduces eemeter's loader (see usage-per-day.ts).
describe.each([
  ['local', 1e-3],
  ['utc', 2e-6],
] as const)('eemeter fixed-balance-point vectors, %s clock', (clock, tolerance) => {
  const raw = loadMeterCsv(join(fixtures, 'il-electricity-cdd-hdd-daily-baseline.csv'));
  const readings = alignDailyReadings(raw, clock);
  const temp = loadTemperatureCsv(join(fixtures, 'il-tempF-baseline.csv.gz')).series;
  const end = Date.UTC(2016, 11, 26); // eemeter: blackout start at UTC midnight
  const periods = toPeriods(readings, temp, 'daily').filter(
    (p) => p.startMs >= end - 365 * DAY_MS && p.startMs < end,
  );
  const rows = buildDesign(periods, 'daily').rows;
  const fitFixed = (type: string, hbp: number | undefined, cbp: number) => {
    const g = gridSearch(rows, { fitCdd: true, rules: DAILY_RULES, balancePoints: [60, 65] });
    return g.candidates.find(
      (c) =>
        c.type === type &&
        c.params.heatingBalancePoint === hbp &&
        c.params.coolingBalancePoint === cbp,
    )!;
  };
  const rampTotal = (c: ReturnType<typeof fitFixed>) => {
    let s = 0;
    for (let d = 0; d < 366; d++) {
      const a = epochMs(Y2011 + d * DAY_MS);
      const t = periodTemperatures(ramp, a, epochMs(a + DAY_MS));
      const v = predictPeriod(c.params, t.dailyMeans, 1);
      if (!Number.isNaN(v)) s += v;
    }
    return s;
  };
  it('has the 365 baseline days', () => expect(rows).toHaveLength(365));
  it(`HDD(60)+CDD(65): ramp prediction 7059.48 within ${tolerance}`, () => {
    const c = fitFixed('cdd_hdd', 60, 65);
    expect(c.status).toBe('QUALIFIED');
    expect(Math.abs(rampTotal(c) / 7059.48 - 1)).toBeLessThan(tolerance);
  });
  it(`CDD(65) only: ramp prediction 10192.0 within ${tolerance}`, () => {
    const c = fitFixed('cdd_only', undefined, 65);
    expect(Math.abs(rampTotal(c) / 10192.0 - 1)).toBeLessThan(tolerance);
  });
  // eemeter tests/test_derivatives.py (2.x): the selected fixed-point model, 59 reporting days of
  // 1 kWh at (30 + day) °F → metered savings 1569.57. Extrapolating to 30–89 °F in winter
  // magnifies the clock difference: measured 0.10 % on local days, so this bound is 0.2 % there.
  it('metered savings on the 30–89 °F reporting vector: 1569.57', () => {
    // eemeter's design matrix has only HDD(60) and CDD(65): select among those candidates.
    const g = gridSearch(rows, { fitCdd: true, rules: DAILY_RULES, balancePoints: [60, 65] });
    const best = g.candidates
      .filter((c) => c.status === 'QUALIFIED')
      .filter((c) => (c.params.heatingBalancePoint ?? 60) === 60)
      .filter((c) => (c.params.coolingBalancePoint ?? 65) === 65)
      .reduce((a, b) => (b.rSquaredAdj > a.rSquaredAdj ? b : a));
    expect(best.type).toBe('cdd_hdd');
    const t0 = Date.UTC(2011, 0, 1);
    const temps = createTemperatureSeries(
      Array.from({ length: 59 * 24 + 1 }, (_, h) => ({
        ms: t0 + h * HOUR_MS,
        tempF: fahrenheit(30 + Math.floor(h / 24)),
      })),
    );
    let saved = 0;
    for (let k = 0; k < 59; k++) {
      const a = epochMs(t0 + k * DAY_MS);
      const t = periodTemperatures(temps, a, epochMs(a + DAY_MS));
      saved += predictPeriod(best.params, t.dailyMeans, 1) - 1;
    }
    expect(Math.abs(saved / 1569.57 - 1)).toBeLessThan(clock === 'utc' ? tolerance : 2e-3);
  });
});

const EEMETER_BILLING = {
  intercept: 13.420093629452852,
  betaCdd: 2.257868665412409,
  betaHdd: 1.0479347638717025,
  heatingBalancePoint: 54,
  coolingBalancePoint: 67,
};

describe('eemeter billing model on il-electricity-cdd-hdd-billing_monthly (full grid search)', () => {
  const r = runCaltrack({
    method: 'billing',
    fuel: 'electricity',
    readings: loadMeterCsv(join(fixtures, 'il-electricity-cdd-hdd-billing_monthly.csv.gz')),
    temperature: loadTemperatureCsv(join(fixtures, 'il-tempF-baseline.csv.gz')).series,
    baselineEndMs: Date.UTC(2016, 11, 26),
    reportingStartMs: Date.UTC(2017, 0, 4),
  });
  const m = r.model as typeof EEMETER_BILLING & { type: string };
  it('selects the same model type and balance points', () => {
    expect(m.type).toBe('cdd_hdd');
    expect(m.heatingBalancePoint).toBe(54);
    expect(m.coolingBalancePoint).toBe(67);
  });
  it('matches the coefficients to 1e-9 relative', () => {
    for (const k of ['intercept', 'betaCdd', 'betaHdd'] as const)
      expect(Math.abs(m[k] / EEMETER_BILLING[k] - 1)).toBeLessThan(1e-9);
  });
});

const dir = sharedDataDir('eemeter');

describe('eemeter billing prediction over the whole monthly sample', () => {
  it.skipIf(!dir)('mean per-day prediction 28.253', () => {
    const readings = loadMeterCsv(join(dir!, 'il-electricity-cdd-hdd-billing_monthly.csv.gz'));
    const temp = loadTemperatureCsv(join(dir!, 'il-tempF.csv.gz')).series;
    const periods = toPeriods(readings, temp, 'billing');
    const perDay = periods.map(
      (p) => predictPeriod(EEMETER_BILLING, p.temps.dailyMeans, p.days) / p.days,
    );
    expect(perDay).toHaveLength(26);
    const mean = perDay.reduce((a, b) => a + b, 0) / perDay.length;
    expect(mean).toBeCloseTo(28.253, 3);
  });
});

describe('shared Illinois samples (simulation truth in metadata.json)', () => {
  const meta = dir
    ? (JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Record<
        string,
        Record<string, string | number>
      >)
    : {};
  const run = (id: string) => {
    const m = meta[id]!;
    const readings = loadMeterCsv(join(dir!, String(m.meter_data_filename)));
    const temp = loadTemperatureCsv(join(dir!, String(m.temperature_filename)));
    const freq = String(m.freq);
    const method: Method = freq === 'hourly' ? 'hourly' : freq === 'daily' ? 'daily' : 'billing';
    const off = readings[0]!.offsetMin;
    return runCaltrack({
      method,
      fuel: m.interpretation as Fuel,
      readings,
      temperature: temp.series,
      baselineEndMs: localMidnightMs(String(m.blackout_start_date), off),
      reportingStartMs: localMidnightMs(String(m.blackout_end_date), off),
    });
  };
  it.skipIf(!dir).each([
    ['il-electricity-cdd-hdd-daily', 'cdd_hdd'],
    ['il-electricity-cdd-only-daily', 'cdd_only'],
    ['il-gas-hdd-only-daily', 'hdd_only'],
    ['il-electricity-cdd-hdd-billing_monthly', 'cdd_hdd'],
    ['il-gas-hdd-only-billing_monthly', 'hdd_only'],
  ])('%s selects %s, passes sufficiency and shows savings', (id, type) => {
    const r = run(id);
    expect((r.model as { type: string }).type).toBe(type);
    expect(r.sufficiency.status).toBe('PASS');
    expect(r.savings!.total.savingsFraction).toBeGreaterThan(0.03);
    expect(r.savings!.total.savingsFraction).toBeLessThan(0.17);
    expect(r.uncertainty!.fsu).toBeGreaterThan(0);
  });
  it.skipIf(!dir)('hdd-only gas: heating balance point within 2 °F of the truth (60 °F)', () => {
    const m = run('il-gas-hdd-only-daily').model as { heatingBalancePoint: number };
    expect(Math.abs(m.heatingBalancePoint - 60)).toBeLessThanOrEqual(2);
  });
  it.skipIf(!dir)('intercept-only gas: any slope explains almost nothing', () => {
    const r = run('il-gas-intercept-only-daily');
    expect((r.model as { rSquaredAdj: number }).rSquaredAdj).toBeLessThan(0.01);
  });
  it.skipIf(!dir)('hourly: TOWT savings of the simulated 10 % within 2 points', () => {
    for (const id of ['il-electricity-cdd-hdd-hourly', 'il-gas-hdd-only-hourly']) {
      const r = run(id);
      expect(r.sufficiency.status).toBe('PASS');
      expect(Math.abs(r.savings!.total.savingsFraction - 0.1)).toBeLessThan(0.02);
    }
  });
});

// eemeter tests/test_derivatives.py: TOWT baseline on il-electricity-cdd-hdd-hourly, reporting
// 2011-01-01 + 1417 h of 1 kWh/h at (30 + day) °F → metered savings −403.7 (counterfactual 1013.3).
describe('eemeter hourly metered-savings vector', () => {
  const baseline = loadMeterCsv(join(fixtures, 'il-electricity-cdd-hdd-hourly-baseline.csv.gz'));
  const baseTemps = loadTemperatureCsv(join(fixtures, 'il-tempF-baseline.csv.gz')).series;
  const t0 = Date.UTC(2011, 0, 1);
  const points: Array<{ ms: number; tempF: ReturnType<typeof fahrenheit> }> = [];
  baseTemps.valuesF.forEach((v, i) =>
    points.push({ ms: baseTemps.startMs + i * HOUR_MS, tempF: fahrenheit(v) }),
  );
  const reporting: MeterReading[] = [];
  for (let h = 0; h < 1417; h++) {
    points.push({ ms: t0 + h * HOUR_MS, tempF: fahrenheit(30 + Math.floor(h / 24)) });
    reporting.push({ startMs: epochMs(t0 + h * HOUR_MS), offsetMin: 0, value: 1 });
  }
  const run = (clock: 'local' | 'utc') =>
    runCaltrack({
      method: 'hourly',
      fuel: 'electricity',
      readings: [...baseline, ...reporting],
      temperature: createTemperatureSeries(points),
      baselineEndMs: Date.UTC(2016, 11, 26),
      reportingStartMs: t0,
      reportingEndMs: t0 + 1417 * HOUR_MS,
      clock,
    }).savings!.total;
  it('UTC clock (as eemeter): −403.70 over 1417 hours', () => {
    const t = run('utc');
    expect(t.n).toBe(1417);
    expect(t.avoided).toBeCloseTo(-403.7, 2);
  });
  it('local clock (CalTRACK 2.3.3): counterfactual total within 1 % of eemeter', () => {
    expect(Math.abs(run('local').predicted / 1013.3 - 1)).toBeLessThan(0.01);
  });
});
