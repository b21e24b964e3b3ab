// The ingest log message's two versions (issue 24, natscost24): version 2 (columnar binary)
// round-trips every batch exactly as version 1 (JSON) does, is about a quarter of its bytes on
// the fleet workload's shape, and a corrupt message is refused naming the place, never decoded
// half. Every node reads both versions, whichever it writes.
import { describe, expect, it } from 'vitest';
import { RongheError } from '../kernel/index.ts';
import type { SinkPoint } from '../telemetry/index.ts';
import { MAX_SPAN_MS } from './codec-columnar.ts';
import { decodeMessage, encodeMessage, READ_VERSIONS } from './codec.ts';

const T0 = 1_765_000_000_000;

/** A fleet-like batch: `assets` × 10 channels, one sample a minute for `minutes`. */
function fleet(assets: number, minutes: number): SinkPoint[] {
  const out: SinkPoint[] = [];
  for (let m = 0; m < minutes; m++)
    for (let a = 0; a < assets; a++)
      for (let c = 0; c < 10; c++)
        out.push({
          assetId: `as_${String(a).padStart(8, '0')}`,
          channel: `channel_${c}`,
          ts: T0 + m * 60_000,
          value: Math.round(Math.sin(a + c + m) * 10_000) / 100,
          customerId: a % 2 ? `cu_${a}` : null,
        });
  return out;
}

function refusal(data: Uint8Array): string {
  try {
    decodeMessage(data);
  } catch (e) {
    expect(e).toBeInstanceOf(RongheError);
    return (e as RongheError).message;
  }
  throw new Error('accepted');
}

describe('ingest log message, version 2 (columnar)', () => {
  it('round-trips every field exactly, in the batch order, as version 1 does', () => {
    const pts: SinkPoint[] = [
      { assetId: 'as_1', channel: 'temp', ts: T0 + 5, value: 0.1 + 0.2, customerId: null },
      { assetId: 'as_2', channel: '温度', ts: T0, value: -1e300, customerId: 'cu_é' },
      { assetId: 'as_1', channel: 'temp', ts: T0 - 60_000, value: 5e-324, customerId: null },
      { assetId: 'as_1', channel: 'temp', ts: T0 + 5, value: 7, customerId: 'cu_1' },
      { assetId: 'as_1', channel: 'temp', ts: -86_400_000, value: 3, customerId: null },
      { assetId: 'as_1', channel: 'temp', ts: T0 + 2 ** 50, value: 1, customerId: null },
    ];
    const v2 = encodeMessage('tn_a', pts, 2);
    expect(v2[0]).toBe(2);
    expect(decodeMessage(v2)).toEqual({ tenantId: 'tn_a', points: pts });
    expect(decodeMessage(encodeMessage('tn_a', pts, 1))).toEqual(decodeMessage(v2));
    expect(decodeMessage(encodeMessage('tn_a', [], 2))).toEqual({ tenantId: 'tn_a', points: [] });
    expect(READ_VERSIONS).toEqual([1, 2]);
  });

  it('takes about a quarter of version 1’s bytes on the fleet workload’s shape', () => {
    const pts = fleet(10, 60);
    const v1 = encodeMessage('tn_0123456789', pts, 1).length;
    const v2 = encodeMessage('tn_0123456789', pts, 2).length;
    expect(decodeMessage(encodeMessage('tn_0123456789', pts, 2)).points).toEqual(pts);
    expect(v2 / pts.length).toBeLessThan(11);
    expect(v2 / v1).toBeLessThan(0.3);
  });

  it('falls back to version 1 when the times span more than deltas keep exact', () => {
    const pts: SinkPoint[] = [
      { assetId: 'a', channel: 'c', ts: -(2 ** 52), value: 1, customerId: null },
      {
        assetId: 'a',
        channel: 'c',
        ts: 2 ** 52 - MAX_SPAN_MS + 2 ** 51,
        value: 2,
        customerId: null,
      },
    ];
    const data = encodeMessage('tn_a', pts, 2);
    expect(String.fromCharCode(data[0]!)).toBe('{');
    expect(decodeMessage(data).points).toEqual(pts);
  });

  it('refuses every truncation and corruption, naming the place', () => {
    const data = encodeMessage('tn_a', fleet(2, 3), 2);
    for (let n = 1; n < data.length; n++) expect(refusal(data.subarray(0, n))).toBeTruthy();
    const withTail = new Uint8Array(data.length + 1);
    withTail.set(data);
    expect(refusal(withTail)).toMatch(/after the last value/);

    // tenant "t", one series (a, c, no customer), one point of series 1 (there is none).
    const one = [2, 1, 116, 1, 1, 97, 1, 99, 0, 1, 1, ...new Array<number>(8).fill(0), 0];
    const value = (x: number) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, x, true);
      return [...b];
    };
    expect(refusal(new Uint8Array([...one, ...value(1)]))).toMatch(/p\[0\]\.series/);
    one[10] = 0;
    expect(decodeMessage(new Uint8Array([...one, ...value(1)])).points).toHaveLength(1);
    expect(refusal(new Uint8Array([...one, ...value(NaN)]))).toMatch(/p\[0\]\.value/);
    one[8] = 2;
    expect(refusal(new Uint8Array([...one, ...value(1)]))).toMatch(/series\[0\]\.customer/);
    expect(refusal(new Uint8Array([2, 0]))).toMatch(/tenant/);
    expect(refusal(new Uint8Array([7, 1, 2]))).toMatch(/not JSON/);
  });
});
