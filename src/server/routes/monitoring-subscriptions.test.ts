// Alarm subscriptions and the live alarm feed on a real server: the app listens on a free port,
// a plain node:http client reads the text/event-stream, and alarms are raised through the real
// alarm service of the monitoring runtime (the same path the rule engine takes), on each
// database. Assertions are on the exact frames each user receives.
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type Who, type World } from '../../../test/http.ts';
import { assetsWithChannels } from '../../assets/index.ts';
import { createApiKey, listTenants } from '../../identity/index.ts';
import {
  alarmFrameData,
  createMonitoringRuntime,
  sseFrame,
  type AlarmEffect,
  type MonitoringRuntime,
  type Severity,
} from '../../monitoring/index.ts';
import { monitoringRoutes } from './monitoring.ts';

const HEARTBEAT_MS = 40;

/** A reader of one SSE response: frames are split at blank lines, as the spec defines. */
interface Stream {
  status: number;
  headers: IncomingMessage['headers'];
  frames: string[];
  /** Resolves once a `: ping` arrives after this call: every frame written before it is in. */
  fence(): Promise<void>;
  close(): void;
}

function openStream(base: string, headers: Record<string, string>): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/alarms/stream`, { headers }, (res) => {
      const frames: string[] = [];
      let buf = '';
      let waiters: Array<() => void> = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, i + 2);
          buf = buf.slice(i + 2);
          if (frame === ': ping\n\n') {
            const w = waiters;
            waiters = [];
            for (const f of w) f();
          } else frames.push(frame);
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        fence: () => new Promise((r) => waiters.push(r)),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The frame the server must send for an effect, without its (sequence) id line. */
const expected = (e: AlarmEffect) => sseFrame('alarm', alarmFrameData(e));
const withoutIds = (frames: string[]) =>
  frames.filter((f) => f.startsWith('id: ')).map((f) => f.replace(/^id: \d+\n/, ''));

async function until(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeEachDatabase('alarm subscriptions and live feed over HTTP', (t) => {
  let w: World;
  let monitoring: MonitoringRuntime;
  let base: string;
  const open: Stream[] = [];
  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => {
        monitoring = await createMonitoringRuntime({
          db,
          listTenants: async () => (await listTenants(db)).map((x) => x.id),
          listAssets: (tenantId) => assetsWithChannels(db, tenantId),
          // No telemetry here: alarms are raised through the alarm service directly.
          subscribe: () => Promise.resolve(() => undefined),
        });
        return [
          {
            plugin: (app) =>
              monitoringRoutes(app, { db, monitoring, streamHeartbeatMs: HEARTBEAT_MS }),
            prefix: '/api/v1',
          },
        ];
      },
    });
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await monitoring.close();
    await w.dispose();
  });

  const headersOf = (who: Exclude<Who, 'anonymous'>): Record<string, string> => ({
    cookie: `ronghe_session=${w.tokens[who]}`,
    ...(who === 'platform_admin' ? { 'x-ronghe-tenant': 'acme' } : {}),
  });
  const stream = async (who: Exclude<Who, 'anonymous'>) => {
    const s = await openStream(base, headersOf(who));
    open.push(s);
    return s;
  };
  const raise = async (tenant: 'A' | 'B', asset: string, ruleId: string, severity: Severity) => {
    const m = await monitoring.tenant(tenant === 'A' ? w.tenantA.id : w.tenantB.id);
    const effects = await m.alarms.apply({
      type: 'raise',
      asset,
      ruleId,
      severity,
      at: Date.now(),
      value: 42,
    });
    expect(effects.map((e) => e.change)).toEqual(['raised']);
    return effects[0]!;
  };
  const subscribe = async (who: Who, body: object) => {
    const res = await w.as(who, {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const removeAll = async (who: Who) => {
    const list = (
      await w.as(who, { method: 'GET', url: '/api/v1/alarm-subscriptions' })
    ).json() as Array<{ id: string }>;
    for (const s of list)
      expect(
        (await w.as(who, { method: 'DELETE', url: `/api/v1/alarm-subscriptions/${s.id}` }))
          .statusCode,
      ).toBe(204);
  };

  it('creates, reads, replaces and deletes only the signed-in user’s own subscriptions', async () => {
    const body = { channels: ['live'], minSeverity: 'major', customers: [w.customers.A2] };
    const created = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json() as { id: string; createdAt: number; updatedAt: number };
    expect(sub).toEqual({
      id: expect.stringMatching(/^sb_[0-9a-z]{16}$/) as string,
      channels: ['live'],
      minSeverity: 'major',
      customers: [w.customers.A2],
      models: [],
      createdAt: sub.createdAt,
      updatedAt: sub.createdAt,
    });
    const url = `/api/v1/alarm-subscriptions/${sub.id}`;
    expect((await w.as('engineer', { method: 'GET', url })).json()).toEqual(sub);
    expect(
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarm-subscriptions' })).json(),
    ).toEqual([sub]);

    // Another user of the same tenant, an admin of the tenant, another tenant: not found.
    for (const who of ['technician', 'tenant_admin', 'platform_admin', 'other_admin'] as const) {
      expect((await w.as(who, { method: 'GET', url })).statusCode, who).toBe(404);
      expect((await w.as(who, { method: 'PUT', url, payload: body })).statusCode, who).toBe(404);
      const del = await w.as(who, { method: 'DELETE', url });
      expect(del.statusCode, who).toBe(404);
      expect(del.json()).toMatchObject({ code: 'RONGHE_NOT_FOUND' });
      expect(
        (await w.as(who, { method: 'GET', url: '/api/v1/alarm-subscriptions' })).json(),
        who,
      ).toEqual([]);
    }

    const put = await w.as('engineer', {
      method: 'PUT',
      url,
      payload: {
        channels: ['live'],
        minSeverity: 'critical',
        models: [w.models.A],
        changes: ['raised'],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      id: sub.id,
      minSeverity: 'critical',
      customers: [],
      models: [w.models.A],
      changes: ['raised'],
      createdAt: sub.createdAt,
    });
    expect((await w.as('engineer', { method: 'DELETE', url })).statusCode).toBe(204);
    expect((await w.as('engineer', { method: 'GET', url })).statusCode).toBe(404);
    expect((await w.as('engineer', { method: 'DELETE', url })).statusCode).toBe(404);
    expect(
      (await w.as('anonymous', { method: 'GET', url: '/api/v1/alarm-subscriptions' })).statusCode,
    ).toBe(401);
  });

  it('every role may keep subscriptions of its own; anonymous may not', async () => {
    const roles = [
      'platform_admin',
      'tenant_admin',
      'engineer',
      'technician',
      'viewer',
      'other_admin',
    ] as const;
    const ids: Record<string, string> = {};
    for (const who of roles)
      ids[who] = (await subscribe(who, { channels: ['live'], minSeverity: 'critical' })).id;
    for (const who of roles) {
      const list = (
        await w.as(who, { method: 'GET', url: '/api/v1/alarm-subscriptions' })
      ).json() as Array<{ id: string }>;
      expect(
        list.map((x) => x.id),
        who,
      ).toEqual([ids[who]]);
      await removeAll(who);
    }
    const anon = await w.as('anonymous', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: { channels: ['live'], minSeverity: 'critical' },
    });
    expect(anon.statusCode).toBe(401);
    // A platform admin acts in a tenant named by X-Ronghe-Tenant.
    const noTenant = await w.app.inject({
      method: 'GET',
      url: '/api/v1/alarm-subscriptions',
      headers: { cookie: `ronghe_session=${w.tokens.platform_admin}` },
    });
    expect(noTenant.statusCode).toBe(400);
  });

  it('rejects bad bodies with 400 naming the field, and stores nothing', async () => {
    const ok = { channels: ['live'], minSeverity: 'major' };
    const cases: Array<[Who, object, RegExp, string]> = [
      ['engineer', { minSeverity: 'major' }, /^body\.channels: is required$/, 'body.channels'],
      ['engineer', { ...ok, channels: [] }, /^body\.channels: /, 'body.channels'],
      [
        'engineer',
        { ...ok, channels: ['sms'] },
        /^body\.channels\.0: must be one of live, email, webhook$/,
        'body.channels.0',
      ],
      ['engineer', { ...ok, channels: ['live', 'live'] }, /^body\.channels: /, 'body.channels'],
      [
        'engineer',
        { ...ok, minSeverity: 'urgent' },
        /^body\.minSeverity: must be one of critical, major, minor, warning$/,
        'body.minSeverity',
      ],
      ['engineer', { ...ok, minSeverity: 2 }, /^body\.minSeverity: /, 'body.minSeverity'],
      [
        'engineer',
        { ...ok, colour: 'red' },
        /^body\.colour: unknown field 'colour'$/,
        'body.colour',
      ],
      [
        'engineer',
        { ...ok, changes: ['exploded'] },
        /^body\.changes\.0: must be one of /,
        'body.changes.0',
      ],
      [
        'engineer',
        { ...ok, customers: ['not an id'] },
        /^body\.customers\.0: /,
        'body.customers.0',
      ],
      // E-mail and webhooks are not configured on this server.
      [
        'engineer',
        { ...ok, channels: ['live', 'email'] },
        /^channels: 'email' delivery is not configured/,
        'channels',
      ],
      // Another tenant's customer and model, and — for a customer-scoped user — another customer.
      [
        'engineer',
        { ...ok, customers: [w.customers.B1] },
        /^customers: no customer '.+' visible to you\.$/,
        'customers',
      ],
      ['engineer', { ...ok, models: [w.models.B] }, /^models: no asset model/, 'models'],
      [
        'viewer',
        { ...ok, customers: [w.customers.A1, w.customers.A2] },
        /^customers: no customer '.+' visible to you\.$/,
        'customers',
      ],
    ];
    for (const [who, payload, message, field] of cases) {
      const res = await w.as(who, { method: 'POST', url: '/api/v1/alarm-subscriptions', payload });
      const label = JSON.stringify(payload);
      expect(res.statusCode, label).toBe(400);
      const body = res.json() as {
        code: string;
        message: string;
        details: Array<{ field: string }>;
      };
      expect(body.code, label).toBe('RONGHE_VALIDATION');
      expect(body.message, label).toMatch(message);
      expect(body.details[0]?.field, label).toBe(field);
    }
    for (const who of ['engineer', 'viewer'] as const)
      expect(
        (await w.as(who, { method: 'GET', url: '/api/v1/alarm-subscriptions' })).json(),
      ).toEqual([]);
    // The viewer may subscribe to its own customer and that customer's sub-customer.
    const own = await subscribe('viewer', { ...ok, customers: [w.customers.A1, w.customers.A1a] });
    expect(
      (await w.as('viewer', { method: 'DELETE', url: `/api/v1/alarm-subscriptions/${own.id}` }))
        .statusCode,
    ).toBe(204);
  });

  it('streams matching alarm changes to each user, within tenant and customer scope', async () => {
    // engineer: live from major up; viewer (customer Suzhou): live, everything of its customers;
    // technician: live on critical of customer Suzhou Plant 2 only; tenant_admin and the other
    // tenant's admin have no subscription: the default (every change they may see).
    await subscribe('engineer', { channels: ['live'], minSeverity: 'major' });
    await subscribe('viewer', { channels: ['live'], minSeverity: 'warning' });
    await subscribe('technician', {
      channels: ['live'],
      minSeverity: 'critical',
      customers: [w.customers.A1a],
    });
    const s = {
      engineer: await stream('engineer'),
      viewer: await stream('viewer'),
      technician: await stream('technician'),
      admin: await stream('tenant_admin'),
      other: await stream('other_admin'),
    };
    for (const x of Object.values(s)) {
      expect(x.status).toBe(200);
      expect(x.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(x.headers['cache-control']).toBe('no-cache, no-transform');
    }
    await until(() => Object.values(s).every((x) => x.frames.length === 1));
    expect(monitoring.notify.connections).toBe(5);

    const a2Critical = await raise('A', w.assets.A2, 'hi-temp', 'critical'); // customer Wuxi
    const a1Minor = await raise('A', w.assets.A1, 'low-cop', 'minor'); // customer Suzhou
    const a1aCritical = await raise('A', w.assets.A1a, 'hi-temp', 'critical'); // Suzhou plant 2
    const b1Major = await raise('B', w.assets.B1, 'traction', 'major'); // tenant B
    await monitoring.notify.idle();
    await Promise.all(Object.values(s).map((x) => x.fence()));

    for (const x of Object.values(s)) expect(x.frames[0]).toBe('retry: 5000\n\n');
    // engineer: both criticals; the minor is below its minSeverity.
    expect(withoutIds(s.engineer.frames)).toEqual([expected(a2Critical), expected(a1aCritical)]);
    // viewer: only its own customers (Suzhou and its plant 2), never Wuxi or tenant B.
    expect(withoutIds(s.viewer.frames)).toEqual([expected(a1Minor), expected(a1aCritical)]);
    expect(withoutIds(s.technician.frames)).toEqual([expected(a1aCritical)]);
    // No subscription: every change of the tenant (the admin sees all customers).
    expect(withoutIds(s.admin.frames)).toEqual([
      expected(a2Critical),
      expected(a1Minor),
      expected(a1aCritical),
    ]);
    expect(withoutIds(s.other.frames)).toEqual([expected(b1Major)]);
    // Frames carry increasing ids and nothing but id, event and data lines.
    for (const x of Object.values(s)) {
      const ids = x.frames
        .slice(1)
        .map((f) => Number(/^id: (\d+)\nevent: alarm\ndata: [^\n]+\n\n$/.exec(f)?.[1]));
      expect(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]!))).toBe(
        true,
      );
    }

    // An operator action is a change too: the admin (default: all changes) hears the
    // acknowledgement; the engineer's subscription (default changes) does not include it.
    const ack = await w.as('technician', {
      method: 'POST',
      url: '/api/v1/alarms/acknowledge',
      payload: { asset: w.assets.A2, ruleId: 'hi-temp' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    await monitoring.notify.idle();
    await Promise.all([s.admin.fence(), s.engineer.fence()]);
    expect(s.admin.frames).toHaveLength(5);
    expect(s.admin.frames[4]).toMatch(/^id: \d+\nevent: alarm\ndata: \{"change":"acknowledged",/);
    expect(s.engineer.frames).toHaveLength(3);

    for (const x of Object.values(s)) x.close();
    await until(() => monitoring.notify.connections === 0);
    for (const who of ['engineer', 'viewer', 'technician'] as const) await removeAll(who);
  });

  it('without a live subscription a user gets every change of the alarms they may see', async () => {
    const viewer = await stream('viewer');
    const engineer = await stream('engineer');
    const minor = await raise('A', w.assets.A1, 'vib', 'warning');
    const other = await raise('A', w.assets.A2, 'vib', 'warning');
    await monitoring.notify.idle();
    await Promise.all([viewer.fence(), engineer.fence()]);
    expect(withoutIds(viewer.frames)).toEqual([expected(minor)]);
    expect(withoutIds(engineer.frames)).toEqual([expected(minor), expected(other)]);
    viewer.close();
    engineer.close();
    await until(() => monitoring.notify.connections === 0);
  });

  it('sends heartbeats, authenticates like every route, and serves API keys and platform admins', async () => {
    const anon = await openStream(base, {});
    expect(anon.status).toBe(401);
    anon.close();
    const bad = await openStream(base, { cookie: 'ronghe_session=nope' });
    expect(bad.status).toBe(401);
    bad.close();
    const key = (
      await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'feed', role: 'technician' })
    ).key;
    const byKey = await openStream(base, { authorization: `Bearer ${key}` });
    open.push(byKey);
    const root = await stream('platform_admin');
    expect(byKey.status).toBe(200);
    expect(root.status).toBe(200);
    const e = await raise('A', w.assets.A1a, 'flow', 'major');
    await monitoring.notify.idle();
    await Promise.all([byKey.fence(), root.fence()]);
    expect(withoutIds(byKey.frames)).toEqual([expected(e)]);
    expect(withoutIds(root.frames)).toEqual([expected(e)]);
    // Two heartbeats in a row: the stream stays open while idle.
    await byKey.fence();
    await byKey.fence();
    byKey.close();
    root.close();
    await until(() => monitoring.notify.connections === 0);
  });
});
