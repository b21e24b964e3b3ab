import { describe, expect, it } from 'vitest';
import { isRongheError } from '../kernel/index.ts';
import { demoFleet, demoScenario, generate, type Fault, type Fleet, type Sample } from './index.ts';

const DAY = 86_400_000;
const start = Date.UTC(2026, 6, 1); // summer: chillers run near capacity in the afternoons
const assets = demoFleet(11);
const faults = demoScenario(assets, start);
const base: Fleet = { seed: 11, intervalMs: 5 * 60_000, assets, faults: [] };
const clean = [...generate(base, start, start + 28 * DAY)];
const faulty = [...generate({ ...base, faults }, start, start + 28 * DAY)];
const cleanByKey = new Map(clean.map((s) => [`${s.assetKey}@${s.ts}`, s]));

const fault = (assetKey: string): Fault => {
  const f = faults.find((x) => x.assetKey === assetKey);
  if (!f) throw new Error(`scenario has no fault for ${assetKey}`);
  return f;
};
const inWindow =
  (f: Fault, from = f.fromMs, to = f.toMs) =>
  (s: Sample) =>
    s.assetKey === f.assetKey && s.ts >= Math.max(from, f.fromMs) && s.ts < Math.min(to, f.toMs);
const twin = (s: Sample): Sample => cleanByKey.get(`${s.assetKey}@${s.ts}`)!;
const v = (s: Sample, k: string): number => s.values[k]!;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Mean of a channel over faulty samples and over their clean twins. */
function means(f: Fault, k: string, from?: number, to?: number, keep = (_: Sample) => true) {
  const xs = faulty.filter(inWindow(f, from, to)).filter((s) => keep(twin(s)));
  expect(xs.length).toBeGreaterThan(0);
  return { faulty: mean(xs.map((s) => v(s, k))), clean: mean(xs.map((s) => v(twin(s), k))) };
}

describe('demo scenario', () => {
  it('has one fault for each documented asset', () => {
    expect(faults.map((f) => `${f.assetKey}:${f.kind}`)).toEqual([
      'CHL-0001:fouling',
      'CHL-0002:refrigerant-leak',
      'HXS-0001:valve-fault',
      'HXS-0002:stuck-sensor',
      'LOC-0001:bearing-wear',
      'LOC-0002:spike',
      'LOC-0003:offline',
      'GBX-0001:bearing-wear',
      'GBX-0002:drift',
      'GML-0001:line-stoppage',
    ]);
  });

  it('leaves every sample outside a fault window identical to the fault-free run', () => {
    const outside = faulty.filter(
      (s) => !faults.some((f) => f.assetKey === s.assetKey && s.ts >= f.fromMs && s.ts < f.toMs),
    );
    expect(outside.length).toBeGreaterThan(faulty.length * 0.6);
    const differing = outside.filter((s) => JSON.stringify(s) !== JSON.stringify(twin(s)));
    expect(differing).toEqual([]);
  });

  it('offline: LOC-0003 sends nothing in its window and everything around it', () => {
    const f = fault('LOC-0003');
    expect(faulty.filter(inWindow(f))).toEqual([]);
    const expected = clean.filter((s) => !inWindow(f)(s)).map((s) => `${s.assetKey}@${s.ts}`);
    expect(faulty.map((s) => `${s.assetKey}@${s.ts}`)).toEqual(expected);
    expect(clean.filter(inWindow(f)).length).toBe(6 * 12);
  });
});

describe('process faults', () => {
  it('fouling lowers CHL-0001 COP progressively at unchanged load', () => {
    const f = fault('CHL-0001');
    const early = means(f, 'cop', f.fromMs, f.fromMs + DAY);
    const late = means(f, 'cop', f.toMs - 4 * DAY);
    expect(early.faulty / early.clean).toBeGreaterThan(0.98);
    expect(late.faulty / late.clean).toBeLessThan(0.92);
    const xs = faulty.filter(inWindow(f));
    expect(xs.filter((s) => v(s, 'cooling_load') !== v(twin(s), 'cooling_load'))).toEqual([]);
    const cheaper = xs.filter(
      (s) => v(s, 'compressor_power') < v(twin(s), 'compressor_power') * 0.95,
    );
    expect(cheaper).toEqual([]);
  });

  it('refrigerant leak lowers CHL-0002 COP and lets supply temperature rise at high load', () => {
    const f = fault('CHL-0002');
    const late = means(f, 'cop', f.toMs - 2 * DAY);
    expect(late.faulty / late.clean).toBeLessThan(0.9);
    const window = faulty.filter(inWindow(f));
    const hot = Math.max(...window.map((s) => v(s, 'chw_supply_temp')));
    const cleanHot = Math.max(...window.map((s) => v(twin(s), 'chw_supply_temp')));
    expect(hot).toBeGreaterThan(7.5);
    expect(cleanHot).toBeLessThan(7.2);
  });

  it('valve fault on HXS-0001 brings return temperature close to supply at the same heat', () => {
    const f = fault('HXS-0001');
    const flow = means(f, 'flow');
    expect(flow.faulty / flow.clean).toBeGreaterThan(2.8);
    expect(flow.faulty / flow.clean).toBeLessThan(3.2);
    const xs = faulty.filter(inWindow(f));
    const dt = (s: Sample) => v(s, 'supply_temp') - v(s, 'return_temp');
    expect(mean(xs.map(dt)) / mean(xs.map((s) => dt(twin(s))))).toBeLessThan(0.45);
    const heat = means(f, 'heat');
    expect(Math.abs(heat.faulty / heat.clean - 1)).toBeLessThan(0.1);
  });

  it('bearing wear grows exponentially in LOC-0001 vibration and bearing temperature', () => {
    const f = fault('LOC-0001');
    const moving = (s: Sample) => v(s, 'speed') > 20;
    const ratio = (week: number) => {
      const m = means(
        f,
        'vibration_rms',
        start + week * 7 * DAY,
        start + (week + 1) * 7 * DAY,
        moving,
      );
      return m.faulty / m.clean;
    };
    const r = [0, 1, 2, 3].map(ratio);
    expect(r[0]!).toBeLessThan(1.05);
    expect(r[1]! - r[0]!).toBeLessThan(r[3]! - r[2]!); // accelerating, not linear
    expect(r[3]!).toBeGreaterThan(1.8);
    const temp = means(f, 'axle_bearing_temp', f.toMs - 2 * DAY, f.toMs, moving);
    expect(temp.faulty - temp.clean).toBeGreaterThan(5);
  });

  it('bearing wear raises GBX-0001 vibration towards the end of its window only', () => {
    const f = fault('GBX-0001');
    const running = (s: Sample) => v(s, 'speed') > 100;
    const early = means(f, 'vibration_rms', f.fromMs, f.fromMs + 3 * DAY, running);
    const late = means(f, 'vibration_rms', f.toMs - DAY, f.toMs, running);
    expect(early.faulty / early.clean).toBeLessThan(1.05);
    expect(late.faulty / late.clean).toBeGreaterThan(2.5);
  });

  it('line stoppage holds GML-0001 in state 2 with no pieces', () => {
    const f = fault('GML-0001');
    const xs = faulty.filter(inWindow(f));
    expect(xs.length).toBe(30);
    for (const s of xs) expect(s.values).toEqual({ pieces: 0, state: 2 });
    expect(xs.filter((s) => v(twin(s), 'state') === 1).length).toBeGreaterThan(20);
  });
});

describe('sensor faults', () => {
  it('stuck sensor freezes HXS-0002 return_temp at its first value and nothing else', () => {
    const f = fault('HXS-0002');
    const xs = faulty.filter(inWindow(f));
    expect(xs.length).toBe(288);
    const first = v(twin(xs[0]!), 'return_temp');
    expect(new Set(xs.map((s) => v(s, 'return_temp')))).toEqual(new Set([first]));
    expect(xs.filter((s) => v(s, 'supply_temp') !== v(twin(s), 'supply_temp'))).toEqual([]);
    expect(new Set(xs.map((s) => v(twin(s), 'return_temp'))).size).toBeGreaterThan(20);
  });

  it('spike adds 15 mm/s to exactly one LOC-0002 vibration sample', () => {
    const changed = faulty.filter(
      (s) => s.assetKey === 'LOC-0002' && v(s, 'vibration_rms') !== v(twin(s), 'vibration_rms'),
    );
    expect(changed.length).toBe(1);
    expect(changed[0]!.ts).toBe(fault('LOC-0002').fromMs);
    expect(v(changed[0]!, 'vibration_rms') - v(twin(changed[0]!), 'vibration_rms')).toBeCloseTo(
      15,
      5,
    );
  });

  it('drift adds a linear ramp of up to 8 K to GBX-0002 oil_temp', () => {
    const f = fault('GBX-0002');
    const xs = faulty.filter(inWindow(f));
    expect(xs.length).toBe(14 * 288);
    const off = xs.filter((s) => {
      const x = (s.ts - f.fromMs) / (f.toMs - f.fromMs);
      return Math.abs(v(s, 'oil_temp') - v(twin(s), 'oil_temp') - 8 * x) >= 0.11;
    });
    expect(off).toEqual([]);
  });
});

describe('validation', () => {
  const bad = (f: Fault): unknown => {
    try {
      return [...generate({ ...base, faults: [f] }, start, start + 60_000)].length;
    } catch (e) {
      return e;
    }
  };
  const window = { fromMs: start, toMs: start + DAY, magnitude: 1 };

  it.each([
    [{ assetKey: 'LOC-0001', kind: 'fouling', ...window } as Fault, 'faults[0].kind'],
    [{ assetKey: 'LOC-0001', kind: 'drift', ...window } as Fault, 'faults[0].channel'],
    [
      { assetKey: 'LOC-0001', kind: 'drift', channel: 'cop', ...window } as Fault,
      'faults[0].channel',
    ],
    [{ assetKey: 'NOPE-1', kind: 'offline', ...window } as Fault, 'faults[0].assetKey'],
    [{ assetKey: 'LOC-0001', kind: 'offline', ...window, toMs: start } as Fault, 'faults[0].toMs'],
  ])('rejects %o naming %s', (f, field) => {
    const e = bad(f);
    expect(isRongheError(e) && e.code).toBe('RONGHE_VALIDATION');
    expect(isRongheError(e) && e.message).toContain(field);
  });
});
