// The wire format checked against the platform's own ingest parser (telemetry context), so a
// change on either side that breaks `ronghe simulate` → `/write` shows up here.
import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../telemetry/index.ts';
import { demoFleet, demoScenario, generate, sampleToLine } from './index.ts';

describe('simulator output through the telemetry line-protocol parser', () => {
  it('parses without errors into the same assets, times and values', () => {
    const assets = demoFleet(42);
    const start = Date.UTC(2026, 10, 2);
    const fleet = { seed: 42, intervalMs: 60_000, assets, faults: demoScenario(assets, start) };
    const samples = [
      ...generate(fleet, start + 5 * 86_400_000, start + 5 * 86_400_000 + 3_600_000),
    ];
    const body = `${samples.map((s) => sampleToLine(s)).join('\n')}\n`;
    const parsed = parseLineProtocol(body, 'ms');
    expect(parsed.errors).toEqual([]);
    expect(Array.from(parsed.ts)).toEqual(samples.map((s) => s.ts));
    expect(parsed.series.map((k) => k.tags.asset)).toEqual(samples.map((s) => s.assetKey));
    samples.forEach((s, i) => {
      const from = parsed.fieldStart[i]!;
      const to = parsed.fieldStart[i + 1]!;
      expect(parsed.rowKeys[i]).toHaveLength(to - from);
      const values = Object.fromEntries(
        parsed.rowKeys[i]!.map((k, j) => [k, parsed.fieldValue[from + j]]),
      );
      expect(values).toEqual(s.values);
    });
  });

  it('round-trips escaped asset keys and channel names', () => {
    const sample = {
      assetKey: 'Line 3,A=b',
      ts: 1_780_000_000_000,
      values: { 'oil temp,x=y': 1.5 },
    };
    const parsed = parseLineProtocol(`${sampleToLine(sample, { measurement: 'm 1,2' })}\n`, 'ms');
    expect(parsed.errors).toEqual([]);
    expect(parsed.series).toEqual([{ measurement: 'm 1,2', tags: { asset: 'Line 3,A=b' } }]);
    expect(parsed.rowKeys).toEqual([['oil temp,x=y']]);
    expect(Array.from(parsed.fieldValue)).toEqual([1.5]);
    expect(Array.from(parsed.ts)).toEqual([1_780_000_000_000]);
  });
});
