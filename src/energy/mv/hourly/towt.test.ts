// Hourly TOWT method: bins, occupancy, and recovery of a known hourly model.
import { describe, expect, it } from 'vitest';
import { epochMs } from '../../../kernel/index.ts';
import { prng, syntheticTemperature } from '../../../../test/fixtures/eemeter/synthetic.ts';
import { temperatureAt } from '../temperature.ts';
import { hourOfWeek } from '../time.ts';
import type { MeterReading } from '../types.ts';
import { DAY_MS, HOUR_MS } from '../types.ts';
import { binFeatures, fitBinEndpoints } from './bins.ts';
import { runHourly } from './towt.ts';
import { segment } from './towt-model.ts';
import { toHourlyRows } from './hourly-data.ts';

describe('temperature bins (§3.9)', () => {
  it('features split the temperature piecewise and sum to it', () => {
    const ends = [30, 45, 55, 65, 75, 90];
    const f = new Float64Array(7);
    for (const t of [-10, 30, 44, 60, 80, 101]) {
      binFeatures(t, ends, f, 0);
      expect(f.reduce((s, x) => s + x, 0)).toBeCloseTo(t, 12);
    }
    binFeatures(60, ends, f, 0);
    expect(Array.from(f)).toEqual([30, 15, 10, 5, 0, 0, 0]);
  });
  it('merges sparse bins from the outside in', () => {
    // Temperatures only between 50 and 70: the outer bins are empty.
    const temps = Array.from({ length: 400 }, (_, i) => 50 + (i % 200) / 10);
    expect(fitBinEndpoints(temps)).toEqual([55, 65]);
    // A sparse interior bin (45, 55] loses its right end point.
    const t2 = [...Array(50).fill(40), ...Array(5).fill(50), ...Array(50).fill(60)];
    expect(fitBinEndpoints(t2, [45, 55, 65])).toEqual([45]);
    expect(fitBinEndpoints([], [30, 45])).toEqual([]);
  });
});

describe('three-month weighted segments (§3.10)', () => {
  it('weights the month 1 and its neighbours 0.5, wrapping December–January', () => {
    const temp = syntheticTemperature(Date.UTC(2015, 0, 1), 366);
    const rs: MeterReading[] = [];
    for (let h = 0; h < 365 * 24; h++)
      rs.push({ startMs: epochMs(Date.UTC(2015, 0, 1) + h * HOUR_MS), offsetMin: 0, value: 1 });
    const rows = toHourlyRows(rs, temp, Date.UTC(2015, 0, 1), Date.UTC(2016, 0, 1));
    const s = segment(rows, 0);
    const months = new Set(Array.from(s.idx, (i) => rows.month[i]));
    expect([...months].sort((a, b) => a! - b!)).toEqual([0, 1, 11]);
    const jan = Array.from(s.idx).filter((i) => rows.month[i] === 0).length;
    const sumW = s.w.reduce((a, b) => a + b, 0);
    expect(sumW).toBeCloseTo(jan + 0.5 * (s.idx.length - jan), 9);
  });
});

describe('hourly method on a known model', () => {
  const START = Date.UTC(2015, 0, 1);
  const temp = syntheticTemperature(START, 800, 3);
  const baselineEndMs = START + 400 * DAY_MS;
  const reportingStartMs = baselineEndMs;
  // Occupied 8–18 h on weekdays: high base load; cooling above 65 °F, heating below 45 °F.
  const truth = (ms: number, t: number) => {
    const how = hourOfWeek(ms, 0);
    const occupied = how < 120 && how % 24 >= 8 && how % 24 < 18;
    return (occupied ? 5 : 1.5) + 0.2 * Math.max(t - 65, 0) + 0.1 * Math.max(45 - t, 0);
  };
  const make = (noise: number) => {
    const rnd = prng(11);
    const rs: MeterReading[] = [];
    for (let h = 0; h < 790 * 24; h++) {
      const ms = START + h * HOUR_MS;
      const f = ms >= reportingStartMs ? 0.9 : 1;
      const v = truth(ms, temperatureAt(temp, ms)) * f + noise * (rnd() - 0.5);
      rs.push({ startMs: epochMs(ms), offsetMin: 0, value: v });
    }
    return rs;
  };
  // Near-exact, not exact: in months where fewer than 20 hours fall below 45 °F that end point is
  // merged away (§3.9.2), so the heating kink at 45 °F cannot be represented there.
  it('fits the noise-free model closely and finds the 10 % saving', () => {
    const r = runHourly({
      method: 'hourly',
      fuel: 'electricity',
      readings: make(0),
      temperature: temp,
      baselineEndMs,
      reportingStartMs,
    });
    expect(r.sufficiency.status).toBe('PASS');
    expect(r.metrics!.cvrmse).toBeLessThan(1e-3);
    expect(r.savings!.total.savingsFraction).toBeCloseTo(0.1, 4);
    const months = (r.model as { months: Array<{ occupiedHoursOfWeek: number }> }).months;
    expect(months).toHaveLength(12);
    // 5 weekdays × 10 hours are occupied in the truth.
    for (const m of months) expect(m.occupiedHoursOfWeek).toBe(50);
  });
  it('with noise, totals stay within 1 % of the true saving', () => {
    const r = runHourly({
      method: 'hourly',
      fuel: 'electricity',
      readings: make(1),
      temperature: temp,
      baselineEndMs,
      reportingStartMs,
    });
    expect(Math.abs(r.savings!.total.savingsFraction - 0.1)).toBeLessThan(0.01);
    expect(r.uncertainty).toBeNull();
  });
  it('sums half-hourly readings into hours and reports short months by name', () => {
    const half: MeterReading[] = [];
    for (let k = 0; k < 200 * 48; k++)
      half.push({ startMs: epochMs(START + k * 1_800_000), offsetMin: 0, value: 0.5 });
    const rows = toHourlyRows(half, temp, START, START + 200 * DAY_MS);
    expect(rows.length).toBe(200 * 24);
    expect(rows.y[0]).toBe(1);
    const r = runHourly({
      method: 'hourly',
      fuel: 'electricity',
      readings: half,
      temperature: temp,
      baselineEndMs: START + 200 * DAY_MS,
      reportingStartMs: START + 200 * DAY_MS,
    });
    const short = r.sufficiency.findings.filter((f) => f.name === 'hourly-month-coverage');
    expect(short.length).toBeGreaterThan(0);
    // 200 days from 1 Jan: January–June covered, so only Feb–May models have full neighbours.
    const months = (r.model as { months: Array<{ month: number; sufficient: boolean }> }).months;
    expect(months.filter((m) => m.sufficient).map((m) => m.month)).toEqual([2, 3, 4, 5]);
    expect(short.every((f) => f.rule === '2.2.1.2' && f.severity === 'fail')).toBe(true);
  });
});
