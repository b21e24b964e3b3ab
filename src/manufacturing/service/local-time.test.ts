// Shift calendars in local time over HTTP (issue 17): a shift entered as Monday 22:00–06:00 runs
// 22:00–06:00 in the tenant's zone (Asia/Shanghai: 14:00–22:00 UTC), so it spans two local days
// and one UTC day; capacity days are cut at local midnight, or in `tz`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { manufacturingRoutes } from '../../server/routes/manufacturing.ts';

describeEachDatabase('manufacturing local time', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => [{ plugin: (a) => manufacturingRoutes(a, { db }), prefix: '/api/v1' }],
    });
    const night = { days: [1], start: '22:00', end: '06:00' };
    const day = { days: [1, 2], start: '08:00', end: '16:00' };
    for (const [code, shift] of [
      ['NIGHT', night],
      ['DAY', day],
    ] as const) {
      const r = await w.as('engineer', {
        method: 'POST',
        url: '/api/v1/manufacturing/stations',
        payload: { code, name: code, line: 'L1', shifts: [shift] },
      });
      expect(r.statusCode).toBe(201);
    }
  }, 60_000);
  afterAll(() => w?.dispose());

  const capacity = async (query: string) => {
    const r = await w.as('engineer', {
      method: 'GET',
      url: `/api/v1/manufacturing/capacity?${query}`,
    });
    expect(r.statusCode, r.body).toBe(200);
    const rows = r.json<{
      stations: { day: string; station: string; availableMinutes: number }[];
    }>();
    return rows.stations.map((x) => `${x.station} ${x.day} ${x.availableMinutes}`);
  };

  it('runs a shift across local midnight in the tenant zone and cuts local days', async () => {
    // Monday 2026-12-07, a local date (no offset: the tenant's zone).
    expect(await capacity('from=2026-12-07&days=2')).toEqual([
      'DAY 2026-12-07 480',
      'DAY 2026-12-08 480',
      'NIGHT 2026-12-07 120',
      'NIGHT 2026-12-08 360',
    ]);
    // tz=UTC cuts UTC days: the night shift (14:00–22:00 UTC) lies in Monday; the Monday day
    // shift (00:00–08:00 UTC) too, and Tuesday's in the next UTC day.
    expect(await capacity('from=2026-12-07&days=2&tz=UTC')).toEqual([
      'DAY 2026-12-07 480',
      'DAY 2026-12-08 480',
      'NIGHT 2026-12-07 480',
      'NIGHT 2026-12-08 0',
    ]);
    // The same day given as epoch ms and as ISO with an offset.
    const ms = Date.UTC(2026, 11, 6, 16);
    expect(await capacity(`from=${ms}&days=1`)).toEqual(
      await capacity(`from=${encodeURIComponent('2026-12-07T00:00+08:00')}&days=1`),
    );
  });

  it('cuts OEE periods with the same time parser and names a bad time', async () => {
    const r = await w.as('engineer', {
      method: 'GET',
      url: '/api/v1/manufacturing/oee?from=2026-12-07&to=2026-12-08',
    });
    expect(r.statusCode).toBe(200);
    const bad = await w.as('engineer', {
      method: 'GET',
      url: '/api/v1/manufacturing/oee?from=monday&to=now',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'from' }] });
  });
});
