import { describe, expect, it } from 'vitest';
import { isoTimeFormatter } from './csv-time.ts';

describe('isoTimeFormatter', () => {
  it('writes what toISOString writes, in order, out of order and across days and years', () => {
    const iso = isoTimeFormatter();
    const times = [
      0,
      -1, // 1969-12-31T23:59:59.999Z
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 0, 1) + 999,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2028, 1, 29, 12, 0, 0, 7), // leap day
      Date.UTC(1999, 11, 31, 23, 59, 59, 990),
      Date.UTC(10_000, 0, 1, 1, 2, 3, 4), // a six-digit year
      -62_198_755_200_000 - 1, // before year 0
    ];
    // Plus a pseudo-random walk (fixed seed) over 60 years, in and out of order.
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      times.push(Date.UTC(1990, 0, 1) + (x % (60 * 365 * 86_400)) * 1000 + (i % 1000));
    }
    for (const t of times) expect(iso(t)).toBe(new Date(t).toISOString());
  });
});
