import { describe, expect, it } from 'vitest';
import { encodeBinaryWaveform } from '../phm/index.ts';
import { isWaveformTopic, parseWaveformMessage } from './waveform.ts';

const topic = 'ronghe/waveform/DM-1';
const msg = (o: unknown) => Buffer.from(JSON.stringify(o));

describe('ronghe/waveform messages', () => {
  it('reads the asset from the topic and the block from the payload', () => {
    expect(isWaveformTopic(topic)).toBe(true);
    expect(isWaveformTopic('ronghe/telemetry/DM-1')).toBe(false);
    const m = parseWaveformMessage(
      topic,
      msg({ sampleRate: 12000, rpm: 1797, samples: 'AAAAAA==', ts: '2026-12-06T00:00:00Z' }),
    );
    expect(m).toEqual({
      asset: 'DM-1',
      sampleRate: 12000,
      rpm: 1797,
      samples: Float64Array.of(0),
      encoding: 'json',
      ts: Date.parse('2026-12-06T00:00:00Z'),
    });
  });

  it('refuses a bad topic, a missing rate, empty samples or an unknown field, naming it', () => {
    const field = (t: string, o: unknown) => {
      try {
        parseWaveformMessage(t, msg(o));
      } catch (e) {
        return (e as { details: { field: string }[] }).details[0]!.field;
      }
      return 'accepted';
    };
    const ok = { sampleRate: 12000, rpm: 1797, samples: 'AAAAAA==' };
    expect(field('ronghe/waveform/', ok)).toBe('payload');
    expect(field(topic, { ...ok, sampleRate: '12k' })).toBe('sampleRate');
    expect(field(topic, { ...ok, samples: '' })).toBe('samples');
    expect(field(topic, { ...ok, fs: 1 })).toBe('fs');
    expect(field(topic, { ...ok, ts: 'yesterday' })).toBe('ts');
    expect(field(topic, { ...ok, samples: 'AAA=' })).toBe('samples');
  });

  it('reads the binary form: float32 as sent, int16 times its scale, little-endian', () => {
    const samples = [0.5, -1.25, 2, 0.001];
    const f = parseWaveformMessage(
      topic,
      encodeBinaryWaveform({ sampleRate: 12000, rpm: 1797, ts: 1_765_000_000_000, samples }),
    );
    expect(f).toEqual({
      asset: 'DM-1',
      encoding: 'binary',
      sampleRate: 12000,
      rpm: 1797,
      ts: 1_765_000_000_000,
      samples: Float64Array.from(samples.map(Math.fround)),
    });
    const i16 = encodeBinaryWaveform({ sampleRate: 25600, rpm: 1500, samples }, 'int16', 1e-3);
    expect(i16.length).toBe(28 + 2 * samples.length);
    // Header bytes as documented: "RW", version 1, format 2, count at offset 16.
    expect([...i16.subarray(0, 4)]).toEqual([0x52, 0x57, 1, 2]);
    expect(i16.readUInt32LE(16)).toBe(4);
    expect(i16.readInt16LE(28 + 2)).toBe(-1250);
    const m = parseWaveformMessage(topic, i16);
    expect(m.ts).toBeUndefined();
    expect(Array.from(m.samples).map((v) => Math.round(v * 1000) / 1000)).toEqual(samples);
  });

  it('refuses a malformed binary payload naming the defect', () => {
    const good = () =>
      encodeBinaryWaveform({ sampleRate: 12000, rpm: 1797, samples: [1, 2, 3, 4] }, 'float32');
    const refused = (b: Buffer) => {
      try {
        parseWaveformMessage(topic, b);
      } catch (e) {
        const x = e as { details: { field: string; reason: string }[] };
        return `${x.details[0]!.field}: ${x.details[0]!.reason}`;
      }
      return 'accepted';
    };
    expect(refused(good().subarray(0, 20))).toMatch(/^header: .*28-byte header/);
    const v = good();
    v.writeUInt8(9, 2);
    expect(refused(v)).toMatch(/^version: .*version 9/);
    const f = good();
    f.writeUInt8(7, 3);
    expect(refused(f)).toMatch(/^format: .*format 7/);
    const c = good();
    c.writeUInt32LE(5, 16);
    expect(refused(c)).toMatch(/^count: header says 5 samples \(20 bytes\) but 16 bytes/);
    expect(refused(good().subarray(0, 30))).toMatch(/^count: /);
    const r = good();
    r.writeFloatLE(-1, 4);
    expect(refused(r)).toMatch(/^sampleRate: /);
    const s = good();
    s.writeFloatLE(0, 12);
    expect(refused(s)).toMatch(/^scale: /);
    const t = good();
    t.writeDoubleLE(1_765_000_000_000.5, 20);
    expect(refused(t)).toMatch(/^ts: .*not whole epoch milliseconds/);
    const n = good();
    n.writeFloatLE(NaN, 28 + 8);
    expect(refused(n)).toMatch(/^samples: sample 2 /);
    expect(refused(good())).toBe('accepted');
  });
});
