import { describe, expect, it } from 'vitest';
import { workingWindows } from './calendar.ts';

const H = 3_600_000;

describe('workingWindows in a zone', () => {
  it('reads a shift as local wall-clock time (08:00–16:00 Shanghai is 00:00–08:00 UTC)', () => {
    const monday = Date.UTC(2026, 11, 6, 16); // Monday 2026-12-07 00:00 in Shanghai
    const ws = workingWindows(
      [{ days: [1], start: '08:00', end: '16:00' }],
      monday,
      monday + 24 * H,
      [],
      'Asia/Shanghai',
    );
    expect(ws).toEqual([[Date.UTC(2026, 11, 7, 0), Date.UTC(2026, 11, 7, 8)]]);
  });

  it('keeps wall-clock shifts across a daylight-saving change (Berlin, 29 March 2026)', () => {
    // Saturday 22:00 to Sunday 06:00 local spans the spring-forward hour: 7 hours.
    const from = Date.UTC(2026, 2, 28, 0);
    const ws = workingWindows(
      [{ days: [6], start: '22:00', end: '06:00' }],
      from,
      from + 3 * 24 * H,
      [],
      'Europe/Berlin',
    );
    expect(ws).toEqual([[Date.UTC(2026, 2, 28, 21), Date.UTC(2026, 2, 29, 4)]]);
  });
});
