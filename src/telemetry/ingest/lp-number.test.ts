import { describe, expect, it } from 'vitest';
import { parseTimestamp, readDecimal } from './lp-number.ts';

/** The whole text as one field value; NaN when it is not a plain decimal. */
function fastDecimal(t: string): number {
  const cursor = { i: -1 };
  const bytes = Buffer.from(`${t},next`);
  const v = readDecimal(bytes, 0, bytes.length, cursor);
  if (v === v) expect(cursor.i).toBe(Buffer.byteLength(t));
  return v;
}

describe('line-protocol numbers', () => {
  it('reads plain decimals exactly as Number() does', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const texts = ['0', '-0', '1.', '.5', '-.25', '123456789012345', '0.1', '-2950.3', '7.07'];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(rand() * 15);
      let t = '';
      for (let d = 0; d < digits; d++) t += String(Math.floor(rand() * 10));
      const dot = Math.floor(rand() * (digits + 1));
      texts.push(`${rand() < 0.3 ? '-' : ''}${t.slice(0, dot)}.${t.slice(dot)}`);
    }
    for (const t of texts) expect(Object.is(fastDecimal(t), Number(t))).toBe(true);
  });

  it('leaves everything else to the general parser (NaN)', () => {
    for (const t of ['', '-', '.', '1e3', '1.2.3', '12i', 't', '1234567890123456', '+1', '"1"'])
      expect(fastDecimal(t)).toBeNaN();
    // A space ends the value like a comma does, and so does the end of the line.
    const cursor = { i: 0 };
    expect(readDecimal(Buffer.from('x=2.5 17'), 2, 8, cursor)).toBe(2.5);
    expect(cursor.i).toBe(5);
    expect(readDecimal(Buffer.from('x=-4'), 2, 4, cursor)).toBe(-4);
    expect(cursor.i).toBe(4);
  });

  it('turns every precision into epoch ms, flooring negative times', () => {
    const ts = (t: string, p: 'ns' | 'us' | 'ms' | 's') =>
      parseTimestamp(Buffer.from(t), 0, t.length, p);
    expect(ts('1700000000123456789', 'ns')).toBe(1_700_000_000_123);
    expect(ts('1700000000123456', 'us')).toBe(1_700_000_000_123);
    expect(ts('1700000000123', 'ms')).toBe(1_700_000_000_123);
    expect(ts('1700000000', 's')).toBe(1_700_000_000_000);
    expect(ts('-1500000', 'ns')).toBe(-2);
    expect(ts('-1000000', 'ns')).toBe(-1);
    expect(ts('999', 'ns')).toBe(0);
    expect(ts('-999', 'ns')).toBe(-1);
    expect(() => ts('12x', 'ms')).toThrow(/invalid timestamp/);
  });
});
