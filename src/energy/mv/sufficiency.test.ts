// Data-quality and sufficiency rules: each failure is reported by its CalTRACK section and name.
import { describe, expect, it } from 'vitest';
import { epochMs } from '../../kernel/index.ts';
import type { TrueModel } from '../../../test/fixtures/eemeter/synthetic.ts';
import { syntheticDaily, syntheticTemperature } from '../../../test/fixtures/eemeter/synthetic.ts';
import { cleanReadings } from './readings.ts';
import { interpolateTemperatureGaps, periodTemperatures } from './temperature.ts';
import { toPeriods } from './periods.ts';
import { runUsagePerDay } from './usage-per-day.ts';
import type { CaltrackInput } from './report.ts';
import type { MeterReading, TemperatureSeries } from './types.ts';
import { DAY_MS, HOUR_MS } from './types.ts';

const START = Date.UTC(2015, 0, 1);
const TRUTH: TrueModel = { intercept: 10, betaHdd: 2, betaCdd: 3, hbp: 58, cbp: 70 };
const temp = syntheticTemperature(START, 800);
const base = {
  method: 'daily' as const,
  fuel: 'electricity' as const,
  temperature: temp,
  baselineEndMs: START + 400 * DAY_MS,
  reportingStartMs: START + 410 * DAY_MS,
};
const readings = syntheticDaily(temp, START, 799, TRUTH);
const names = (r: ReturnType<typeof runUsagePerDay>) =>
  r.sufficiency.findings.map((f) => `${f.rule} ${f.name} ${f.severity}`);
const run = (over: Partial<CaltrackInput>) => runUsagePerDay({ ...base, readings, ...over });

describe('baseline sufficiency (§2.2.1)', () => {
  it('passes with a full year', () => expect(run({}).sufficiency.status).toBe('PASS'));
  it('fails a short baseline by name (§2.2.1.1)', () => {
    const late = readings.filter((r) => r.startMs >= START + 200 * DAY_MS);
    const r = run({ readings: late });
    expect(names(r)).toContain('2.2.1.1 baseline-shorter-than-365-days fail');
    expect(r.status).toBe('insufficient-data');
  });
  it('fails > 37 missing days (§2.2.1.2) and still reports the fit', () => {
    const gappy = readings.map((r, i) => (i >= 100 && i < 140 ? { ...r, value: Number.NaN } : r));
    const r = run({ readings: gappy });
    const f = r.sufficiency.findings.find((x) => x.rule === '2.2.1.2')!;
    expect(f.severity).toBe('fail');
    expect(f.data!.missingDays).toBe(40);
    expect(r.model).not.toBeNull();
  });
  it('a gap in the file (rows absent) counts as missing, not as a long day', () => {
    const holes = readings.filter((_, i) => i < 100 || i >= 139);
    const f = run({ readings: holes }).sufficiency.findings.find((x) => x.rule === '2.2.1.2')!;
    expect(f.data!.missingDays).toBe(39);
  });
  it('missing temperature days count as missing (§2.2.2.3)', () => {
    const v = Float64Array.from(temp.valuesF);
    for (let h = 150 * 24; h < 200 * 24; h++) v[h] = Number.NaN;
    const r = run({ temperature: { startMs: temp.startMs, valuesF: v } });
    expect(names(r)).toContain('2.2.1.2 too-many-missing-baseline-days fail');
    expect(names(r)).toContain('2.2.4.1 temperature-gap-too-long warn');
  });
});

describe('meter data quality (§2.2.1.4, §2.3.2, §2.3.5)', () => {
  it('negative readings are flagged and left out', () => {
    const neg = readings.map((r, i) => (i === 50 ? { ...r, value: -5 } : r));
    const clean = cleanReadings(neg, 'electricity');
    expect(clean.findings.map((f) => f.name)).toContain('negative-meter-values');
    expect(Number.isNaN(clean.readings[50]!.value)).toBe(true);
  });
  it('zero electricity reads are missing days for sufficiency, not for gas; both stay in the fit', () => {
    const z = readings.map((r, i) => (i >= 60 && i < 100 ? { ...r, value: 0 } : r));
    const clean = cleanReadings(z, 'electricity');
    expect(clean.readings[60]!.value).toBe(0);
    expect(clean.findings.map((f) => f.name)).toContain('zero-electricity-values-missing');
    const missing = (fuel: 'electricity' | 'gas') =>
      run({ readings: z, fuel }).sufficiency.findings.find((x) => x.rule === '2.2.1.2')!;
    expect(missing('electricity').data!.missingDays).toBe(40);
    expect(missing('electricity').severity).toBe('fail');
    expect(missing('gas').data!.missingDays).toBe(0);
    expect(run({ readings: z, fuel: 'gas' }).baseline.observations).toBe(365);
  });
  it('duplicate timestamps collapse to one record; conflicts are flagged', () => {
    const dup = [...readings, { ...readings[10]!, value: readings[10]!.value + 1 }];
    const clean = cleanReadings(dup, 'electricity');
    expect(clean.readings).toHaveLength(readings.length);
    const f = clean.findings.find((x) => x.rule === '2.3.2.1')!;
    expect(f.data).toMatchObject({ duplicates: 1, conflicting: 1 });
  });
});

describe('temperature (§2.2.4.1, §2.2.2.3)', () => {
  const series = (vals: number[]): TemperatureSeries => ({
    startMs: epochMs(0),
    valuesF: Float64Array.from(vals),
  });
  it('interpolates gaps up to six hours linearly, not longer ones', () => {
    const n = Number.NaN;
    const r = interpolateTemperatureGaps(
      series([10, n, n, n, n, n, n, 80, n, n, n, n, n, n, n, 0]),
    );
    expect(Array.from(r.series.valuesF.slice(0, 8))).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(Number.isNaN(r.series.valuesF[8]!)).toBe(true);
    expect(r.findings.map((f) => f.name)).toEqual([
      'temperature-gaps-interpolated',
      'temperature-gap-too-long',
    ]);
  });
  it('a day needs at least half of its hours', () => {
    const vals = Array.from({ length: 24 }, (_, i) => (i < 11 ? 50 : Number.NaN));
    const t = periodTemperatures(series(vals), epochMs(0), epochMs(DAY_MS));
    expect(t.dailyMeans.length).toBe(0);
    vals[11] = 62;
    const t2 = periodTemperatures(series(vals), epochMs(0), epochMs(DAY_MS));
    expect(Array.from(t2.dailyMeans)).toEqual([51]);
  });
});

describe('DST and UTC offsets', () => {
  it('a 23-hour spring-forward day is one day of 23/24 length', () => {
    // US Central: 2016-03-13 local midnight is 06:00Z, 2016-03-14 local midnight is 05:00Z.
    const d0 = Date.UTC(2016, 2, 13, 6);
    const d1 = Date.UTC(2016, 2, 14, 5);
    const rs: MeterReading[] = [
      { startMs: epochMs(d0), offsetMin: -360, value: 23 },
      { startMs: epochMs(d1), offsetMin: -300, value: 24 },
      { startMs: epochMs(d1 + DAY_MS), offsetMin: -300, value: Number.NaN },
    ];
    const hourly = syntheticTemperature(Date.UTC(2016, 2, 1), 30);
    const p = toPeriods(rs, hourly, 'daily');
    expect(p[0]!.days).toBeCloseTo(23 / 24, 12);
    expect(p[0]!.temps.nDays).toBe(1);
    expect(p[0]!.value / p[0]!.days).toBeCloseTo(24, 12);
    expect(p[1]!.days).toBe(1);
    expect((p[0]!.endMs - p[0]!.startMs) / HOUR_MS).toBe(23);
  });
});
