import { describe, expect, it } from 'vitest';
import { isRongheError } from '../kernel/index.ts';
import { assetModels, demoAssetModels, demoFleet, generate, sampleToLine } from './index.ts';

describe('line protocol', () => {
  it('writes measurement, asset tag, float fields and a millisecond timestamp', () => {
    const line = sampleToLine({
      assetKey: 'CHL-0001',
      ts: 1_780_000_000_000,
      values: { cop: 5.25, chw_flow: 120 },
    });
    expect(line).toBe('telemetry,asset=CHL-0001 cop=5.25,chw_flow=120 1780000000000');
  });

  it('escapes commas and spaces in the measurement, and commas, equals and spaces in keys and tags', () => {
    const line = sampleToLine(
      { assetKey: 'Line 3,A=b', ts: 5, values: { 'oil temp': 1.5, 'a,b=c': -2 } },
      { measurement: 'my plant,x=y', assetTag: 'asset id' },
    );
    expect(line).toBe('my\\ plant\\,x=y,asset\\ id=Line\\ 3\\,A\\=b oil\\ temp=1.5,a\\,b\\=c=-2 5');
  });

  it('writes negative zero as 0 and skips samples without values', () => {
    expect(sampleToLine({ assetKey: 'A', ts: 1, values: { x: -0 } })).toBe(
      'telemetry,asset=A x=0 1',
    );
    expect(sampleToLine({ assetKey: 'A', ts: 1, values: {} })).toBeUndefined();
  });

  it.each([
    [{ assetKey: 'A', ts: 1, values: { x: Number.NaN } }, 'x'],
    [{ assetKey: 'A', ts: 1, values: { x: Infinity } }, 'x'],
    [{ assetKey: 'A\nB', ts: 1, values: { x: 1 } }, 'assetKey'],
    [{ assetKey: '', ts: 1, values: { x: 1 } }, 'assetKey'],
    [{ assetKey: 'A', ts: 1.5, values: { x: 1 } }, 'ts'],
  ])('rejects %o naming %s', (sample, field) => {
    let err: unknown;
    try {
      sampleToLine(sample);
    } catch (e) {
      err = e;
    }
    expect(isRongheError(err) && err.code).toBe('RONGHE_VALIDATION');
    expect(isRongheError(err) && err.message.startsWith(field)).toBe(true);
  });

  it('round-trips generated samples: every field parses back to the generated number', () => {
    const fleet = { seed: 5, intervalMs: 60_000, assets: demoFleet(5), faults: [] };
    const t = Date.UTC(2026, 2, 3, 4);
    for (const s of generate(fleet, t, t + 10 * 60_000)) {
      const line = sampleToLine(s)!;
      const [head, fields, ts] = line.split(' ');
      expect(head).toBe(`telemetry,asset=${s.assetKey}`);
      expect(Number(ts)).toBe(s.ts);
      const parsed = Object.fromEntries(
        fields!.split(',').map((f) => [f.split('=')[0], Number(f.split('=')[1])]),
      );
      expect(parsed).toEqual(s.values);
    }
  });
});

describe('demo asset models', () => {
  it('gives the five models as create-model input, channels matching the generated values', () => {
    const models = demoAssetModels();
    expect(models.map((m) => m.category)).toEqual([
      'chiller',
      'heat-station',
      'locomotive',
      'test-bench',
      'production-line',
    ]);
    for (const m of models) {
      const channels = m.channels ?? [];
      for (const c of channels) {
        expect(['float', 'integer']).toContain(c.dataType);
        expect(c.expectedIntervalS).toBe(60);
        expect(c.min!).toBeLessThan(c.max!);
      }
      const kind = Object.values(assetModels).find((x) => x.name === m.name)!.kind;
      const asset = demoFleet(1, { [kind]: 1 });
      const t = Date.UTC(2026, 4, 6, 2); // a Wednesday, 10:00 local: every line is in its shift
      const [sample] = [
        ...generate({ seed: 1, intervalMs: 60_000, assets: asset, faults: [] }, t, t + 1),
      ];
      const keys = channels
        .map((c) => c.key)
        .filter((k) => k !== 'cycle_time' || sample!.values.state === 1);
      expect(Object.keys(sample!.values).sort()).toEqual(keys.sort());
    }
  });
});
