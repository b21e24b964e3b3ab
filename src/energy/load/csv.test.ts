import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { isRongheError } from '../../kernel/index.ts';
import { loadTemperatureCsv, parseMeterCsv, parseTemperatureCsv, parseTimestamp } from './csv.ts';

describe('timestamps', () => {
  it('reads UTC offsets, a space separator, Z and no offset (= UTC)', () => {
    expect(parseTimestamp('2015-11-22T00:00:00-06:00')).toEqual({
      ms: Date.UTC(2015, 10, 22, 6),
      offsetMin: -360,
    });
    expect(parseTimestamp('2020-04-01 01:00:00+00:00')!.ms).toBe(Date.UTC(2020, 3, 1, 1));
    expect(parseTimestamp('2020-04-01 01:00:00')!.ms).toBe(Date.UTC(2020, 3, 1, 1));
    expect(parseTimestamp('2020-04-01T01:00Z')!.offsetMin).toBe(0);
    expect(parseTimestamp('2016-03-23T01:00:00+0530')!.offsetMin).toBe(330);
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });
});

describe('meter CSV', () => {
  it('parses start,value with nan and empty end markers as missing', () => {
    const r = parseMeterCsv(
      'start,value\n2016-01-01T00:00:00-06:00,3.5\n2016-01-02T00:00:00-06:00,nan\n2016-01-03T00:00:00-06:00,\n',
    );
    expect(r.map((x) => x.value)).toEqual([3.5, Number.NaN, Number.NaN]);
    expect(r[0]!.offsetMin).toBe(-360);
  });
  it('reports malformed data with file, line and field', () => {
    try {
      parseMeterCsv('start,value\n2016-01-01T00:00:00Z,1\n2016-01-02,abc\n', 'm.csv');
      expect.unreachable();
    } catch (e) {
      expect(isRongheError(e) && e.code).toBe('RONGHE_INVALID_DATA');
      expect((e as Error).message).toContain('m.csv, line 3, start');
    }
    expect(() => parseMeterCsv('when,kw\n', 'x.csv')).toThrow(/column named start/);
  });
});

describe('temperature CSV', () => {
  it('converts tempC with the kernel conversion and tolerates an index column', () => {
    const t = parseTemperatureCsv(
      ',dt,tempC\n0,2020-04-01 00:00:00,0\n1,2020-04-01 01:00:00,100\n',
    );
    expect(t.sourceUnit).toBe('C');
    expect(Array.from(t.series.valuesF)).toEqual([32, 212]);
    expect(t.series.startMs).toBe(Date.UTC(2020, 3, 1));
  });
  it('reads gzipped files and marks absent hours missing', () => {
    const path = fileURLToPath(
      new URL('../../../test/fixtures/eemeter/il-tempF-baseline.csv.gz', import.meta.url),
    );
    const t = loadTemperatureCsv(path);
    expect(t.sourceUnit).toBe('F');
    expect(t.series.valuesF.length).toBeGreaterThan(8700);
    const p = parseTemperatureCsv('dt,tempF\n2016-01-01T00:00:00Z,10\n2016-01-01T03:00:00Z,20\n');
    expect(p.series.valuesF.length).toBe(4);
    expect(Number.isNaN(p.series.valuesF[1]!)).toBe(true);
  });
});
