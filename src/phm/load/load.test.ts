import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRongheError } from '../../kernel/index.ts';
import { parseCmapss, parseRulTruth, readCmapss } from './cmapss.ts';
import { labelOfFile, parseVibrationCsv, readVibrationCsv } from './cwru.ts';
import { loadModel, saveModel } from './model-file.ts';

const fixtures = new URL('../../../test/fixtures/phm/', import.meta.url);
const cmapssFixture = new URL('train_FD001_units1-2.txt', fixtures);
const row = (unit: number, cycle: number) => `${unit} ${cycle} ${'0.5 '.repeat(24)}`.trim();

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(isRongheError(e)).toBe(true);
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('C-MAPSS loader', () => {
  it('reads the fixture into units with 21 sensors per cycle', () => {
    const units = readCmapss(cmapssFixture.pathname);
    expect(units.map((u) => [u.unit, u.length])).toEqual([
      [1, 192],
      [2, 287],
    ]);
    expect(units[0]?.sensors.length).toBe(192 * 21);
    // Sensor 2 of unit 1, cycle 1 is 641.82 in the NASA file.
    expect(units[0]?.sensors[1]).toBeCloseTo(641.82, 6);
  });

  it('names file, line and column for malformed rows', () => {
    const text = readFileSync(cmapssFixture, 'utf8').split('\n');
    text[4] = (text[4] as string).replace(/^(\S+ \S+ \S+ \S+ \S+ \S+ )\S+/, '$1abc');
    expect(errorOf(() => parseCmapss(text.join('\n'), 'x.txt')).message).toMatch(
      /x\.txt, line 5, sensor 2: 'abc'/,
    );
    expect(errorOf(() => parseCmapss(`${row(1, 1)}\n1 2 0.1`, 'y.txt')).message).toMatch(
      /y\.txt, line 2: expected 26/,
    );
    expect(errorOf(() => parseCmapss(`${row(1, 1)}\n${row(1, 3)}`, 'z.txt')).message).toMatch(
      /line 2, cycle: unit 1: expected cycle 2/,
    );
    expect(errorOf(() => parseCmapss(row(1, 1).replace(/0\.5$/, 'NaN'), 'n.txt')).message).toMatch(
      /sensor 21: 'NaN'/,
    );
    expect(errorOf(() => parseCmapss('', 'e.txt')).message).toMatch(/no data rows/);
    expect(errorOf(() => parseRulTruth('12\n-3\n', 'RUL.txt')).message).toMatch(/RUL\.txt, line 2/);
  });
});

describe('vibration CSV loader', () => {
  it('reads the column, labels files by name', () => {
    const x = readVibrationCsv(new URL('OR007_at6_0_DE_12k_first8192.csv', fixtures).pathname);
    expect(x.length).toBe(8192);
    expect(labelOfFile('/a/OR007_at6_0_DE_12k.csv')).toBe('OR007');
    expect(parseVibrationCsv('t,de_accel_g\n0,1.5\n1,-2\n', 'a.csv')).toEqual(
      Float64Array.from([1.5, -2]),
    );
  });

  it('refuses a missing column and non-numeric fields with file and line', () => {
    expect(errorOf(() => parseVibrationCsv('fe_accel_g\n1\n', 'a.csv')).message).toMatch(
      /a\.csv, line 1.*no column 'de_accel_g'/,
    );
    expect(errorOf(() => parseVibrationCsv('de_accel_g\n1\nfoo\n', 'b.csv')).message).toMatch(
      /b\.csv, line 3.*'foo'/,
    );
    expect(errorOf(() => parseVibrationCsv('de_accel_g\n1\n\n,\n', 'c.csv')).message).toMatch(
      /line 4/,
    );
  });
});

describe('model files', () => {
  it('round-trips infinities and refuses another kind or version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phm-'));
    const path = join(dir, 'm.json');
    const model = { kind: 'k', version: 1, w: Infinity, a: Float64Array.from([1, 2]) };
    saveModel(path, model);
    const m = loadModel<{ kind: 'k'; version: 1; w: number; a: number[] }>(path, 'k', 1);
    expect(m.w).toBe(Infinity);
    expect(m.a).toEqual([1, 2]);
    expect(errorOf(() => loadModel(path, 'other', 1)).message).toMatch(/expected a 'other' model/);
    expect(errorOf(() => loadModel(path, 'k', 2)).message).toMatch(/version 1 is not supported/);
    writeFileSync(path, 'not json');
    expect(errorOf(() => loadModel(path, 'k', 1)).message).toMatch(/not a model file/);
  });
});
