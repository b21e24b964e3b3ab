import { describe, expect, it } from 'vitest';
import { fenOf, formatFen, roundYuan, sumFen, yuanOf, type Fen } from './index.ts';

describe('money to the fen (四舍五入, half away from zero)', () => {
  it('rounds the decimal the calculation meant, not its binary neighbour', () => {
    // 2.675 is stored as 2.67499999999999982…, so toFixed(2) gives 2.67; 1.005 × 100 is
    // 100.49999999999999, so Math.round(x × 100) gives 100.
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(fenOf(2.675)).toBe(268);
    expect(fenOf(1.005)).toBe(101);
    expect(fenOf(1.015)).toBe(102);
    expect(fenOf(0.285)).toBe(29);
    expect(fenOf(1234567.895)).toBe(123456790);
  });

  it('rounds halves away from zero, other values to the nearest fen', () => {
    expect(fenOf(0.005)).toBe(1);
    expect(fenOf(0.0049)).toBe(0);
    expect(fenOf(0.015)).toBe(2); // half-even would give 0.02 too; 0.025 tells them apart
    expect(fenOf(0.025)).toBe(3); // half-even (GB/T 8170) would give 2
    expect(fenOf(12.344)).toBe(1234);
    expect(fenOf(12.346)).toBe(1235);
    expect(fenOf(0.1 + 0.2)).toBe(30);
  });

  it('rounds negative amounts like their positive counterpart, never to −0', () => {
    expect(fenOf(-2.675)).toBe(-268);
    expect(fenOf(-0.005)).toBe(-1);
    expect(fenOf(-0.004)).toBe(0);
    expect(Object.is(fenOf(-0.004), 0)).toBe(true);
    expect(roundYuan(-12.345)).toBe(-12.35);
  });

  it('sums rounded lines: the total is what the printed lines add up to', () => {
    // Three lines of 0.005 CNY: each is 0.01 on the statement, so the total is 0.03, where the
    // rounded unrounded sum (0.015 → 0.02) would not match the lines printed above it.
    const lines = [0.005, 0.005, 0.005].map(fenOf);
    expect(sumFen(lines)).toBe(3);
    expect(fenOf(0.005 + 0.005 + 0.005)).toBe(2);
    expect(yuanOf(sumFen(lines))).toBe(0.03);
  });

  it('formats whole fen as yuan with two decimals and refuses non-numbers', () => {
    expect(formatFen(123456 as Fen)).toBe('1234.56');
    expect(formatFen(-5 as Fen)).toBe('-0.05');
    expect(formatFen(0 as Fen)).toBe('0.00');
    expect(() => fenOf(Number.NaN)).toThrow(/not an amount/);
    expect(() => fenOf(Infinity)).toThrow(/not an amount/);
  });
});
