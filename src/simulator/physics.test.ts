import { describe, expect, it } from 'vitest';
import {
  demoFleet,
  demoScenario,
  generate,
  outdoorTemperature,
  type Fleet,
  type Sample,
} from './index.ts';
import { localHour, localWeekday } from './weather.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Physical constants restated here, not imported, so a slip in water.ts fails the test.
const RHO = 1000;
const CP = 4.186;
const heatKw = (flowM3h: number, dt: number): number => ((flowM3h * RHO) / 3600) * CP * dt;

const assets = demoFleet(3);
const jan = Date.UTC(2026, 0, 12);
const jul = Date.UTC(2026, 6, 13);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function run(
  from: number,
  days: number,
  intervalMs = 60_000,
  withFaults = false,
  only = '',
): Sample[] {
  const fleet: Fleet = {
    seed: 3,
    intervalMs,
    assets: assets.filter((a) => a.serial.startsWith(only)),
    faults: withFaults ? demoScenario(assets, from) : [],
  };
  return [...generate(fleet, from, from + days * DAY)];
}

const of = (samples: Sample[], prefix: string): Sample[] =>
  samples.filter((s) => s.assetKey.startsWith(prefix));
const v = (s: Sample, k: string): number => {
  const x = s.values[k];
  if (x === undefined) throw new Error(`${s.assetKey} has no ${k}`);
  return x;
};
const cityOf = (serial: string) => assets.find((a) => a.serial === serial)!.city;

// Process faults (fouling, leak, valve) must not break the balances; only sensor faults may.
const summer = run(jul, 28, 5 * 60_000, true);
const winter = run(jan, 14, 5 * 60_000, true);

describe('energy balances', () => {
  it('chiller: cooling_load = flow·ρ·c_p·(return − supply) and cop = load / power, to rounding', () => {
    const chillers = of([...summer, ...winter], 'CHL');
    expect(chillers.length).toBeGreaterThan(1000);
    const offBalance = chillers.filter((s) => {
      const q = heatKw(v(s, 'chw_flow'), v(s, 'chw_return_temp') - v(s, 'chw_supply_temp'));
      return Math.abs(v(s, 'cooling_load') - q) > 0.05 + 1e-6;
    });
    expect(offBalance).toEqual([]);
    const offCop = chillers.filter(
      (s) =>
        Math.abs(v(s, 'cop') - v(s, 'cooling_load') / v(s, 'compressor_power')) > 0.0005 + 1e-9,
    );
    expect(offCop).toEqual([]);
  });

  it('heat station: heat = flow·ρ·c_p·(supply − return), to rounding, outside the stuck-sensor fault', () => {
    const stuck = demoScenario(assets, jan).find((f) => f.kind === 'stuck-sensor')!;
    const stations = of(winter, 'HXS').filter(
      (s) => !(s.assetKey === stuck.assetKey && s.ts >= stuck.fromMs && s.ts < stuck.toMs),
    );
    expect(stations.length).toBeGreaterThan(1000);
    const offBalance = stations.filter((s) => {
      const q = heatKw(v(s, 'flow'), v(s, 'supply_temp') - v(s, 'return_temp'));
      return Math.abs(v(s, 'heat') - q) > 0.05 + 1e-6;
    });
    expect(offBalance).toEqual([]);
  });

  it('chiller COP is plausible and lower in summer (higher lift) than in winter', () => {
    const cops = (xs: Sample[]) => of(xs, 'CHL-0003').map((s) => v(s, 'cop'));
    const [s, w] = [mean(cops(summer)), mean(cops(winter))];
    expect(s).toBeGreaterThan(4);
    expect(w).toBeLessThan(9);
    expect(w - s).toBeGreaterThan(0.5);
  });
});

describe('weather', () => {
  const tempsAt = (from: number, days: number, hour: number): number[] => {
    const out: number[] = [];
    for (let d = 0; d < days; d++)
      out.push(outdoorTemperature(3, 'Nanjing', from + d * DAY + (hour - 8) * HOUR));
    return out;
  };

  it('follows the Jiangsu seasons: cold January, hot July', () => {
    expect(mean(tempsAt(Date.UTC(2026, 0, 1), 31, 12))).toBeLessThan(9);
    expect(mean(tempsAt(Date.UTC(2026, 6, 1), 31, 12))).toBeGreaterThan(26);
  });

  it('is warmest in the afternoon and coolest before dawn (local time)', () => {
    const from = Date.UTC(2026, 3, 1);
    expect(mean(tempsAt(from, 60, 14)) - mean(tempsAt(from, 60, 4))).toBeGreaterThan(4);
  });
});

describe('heat station control', () => {
  it('supply temperature follows the weather-compensation curve (≈ −1 K per K outdoors)', () => {
    const xs = of(winter, 'HXS-0003');
    const x = xs.map((s) => v(s, 'outdoor_temp'));
    const y = xs.map((s) => v(s, 'supply_temp'));
    const [mx, my] = [mean(x), mean(y)];
    const slope =
      x.reduce((a, xi, i) => a + (xi - mx) * (y[i]! - my), 0) /
      x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
    expect(slope).toBeLessThan(-0.8);
    expect(slope).toBeGreaterThan(-1.2);
    // And more heat is delivered on colder days.
    const cold = xs.filter((s) => v(s, 'outdoor_temp') < mx - 2).map((s) => v(s, 'heat'));
    const mild = xs.filter((s) => v(s, 'outdoor_temp') > mx + 2).map((s) => v(s, 'heat'));
    expect(mean(cold)).toBeGreaterThan(mean(mild) * 1.2);
  });
});

describe('locomotive duty cycle', () => {
  const loco = of(run(jan, 3, 10_000, false, 'LOC'), 'LOC-0002');

  it('stands in the depot 00:30–05:00 local and accelerates at no more than 0.3 m/s²', () => {
    const depot = loco.filter((s) => localHour(s.ts) >= 0.5 && localHour(s.ts) < 5);
    expect(depot.length).toBe(3 * 4.5 * 360);
    expect(depot.filter((s) => v(s, 'speed') !== 0)).toEqual([]);
    const jerks = loco.filter(
      (s, i) => i > 0 && Math.abs(v(s, 'speed') - v(loco[i - 1]!, 'speed')) >= 10.8 + 2,
    );
    expect(jerks).toEqual([]);
    expect(Math.max(...loco.map((s) => v(s, 'speed')))).toBeGreaterThan(60);
  });

  it('heats the traction motor when running and cools to ambient after the night stop', () => {
    const rise = (s: Sample) =>
      v(s, 'traction_motor_temp') - outdoorTemperature(3, cityOf(s.assetKey), s.ts);
    const dawn = loco.filter((s) => localHour(s.ts) >= 4.9 && localHour(s.ts) < 5);
    const running = loco.filter(
      (s) => localHour(s.ts) >= 10 && localHour(s.ts) < 22 && v(s, 'speed') > 0,
    );
    expect(dawn.length).toBeGreaterThan(0);
    for (const s of dawn) expect(Math.abs(rise(s))).toBeLessThan(2);
    expect(mean(running.map(rise))).toBeGreaterThan(20);
  });
});

describe('gearbox bench and garment line', () => {
  it('gearbox oil is hotter after the rated-load step than after the inspection stop', () => {
    const bench = of(run(jan, 2, 60_000, false, 'GBX'), 'GBX-0001');
    const endOf = (speed: number) =>
      bench.filter((s, i) => {
        const next = bench[i + 1];
        return (
          next !== undefined &&
          Math.abs(v(s, 'speed') - speed) < 20 &&
          Math.abs(v(next, 'speed') - speed) >= 20
        );
      });
    const afterRated = endOf(1800).map((s) => v(s, 'oil_temp'));
    const afterStop = endOf(0).map((s) => v(s, 'oil_temp'));
    expect(afterRated.length).toBeGreaterThan(5);
    expect(mean(afterRated) - mean(afterStop)).toBeGreaterThan(10);
  });

  it('garment lines work only in shifts and slow down with fatigue within a shift', () => {
    const lines = of(run(jan, 14, 60_000, false, 'GML'), 'GML');
    const offShift = lines.filter((s) => {
      const h = localHour(s.ts);
      return localWeekday(s.ts) === 0 || h < 8 || h >= 20 || (h >= 12 && h < 13);
    });
    expect(offShift.length).toBeGreaterThan(lines.length / 2);
    expect(offShift.filter((s) => v(s, 'state') !== 0)).toEqual([]);
    const running = lines.filter((s) => v(s, 'state') === 1);
    const rate = mean(running.map((s) => v(s, 'pieces') * v(s, 'cycle_time')));
    expect(Math.abs(rate - 60) / 60).toBeLessThan(0.1);
    const ct = (lo: number, hi: number) =>
      mean(
        running
          .filter((s) => localHour(s.ts) >= lo && localHour(s.ts) < hi)
          .map((s) => v(s, 'cycle_time') / 13),
      );
    expect(ct(16, 17)).toBeGreaterThan(ct(8, 9));
  });
});
