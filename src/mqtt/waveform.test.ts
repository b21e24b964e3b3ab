import { describe, expect, it } from 'vitest';
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
      samples: 'AAAAAA==',
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
  });
});
