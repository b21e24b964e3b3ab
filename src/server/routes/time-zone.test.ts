// Local time over HTTP (issue 17): the tenant's zone setting, telemetry days cut at local
// midnight (and at UTC midnight with tz=UTC), every time form the parser takes, and the 400s.
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { createAssetResolver } from '../../assets/index.ts';
import { localDateOf, dateKey, nextDate, zonedInstant } from '../../kernel/index.ts';
import { createTelemetryService, type TelemetryService } from '../../telemetry/index.ts';
import { telemetryRoutes } from './telemetry.ts';

const H = 3_600_000;
const SH = 'Asia/Shanghai';

describeEachDatabase('local time over HTTP', (t) => {
  let world: World | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await telemetry?.close();
    await world?.dispose();
    world = telemetry = undefined;
  });

  async function setup() {
    const w = await createWorld(t, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
        const svc = telemetry;
        return [{ plugin: (f) => telemetryRoutes(f, { telemetry: svc }) }];
      },
    });
    world = w;
    const get = async (who: Parameters<World['as']>[0], url: string) => {
      const r = await w.as(who, { method: 'GET', url });
      return { status: r.statusCode, body: r.json() as Record<string, unknown> };
    };
    return { w, get };
  }

  it('keeps a zone per tenant and site, set by a tenant admin and checked', async () => {
    const { w, get } = await setup();
    expect((await get('viewer', '/api/v1/settings/time-zone')).body).toEqual({
      timeZone: 'Asia/Shanghai',
      sites: [],
    });
    const put = (who: Parameters<World['as']>[0], payload: Record<string, unknown>) =>
      w.as(who, { method: 'PUT', url: '/api/v1/settings/time-zone', payload });
    expect((await put('engineer', { timeZone: 'UTC' })).statusCode).toBe(403);
    const bad = await put('tenant_admin', { timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'RONGHE_VALIDATION',
      details: [{ field: 'timeZone' }],
    });
    expect(bad.json().message).toMatch(/^timeZone: 'Mars\/Olympus' is not an IANA time zone/);
    const badSite = await put('tenant_admin', {
      sites: [{ site: 'Berlin', timeZone: 'Europe/Nowhere' }],
    });
    expect(badSite.json().details[0].field).toBe('sites[0].timeZone');
    const ok = await put('tenant_admin', {
      timeZone: 'europe/berlin',
      sites: [{ site: '无锡工厂', timeZone: 'Asia/Shanghai' }],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      timeZone: 'Europe/Berlin',
      sites: [{ site: '无锡工厂', timeZone: 'Asia/Shanghai' }],
    });
    // Another tenant is untouched; the change is in the audit log.
    expect((await get('other_admin', '/api/v1/settings/time-zone')).body.timeZone).toBe(SH);
    const audit = await w.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'tenant.time-zone')
      .execute();
    expect(audit).toHaveLength(1);
    const cleared = await put('tenant_admin', { sites: [{ site: '无锡工厂', timeZone: null }] });
    expect(cleared.json()).toEqual({ timeZone: 'Europe/Berlin', sites: [] });
  });

  it('cuts daily rollups at local midnight, and at UTC midnight with tz=UTC', async () => {
    const { w, get } = await setup();
    // Yesterday's local midnight in Shanghai: points at 23:30 before it and 00:30 after it.
    const today = localDateOf(Date.now(), SH);
    const yesterday = localDateOf(Date.now() - 24 * H, SH);
    const midnight = zonedInstant(yesterday, 0, SH);
    const before = midnight - H / 2;
    const after = midnight + H / 2;
    const write = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: {
        points: [
          { asset: 'CH-1', ts: before, values: { cop: 3 } },
          { asset: 'CH-1', ts: after, values: { cop: 5 } },
        ],
      },
    });
    expect(write.statusCode).toBeLessThan(300);
    // Days named without an offset are local days: from two days ago to tomorrow (Shanghai).
    const from = dateKey(localDateOf(midnight - 36 * H, SH));
    const to = dateKey(nextDate(today));
    const local = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=${from}&to=${to}&bucket=1d`,
    );
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({ bucket: '1d', timeZone: SH, bucketMs: 24 * H });
    const days = local.body.buckets as { start: number; count: number; sum: number }[];
    expect(days.map((b) => [b.start, b.count, b.sum])).toEqual([
      [midnight - 24 * H, 1, 3],
      [midnight, 1, 5],
    ]);
    // The same points in UTC days: 15:30 and 16:30 UTC fall in one day.
    const utc = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=${from}&to=${to}&bucket=1d&tz=UTC`,
    );
    const utcDays = utc.body.buckets as { start: number; count: number }[];
    expect(utc.body.timeZone).toBe('UTC');
    expect(utcDays).toHaveLength(1);
    expect(utcDays[0]).toMatchObject({ start: Math.floor(before / (24 * H)) * 24 * H, count: 2 });
    // The fleet view cuts the same local days; a week bucket holds both points.
    const fleet = await get(
      'engineer',
      `/api/v1/telemetry/fleet?channel=cop&from=${from}&to=${to}&bucket=1d`,
    );
    const groups = fleet.body.groups as { buckets: { start: number; count: number }[] }[];
    expect(groups[0]!.buckets.map((b) => [b.start, b.count])).toEqual([
      [midnight - 24 * H, 1],
      [midnight, 1],
    ]);
    const week = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=now-8d&to=now&bucket=1w`,
    );
    const weeks = week.body.buckets as { start: number; count: number }[];
    expect(weeks.reduce((n, b) => n + b.count, 0)).toBe(2);
    for (const b of weeks) {
      // Each week starts at a Monday's local midnight.
      expect(new Date(b.start + 8 * H).getUTCDay()).toBe(1);
      expect((b.start + 8 * H) % (24 * H)).toBe(0);
    }
    // A tenant in another zone gets other days for the same query.
    await w.as('tenant_admin', {
      method: 'PUT',
      url: '/api/v1/settings/time-zone',
      payload: { timeZone: 'UTC' },
    });
    const asUtcTenant = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=now-4d&to=now&bucket=1d`,
    );
    expect(asUtcTenant.body.timeZone).toBe('UTC');
    expect((asUtcTenant.body.buckets as unknown[]).length).toBe(1);
    // An asset at a site with its own zone has its days cut there (Shanghai again: two days).
    await w.db.kysely
      .updateTable('assets')
      .set({ site: '无锡工厂' })
      .where('id', '=', w.assets.A1)
      .execute();
    await w.as('tenant_admin', {
      method: 'PUT',
      url: '/api/v1/settings/time-zone',
      payload: { sites: [{ site: '无锡工厂', timeZone: SH }] },
    });
    const atSite = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=now-4d&to=now&bucket=1d`,
    );
    expect(atSite.body.timeZone).toBe(SH);
    expect((atSite.body.buckets as { start: number }[]).map((b) => b.start)).toEqual([
      midnight - 24 * H,
      midnight,
    ]);
  });

  it('reads every time form the same way and names a bad one', async () => {
    const { w, get } = await setup();
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 20 * 60_000;
    await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/telemetry',
      payload: { points: [{ asset: 'CH-1', ts: t0, values: { cop: 4 } }] },
    });
    const raw = (from: string, to = 'now') =>
      get(
        'engineer',
        `/api/v1/telemetry/raw?asset=CH-1&channel=cop&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
    const local = new Date(t0 - 60_000 + 8 * H).toISOString().slice(0, 19); // Shanghai wall clock
    const forms = [
      String(t0 - 60_000),
      new Date(t0 - 60_000).toISOString(),
      `${local}+08:00`,
      local,
      '-1h',
      'now-1h',
      'now-15m-x',
    ];
    const found: Record<string, number> = {};
    for (const f of forms.slice(0, 6)) {
      const r = await raw(f);
      expect(r.status, f).toBe(200);
      found[f] = (r.body.points as unknown[]).length;
    }
    expect(Object.values(found)).toEqual([1, 1, 1, 1, 1, 1]);
    // now-15m starts after the point; now-1w and an ISO `to` before it give nothing either way.
    expect(((await raw('now-15m')).body.points as unknown[]).length).toBe(0);
    expect(((await raw('now-1w', String(t0))).body.points as unknown[]).length).toBe(0);
    // tz=UTC reads a time without an offset as UTC.
    const utcLocal = new Date(t0 - 60_000).toISOString().slice(0, 19);
    const inUtc = await get(
      'engineer',
      `/api/v1/telemetry/raw?asset=CH-1&channel=cop&from=${utcLocal}&to=now&tz=UTC`,
    );
    expect((inUtc.body.points as unknown[]).length).toBe(1);
    const bad = await raw(forms[6]!);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'RONGHE_VALIDATION', details: [{ field: 'from' }] });
    const badTo = await raw('now-1h', '2026-13-01');
    expect(badTo.body.message).toMatch(/^to: '2026-13-01' is not a time/);
    const badTz = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=now-1d&bucket=1d&tz=Mars/Olympus`,
    );
    expect(badTz.status).toBe(400);
    expect(badTz.body).toMatchObject({ details: [{ field: 'tz' }] });
    const badBucket = await get(
      'engineer',
      `/api/v1/telemetry/rollup?asset=CH-1&channel=cop&from=now-1d&bucket=1y`,
    );
    expect(badBucket.body).toMatchObject({ details: [{ field: 'bucket' }] });
  });
});
