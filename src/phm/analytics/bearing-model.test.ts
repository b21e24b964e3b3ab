import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/shared-data.ts';
import { readVibrationCsv, readVibrationDir } from '../load/cwru.ts';
import { diagnoseBearing, trainBearingModel } from './bearing-model.ts';

const dir = sharedDataDir('cwru');
const setup = { fs: 12000, rpm: 1797, window: 4096 };

describe('bearing model', () => {
  const or007 = readVibrationCsv(
    new URL('../../../test/fixtures/phm/OR007_at6_0_DE_12k_first8192.csv', import.meta.url)
      .pathname,
  );
  // A two-class toy model from the fixture: enough to exercise the checks and the evidence.
  const toy = trainBearingModel(
    [
      { label: 'OR007', signal: or007 },
      {
        label: 'Normal',
        signal: or007.map((_, i) => Math.sin(i / 3) * 0.05 + ((i * 7919) % 13) / 200),
      },
    ],
    setup,
  );

  it('reports BPFO evidence and severity on a real outer-race record', () => {
    const d = diagnoseBearing(toy, or007, setup);
    expect(d).toHaveLength(2);
    const first = d[0]!;
    expect(first.label).toBe('OR007');
    expect(first.severity).toMatchObject({
      level: 'incipient',
      defect: 'BPFO',
      faultDiameterIn: 0.007,
    });
    const bpfo = first.evidence.find((e) => e.kind === 'BPFO')!;
    expect(bpfo.harmonics[0]!.ratioDb).toBeGreaterThan(10);
    expect(Math.abs(bpfo.harmonics[0]!.peakHz - bpfo.frequencyHz)).toBeLessThan(4);
  });

  it('refuses a wrong sampling rate, speed, window or too short a file, naming the file', () => {
    const src = { ...setup, source: 'x.csv' };
    expect(() => diagnoseBearing(toy, or007, { ...src, fs: 48000 })).toThrow(
      /x\.csv, fs: model was trained at 12000 Hz/,
    );
    expect(() => diagnoseBearing(toy, or007, { ...src, rpm: 1500 })).toThrow(/x\.csv, rpm/);
    expect(() => diagnoseBearing(toy, or007, { ...src, window: 1000 })).toThrow(/x\.csv, window/);
    expect(() => diagnoseBearing(toy, or007.subarray(0, 100), src)).toThrow(/x\.csv: 100 samples/);
  });

  it.skipIf(!dir)('classifies held-out windows of all ten CWRU classes', () => {
    const records = readVibrationDir(dir!);
    expect(new Set(records.map((r) => r.label)).size).toBe(10);
    const cut = (s: Float64Array) => Math.floor(s.length * 0.8);
    const model = trainBearingModel(
      records.map((r) => ({ label: r.label, signal: r.signal.subarray(0, cut(r.signal)) })),
      setup,
    );
    let right = 0;
    let total = 0;
    for (const r of records) {
      const d = diagnoseBearing(model, r.signal.subarray(cut(r.signal)), setup);
      right += d.filter((x) => x.label === r.label).length;
      total += d.length;
    }
    expect(total).toBeGreaterThanOrEqual(40);
    expect(right / total).toBeGreaterThanOrEqual(0.97);
  });
});
