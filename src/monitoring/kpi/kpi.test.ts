// Hand-computed values for a fixed one-hour alarm log (see the comments for the arithmetic).
import { describe, expect, it } from 'vitest';
import {
  alarmKpis,
  alarmKpisBy,
  operationSummary,
  type AlarmActivation,
  type StateSample,
} from './index.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const customerOf: Record<string, string> = {
  'pump-1': 'cu_acme',
  'fan-2': 'cu_acme',
  'boiler-3': 'cu_beta',
};
const modelOf: Record<string, string> = { 'pump-1': 'P-200', 'fan-2': 'F-10', 'boiler-3': 'B-5' };
const act = (
  asset: string,
  ruleId: string,
  raisedAt: number,
  clearedAt?: number,
): AlarmActivation => ({
  asset,
  ruleId,
  severity: 'minor',
  raisedAt,
  customer: customerOf[asset]!,
  model: modelOf[asset]!,
  ...(clearedAt !== undefined ? { clearedAt } : {}),
});

const log: AlarmActivation[] = [
  // pump-1|hi-temp: three raises within 55 s → chattering (interval 0: 3 activations).
  act('pump-1', 'hi-temp', 10 * s, 20 * s),
  act('pump-1', 'hi-temp', 40 * s, 50 * s),
  act('pump-1', 'hi-temp', 65 * s, 70 * s),
  // fan-2|vib: 12 raises 45 s apart from 20:00 to 28:15 → interval 2 has 12 > 10: flood.
  ...Array.from({ length: 12 }, (_, k) =>
    act('fan-2', 'vib', 20 * m + k * 45 * s, 20 * m + k * 45 * s + 10 * s),
  ),
  // pump-1|low-flow: 10 raises one minute apart in interval 4 → exactly 10: not a flood.
  ...Array.from({ length: 10 }, (_, k) =>
    act('pump-1', 'low-flow', 40 * m + k * m, 40 * m + k * m + 30 * s),
  ),
  // Raised before the period: only count toward stale alarms.
  act('boiler-3', 'hi-press', -30 * h), // still active at the end: 31 h → stale
  act('boiler-3', 'lo-level', -20 * h, 10 * m), // 20 h 10 min → not stale
  act('boiler-3', 'burner', -25 * h, -1 * h), // cleared before the period → not considered
  act('boiler-3', 'flue-temp', -(23 * h + 30 * m)), // active 24 h 30 min at the end → stale
];

describe('ISA-18.2 alarm KPIs on a fixed log', () => {
  it('one operator, one hour', () => {
    const k = alarmKpis(log, { from: 0, to: h });
    expect(k.activations).toBe(25); // 3 + 12 + 10
    expect(k.alarmsPer10MinPerOperator).toBeCloseTo(25 / 6, 12);
    expect(k.peakPer10Min).toBe(12);
    expect(k.floodIntervals).toBe(1);
    expect(k.percentTimeInFlood).toBeCloseTo((100 * 10) / 60, 12);
    expect(k.staleAlarms).toBe(2);
    expect(k.chatteringAlarms).toEqual(['pump-1|hi-temp']);
    expect(k.topAlarms).toEqual([
      { key: 'fan-2|vib', count: 12 },
      { key: 'pump-1|low-flow', count: 10 },
      { key: 'pump-1|hi-temp', count: 3 },
    ]);
    expect(k.topTenSharePercent).toBe(100);
    expect(k.badActors).toEqual([
      { key: 'pump-1', count: 13 },
      { key: 'fan-2', count: 12 },
    ]);
  });

  it('two operators halve the rate and lift the flood', () => {
    const k = alarmKpis(log, { from: 0, to: h, operators: 2 });
    expect(k.alarmsPer10MinPerOperator).toBeCloseTo(25 / 6 / 2, 12);
    expect(k.floodIntervals).toBe(0); // 12 / 2 = 6 per operator
    expect(k.percentTimeInFlood).toBe(0);
  });

  it('a period that is not a multiple of 10 minutes', () => {
    const k = alarmKpis(log, { from: 0, to: 65 * m });
    expect(k.alarmsPer10MinPerOperator).toBeCloseTo(25 / 6.5, 12);
    expect(k.percentTimeInFlood).toBeCloseTo((100 * 10) / 65, 12);
  });

  it('chattering needs three raises within 60 s', () => {
    const near = [act('a', 'r', 0), act('a', 'r', 30 * s), act('a', 'r', 60 * s)];
    const far = [act('b', 'r', 0), act('b', 'r', 30 * s), act('b', 'r', 61 * s)];
    expect(alarmKpis([...near, ...far], { from: 0, to: h }).chatteringAlarms).toEqual(['a|r']);
  });

  it('per customer and per model', () => {
    const byCustomer = alarmKpisBy(log, (a) => a.customer, { from: 0, to: h });
    expect([...byCustomer.keys()]).toEqual(['cu_acme', 'cu_beta']);
    expect(byCustomer.get('cu_acme')!.activations).toBe(25);
    expect(byCustomer.get('cu_acme')!.staleAlarms).toBe(0);
    expect(byCustomer.get('cu_beta')!.activations).toBe(0);
    expect(byCustomer.get('cu_beta')!.staleAlarms).toBe(2);
    const byModel = alarmKpisBy(log, (a) => a.model, {
      from: 0,
      to: h,
      operatorsOf: (g) => (g === 'F-10' ? 2 : 1),
    });
    expect(byModel.get('P-200')!.activations).toBe(13);
    expect(byModel.get('P-200')!.percentTimeInFlood).toBe(0);
    expect(byModel.get('F-10')!.alarmsPer10MinPerOperator).toBeCloseTo(12 / 6 / 2, 12);
  });
});

describe('operation analysis', () => {
  const samples: StateSample[] = [
    { ts: 0, state: 'running' },
    { ts: 30 * m, state: 'idle' },
    { ts: 40 * m, state: 'fault' },
    { ts: 50 * m, state: 'running' },
    { ts: 90 * m, state: 'running' },
  ];

  it('splits time by state with gaps offline, and computes availability', () => {
    // maxGap 30 min: running 0–30, idle 30–40, fault 40–50, running 50–80 (gap limit), offline
    // 80–90, running 90–100.
    const r = operationSummary(samples, { from: 0, to: 100 * m, maxGapMs: 30 * m });
    expect(r.ms).toEqual({ running: 70 * m, idle: 10 * m, fault: 10 * m, offline: 10 * m });
    expect(r.availability).toBeCloseTo(80 / 90, 12);
    expect(r.availabilityOfPeriod).toBeCloseTo(0.8, 12);
    // maxGap 10 min: each sample covers at most 10 min; running 0–10, 50–60, 90–100.
    const short = operationSummary(samples, { from: 0, to: 100 * m, maxGapMs: 10 * m });
    expect(short.ms).toEqual({ running: 30 * m, idle: 10 * m, fault: 10 * m, offline: 50 * m });
  });

  it('clips to the period and counts the time before the first sample as offline', () => {
    const r = operationSummary(samples.slice(1), { from: 20 * m, to: 95 * m, maxGapMs: 10 * m });
    // 20–30 offline (no sample yet), idle 30–40, fault 40–50, running 50–60, offline 60–90, running 90–95
    expect(r.ms).toEqual({ running: 15 * m, idle: 10 * m, fault: 10 * m, offline: 40 * m });
    expect(r.availability).toBeCloseTo(25 / 35, 12);
  });
});
