// The SLA clock against deadlines computed by hand on the 2026 calendar of the State Council's
// notice (国办发明电〔2025〕7号): Mid-Autumn 09-25..09-27 and National Day 10-01..10-07 off,
// Sunday 09-20 and Saturday 10-10 worked (调休). Working hours Mon–Fri 09:00–18:00, Asia/Shanghai.
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMsBetween,
  compileCalendar,
  slaClock,
  type BusinessCalendar,
} from './index.ts';

const workday = [{ start: '09:00', end: '18:00' }];
const cal2026: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  hours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
  holidays: [
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`),
  ],
  workdays: ['2026-09-20', '2026-10-10'],
};
const cal = compileCalendar(cal2026);
const at = (local: string) => Date.parse(`${local}+08:00`);
const H = 60;

describe('business calendar deadlines', () => {
  it('skips a weekend: Fri 16:00 + 4 h is Mon 11:00', () => {
    expect(addBusinessMinutes(cal, at('2026-09-11T16:00'), 4 * H)).toBe(at('2026-09-14T11:00'));
  });

  it('works an adjusted Sunday (调休 09-20): Fri 17:00 + 3 h is Sun 11:00', () => {
    expect(addBusinessMinutes(cal, at('2026-09-18T17:00'), 3 * H)).toBe(at('2026-09-20T11:00'));
    const plain = compileCalendar({ ...cal2026, workdays: [] });
    expect(addBusinessMinutes(plain, at('2026-09-18T17:00'), 3 * H)).toBe(at('2026-09-21T11:00'));
  });

  it('skips the National Day week: Wed 09-30 15:00 + 16 h is Fri 10-09 13:00', () => {
    expect(addBusinessMinutes(cal, at('2026-09-30T15:00'), 16 * H)).toBe(at('2026-10-09T13:00'));
  });

  it('works Saturday 10-10 (调休): Fri 10-09 15:00 + 8 h is Sat 14:00', () => {
    expect(addBusinessMinutes(cal, at('2026-10-09T15:00'), 8 * H)).toBe(at('2026-10-10T14:00'));
  });

  it('skips Mid-Autumn Friday and the weekend: Thu 09-24 17:00 + 2 h is Mon 10:00', () => {
    expect(addBusinessMinutes(cal, at('2026-09-24T17:00'), 2 * H)).toBe(at('2026-09-28T10:00'));
  });

  it('starts outside hours at the next opening: Sat 09-12 03:00 + 1 h is Mon 10:00', () => {
    expect(addBusinessMinutes(cal, at('2026-09-12T03:00'), H)).toBe(at('2026-09-14T10:00'));
  });

  it('counts 18 business hours from 09-30 09:00 to 10-09 09:00', () => {
    expect(businessMsBetween(cal, at('2026-09-30T09:00'), at('2026-10-09T09:00'))).toBe(
      18 * 3_600_000,
    );
  });

  it('computes local times in the zone (09:00 Shanghai is 01:00 UTC)', () => {
    expect(addBusinessMinutes(cal, Date.parse('2026-09-14T00:00Z'), 30)).toBe(
      Date.parse('2026-09-14T01:30Z'),
    );
  });

  it('follows daylight saving in another zone: Berlin Sunday 2026-03-29 has 23 hours', () => {
    const berlin = compileCalendar({
      timeZone: 'Europe/Berlin',
      hours: { '7': [{ start: '00:00', end: '24:00' }] },
      holidays: [],
      workdays: [],
    });
    const from = Date.parse('2026-03-28T23:00Z'); // Sunday 00:00 CET
    expect(businessMsBetween(berlin, from, from + 48 * 3_600_000)).toBe(23 * 3_600_000);
  });
});

describe('SLA clock with an on-hold pause', () => {
  const start = at('2026-09-14T10:00');
  const pause = { from: at('2026-09-14T14:00'), to: at('2026-09-15T11:00') };

  it('moves the 8 h deadline from Mon 18:00 to Tue 15:00', () => {
    expect(addBusinessMinutes(cal, start, 8 * H)).toBe(at('2026-09-14T18:00'));
    expect(addBusinessMinutes(cal, start, 8 * H, [pause])).toBe(at('2026-09-15T15:00'));
  });

  it('meets at the deadline, breaches after it', () => {
    const c = { start, targetMinutes: 8 * H, pauses: [pause] };
    expect(slaClock(cal, { ...c, stoppedAt: at('2026-09-15T15:00'), now: 0 }).state).toBe('met');
    const late = slaClock(cal, { ...c, stoppedAt: at('2026-09-15T16:00'), now: 0 });
    expect(late).toMatchObject({ state: 'breached', elapsedMinutes: 9 * H });
  });

  it('warns at 80 % and has no deadline while the pause is open', () => {
    const c = { start, targetMinutes: 8 * H, stoppedAt: null };
    expect(slaClock(cal, { ...c, now: at('2026-09-14T16:30') }).state).toBe('warning');
    expect(slaClock(cal, { ...c, now: at('2026-09-14T15:00') }).state).toBe('ok');
    const held = slaClock(cal, {
      ...c,
      now: at('2026-09-14T17:00'),
      pauses: [{ from: pause.from, to: null }],
    });
    expect(held).toMatchObject({ state: 'ok', elapsedMinutes: 4 * H, dueAt: null });
  });
});

describe('calendar validation', () => {
  const bad = (c: Partial<BusinessCalendar>) => () => compileCalendar({ ...cal2026, ...c });

  it('refuses a date that is both holiday and adjusted working day, naming it', () => {
    expect(bad({ workdays: ['2026-09-20', '2026-10-03'] })).toThrow(
      /calendar\.workdays\[1\]: 2026-10-03 is both a public holiday and an adjusted working day/,
    );
  });

  it('names a bad zone, date, time and overlapping spans', () => {
    expect(bad({ timeZone: 'Mars/Olympus' })).toThrow(/calendar\.timeZone/);
    expect(bad({ holidays: ['2026-02-30'] })).toThrow(/calendar\.holidays\[0\]/);
    expect(bad({ hours: { '1': [{ start: '9:00', end: '18:00' }] } })).toThrow(
      /calendar\.hours\.1\[0\]\.start/,
    );
    expect(
      bad({
        hours: {
          '2': [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '18:00' },
          ],
        },
      }),
    ).toThrow(/calendar\.hours\.2: working spans overlap/);
    expect(bad({ hours: { '3': [{ start: '18:00', end: '09:00' }] } })).toThrow(
      /calendar\.hours\.3\[0\]/,
    );
  });
});
