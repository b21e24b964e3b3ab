// Issue 25: the requests InfluxDB clients, Telegraf and Grafana send, replayed as they send
// them (request shapes recorded from node-influx 5, @influxdata/influxdb-client 1.35,
// Telegraf's outputs.influxdb and outputs.influxdb_v2), each write read back; Grafana's InfluxQL
// queries are in influx-query.test.ts. On SQLite and PostgreSQL.
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { MIN, basic, influxWorld } from '../../../test/influx-world.ts';
import * as assets from '../../assets/index.ts';

describeEachDatabase('InfluxDB compatibility', (t) => {
  const setup = influxWorld(t);

  it('answers /ping, /api/v2/ping and /health as InfluxDB does, without credentials', async () => {
    const { inject } = await setup();
    for (const method of ['GET', 'HEAD'] as const) {
      const r = await inject({ method, url: '/ping' });
      expect(r.statusCode).toBe(204);
      expect(r.headers['x-influxdb-version']).toMatch(/^1\.8\./);
    }
    expect((await inject({ method: 'GET', url: '/api/v2/ping' })).statusCode).toBe(204);
    const health = await inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({ name: 'influxdb', status: 'pass' });
  });

  it("takes Telegraf's outputs.influxdb requests: Basic auth, CREATE DATABASE, gzip, host tag, a string field", async () => {
    const { inject, key, latest, svc } = await setup();
    const auth = basic('telegraf', key);
    // Telegraf first creates its database (skip_database_creation = false), as a form POST.
    const create = await inject({
      method: 'POST',
      url: '/query',
      headers: {
        authorization: auth,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Telegraf/1.30.0 Go/1.22.1',
      },
      payload: 'q=CREATE+DATABASE+%22telegraf%22',
    });
    expect(create.statusCode, create.body).toBe(200);
    expect(create.json()).toEqual({ results: [{ statement_id: 0 }] });
    const ts = BigInt(Math.floor(Date.now() / MIN) * MIN - 5 * MIN) * 1_000_000n;
    const body = [
      `cpu,cpu=cpu-total,host=gw-01 usage_idle=97.5,usage_user=1.25,usage_system=1.25 ${ts}`,
      `mem,host=gw-01 used_percent=41.5,available=8123456i ${ts}`,
      `system,host=gw-01 uptime=3723i,uptime_format="0 days,  1:02",load1=0.25,n_cpus=4i ${ts}`,
      `system,host=gw-01 uptime_format="0 days,  1:02" ${ts}`,
      '',
    ].join('\n');
    const r = await inject({
      method: 'POST',
      url: '/write?consistency=any&db=telegraf',
      headers: {
        authorization: auth,
        'content-type': 'text/plain; charset=utf-8',
        'content-encoding': 'gzip',
        'user-agent': 'Telegraf/1.30.0 Go/1.22.1',
      },
      payload: gzipSync(body),
    });
    expect(r.statusCode, r.body).toBe(204);
    expect(r.headers['x-ronghe-dropped']).toMatch(
      /^2 string field\(s\) not stored \(first: 'uptime_format'\)/,
    );
    const ms = Number(ts / 1_000_000n);
    expect(await latest('gw-01', 'usage_idle')).toEqual([[ms, 97.5]]);
    expect(await latest('gw-01', 'available')).toEqual([[ms, 8123456]]);
    expect(await latest('gw-01', 'uptime')).toEqual([[ms, 3723]]);
    expect(await latest('gw-01', 'uptime_format')).toEqual([]);
    expect(svc.counters.droppedStringFields.get('http/line_protocol')).toBe(2);
    // A wrong password is refused as InfluxDB refuses it.
    const wrong = await inject({
      method: 'POST',
      url: '/write?db=telegraf',
      headers: { authorization: basic('telegraf', 'rk_wrong') },
      payload: body,
    });
    expect(wrong.statusCode).toBe(401);
  });

  it("refuses 1.x u/p query parameters naming the header; takes Basic and InfluxDB 2's /api/v2/write with org, bucket, precision and Token", async () => {
    const { inject, key, latest } = await setup();
    const t0 = Math.floor(Date.now() / MIN) * MIN - 10 * MIN;
    // Credentials in a URL end up in logs and proxies (GB/T 22239-2019 8.1.4.8 a): refused.
    const inUrl = await inject({
      method: 'POST',
      url: `/write?u=telegraf&p=${encodeURIComponent(key)}&db=plant&rp=autogen&precision=ms`,
      payload: `chiller,asset=CH-1 cop=4.25 ${t0}`,
    });
    expect(inUrl.statusCode).toBe(400);
    expect(inUrl.json().code).toBe('RONGHE_BAD_REQUEST');
    expect(inUrl.json().message).toMatch(/URL \(u, p\).*Authorization/);
    expect(inUrl.body).not.toContain(key);
    // What node-influx and Telegraf send for username/password: HTTP Basic (RFC 7617).
    const v1 = await inject({
      method: 'POST',
      url: '/write?db=plant&rp=autogen&precision=ms',
      headers: { authorization: `Basic ${Buffer.from(`telegraf:${key}`).toString('base64')}` },
      payload: `chiller,asset=CH-1 cop=4.25 ${t0}`,
    });
    expect(v1.statusCode, v1.body).toBe(204);
    // @influxdata/influxdb-client's WriteApi: gzip once a body passes its threshold.
    const v2 = await inject({
      method: 'POST',
      url: '/api/v2/write?org=acme&bucket=plant&precision=s',
      headers: {
        authorization: `Token ${key}`,
        'content-type': 'text/plain; charset=utf-8',
        'content-encoding': 'gzip',
        'user-agent': 'influxdb-client-js/1.35.0',
      },
      payload: gzipSync(`chiller,asset=CH-2 cop=3.5 ${t0 / 1000}\n`),
    });
    expect(v2.statusCode, v2.body).toBe(204);
    expect(await latest('CH-1', 'cop')).toEqual([[t0, 4.25]]);
    expect(await latest('CH-2', 'cop')).toEqual([[t0, 3.5]]);
    const precision = await inject({
      method: 'POST',
      url: '/api/v2/write?org=acme&bucket=plant&precision=h',
      headers: { authorization: `Token ${key}` },
      payload: `chiller,asset=CH-2 cop=3.5`,
    });
    expect(precision.statusCode).toBe(400);
    expect(precision.json().message).toMatch(/precision/);
    const badGzip = await inject({
      method: 'POST',
      url: '/api/v2/write?bucket=b',
      headers: { authorization: `Token ${key}`, 'content-encoding': 'gzip' },
      payload: 'not gzip',
    });
    expect(badGzip.statusCode).toBe(400);
    expect(badGzip.json().message).toMatch(/not valid gzip/);
  });

  it('refuses a gzip body that inflates past the body limit', async () => {
    const { inject, key } = await setup();
    const huge = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));
    const r = await inject({
      method: 'POST',
      url: '/write',
      headers: { authorization: `Token ${key}`, 'content-encoding': 'gzip' },
      payload: huge,
    });
    expect(r.statusCode).toBe(413);
  });

  it('stores the good lines of a partial write and names the others; all-or-nothing by default', async () => {
    const { inject, key, latest } = await setup();
    const t0 = Math.floor(Date.now() / MIN) * MIN - 20 * MIN;
    const body = [
      `chiller,asset=CH-1 cop=4.5 ${t0}`,
      `chiller,asset=NOPE cop=1 ${t0}`,
      `chiller cop=2 ${t0}`,
      `chiller,asset=CH-1 cop=oops ${t0 + MIN}`,
      `chiller,asset=CH-1 cop=4.75 ${t0 + 2 * MIN}`,
    ].join('\n');
    const headers = { authorization: `Token ${key}` };
    const strict = await inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers,
      payload: body,
    });
    expect(strict.statusCode).toBe(400);
    expect(strict.json().code).toBe('RONGHE_VALIDATION');
    expect(await latest('CH-1', 'cop')).toEqual([]);
    const partial = await inject({
      method: 'POST',
      url: '/write?precision=ms&partial=true',
      headers,
      payload: body,
    });
    expect(partial.statusCode).toBe(400);
    const answer = partial.json();
    expect(answer.code).toBe('RONGHE_PARTIAL_WRITE');
    expect(answer.message).toMatch(
      /^partial write: line 2: unknown asset 'NOPE'.*; line 3: no tag naming the asset.*; line 4: field 'cop': invalid value 'oops' dropped=3; 2 points of 2 lines were stored/,
    );
    expect(await latest('CH-1', 'cop')).toEqual([
      [t0, 4.5],
      [t0 + 2 * MIN, 4.75],
    ]);
    const reject = await inject({
      method: 'POST',
      url: '/write?precision=ms&strings=reject',
      headers,
      payload: `chiller,asset=CH-1 cop=1,mode="cool" ${t0}`,
    });
    expect(reject.statusCode).toBe(400);
    expect(reject.json().message).toMatch(/line 1: field 'mode' is a string/);
  });

  it('names the asset by another tag and channels by measurement and field when asked', async () => {
    const { inject, key, latest } = await setup();
    const t0 = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
    const r = await inject({
      method: 'POST',
      url: '/write?precision=ms&asset_tag=sn&channels=measurement_field',
      headers: { authorization: `Token ${key}` },
      payload: `cpu,sn=gw-01,host=elsewhere usage_idle=90 ${t0}\nmem,sn=gw-01 used=10 ${t0}`,
    });
    expect(r.statusCode, r.body).toBe(204);
    expect(await latest('gw-01', 'cpu_usage_idle')).toEqual([[t0, 90]]);
    expect(await latest('gw-01', 'mem_used')).toEqual([[t0, 10]]);
  });

  it('takes the mapping set on the API key, since Telegraf cannot add URL parameters', async () => {
    const { inject, w, latest } = await setup();
    const created = await w.as('tenant_admin', {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: {
        name: 'telegraf-sn',
        role: 'engineer',
        lineMapping: { assetTags: ['sn'], channels: 'measurement_field', strings: 'reject' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json().key as string;
    const listed = await w.as('tenant_admin', { method: 'GET', url: '/api/v1/api-keys' });
    expect(
      listed.json().find((k: { name: string }) => k.name === 'telegraf-sn').lineMapping,
    ).toEqual({
      assetTags: ['sn'],
      channels: 'measurement_field',
      strings: 'reject',
    });
    const t0 = Math.floor(Date.now() / MIN) * MIN - 40 * MIN;
    const auth = { authorization: basic('telegraf', key) };
    const r = await inject({
      method: 'POST',
      url: '/write?db=telegraf&precision=ms',
      headers: auth,
      payload: `cpu,sn=gw-01,host=other usage_idle=91 ${t0}`,
    });
    expect(r.statusCode, r.body).toBe(204);
    expect(await latest('gw-01', 'cpu_usage_idle')).toEqual([[t0, 91]]);
    const strict = await inject({
      method: 'POST',
      url: '/write?db=telegraf&precision=ms',
      headers: auth,
      payload: `system,sn=gw-01 uptime_format="1 day" ${t0}`,
    });
    expect(strict.statusCode).toBe(400);
    expect(strict.json().message).toMatch(/is a string/);
    // A parameter still overrides the key's setting.
    const lenient = await inject({
      method: 'POST',
      url: '/write?db=telegraf&precision=ms&strings=drop',
      headers: auth,
      payload: `system,sn=gw-01 uptime_format="1 day",load1=0.5 ${t0}`,
    });
    expect(lenient.statusCode, lenient.body).toBe(204);
    expect(await latest('gw-01', 'system_load1')).toEqual([[t0, 0.5]]);
  });

  it("writes a device token's lines without an asset tag to its own asset", async () => {
    const { inject, w, latest } = await setup();
    const device = await assets.createDevice(
      w.db,
      { ...w.scopeA, actor: 't' },
      {
        assetId: w.assets.A1,
        name: 'PLC',
      },
    );
    const t0 = Math.floor(Date.now() / MIN) * MIN - 5 * MIN;
    const r = await inject({
      method: 'POST',
      url: '/api/v2/write?org=o&bucket=b&precision=ms',
      headers: { authorization: basic('plc', device.token) },
      payload: `chiller cop=5.5 ${t0}`,
    });
    expect(r.statusCode, r.body).toBe(204);
    expect(await latest('CH-1', 'cop')).toEqual([[t0, 5.5]]);
  });

  it('lists the refusals counted per Sparkplug edge node to the tenant, not to a customer', async () => {
    const { inject, key, w, svc } = await setup();
    svc.sourceRefusals.record(w.tenantA.id, 'Plant1/EDGE-1', 'unknown alias 42', 1000);
    svc.sourceRefusals.record(w.tenantA.id, 'Plant1/EDGE-1', 'not a Sparkplug B protobuf', 2000);
    svc.sourceRefusals.record(w.tenantB.id, 'Other/EDGE-9', 'x', 3000);
    const r = await inject({
      method: 'GET',
      url: '/api/v1/telemetry/sparkplug/refusals',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(r.json()).toEqual([
      {
        source: 'Plant1/EDGE-1',
        refused: 2,
        lastReason: 'not a Sparkplug B protobuf',
        lastAt: 2000,
      },
    ]);
    const viewer = await w.as('viewer', {
      method: 'GET',
      url: '/api/v1/telemetry/sparkplug/refusals',
    });
    expect(viewer.statusCode).toBe(403);
  });
});
