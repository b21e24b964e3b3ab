// Webhook delivery as the platform wires it (monitoringOverTelemetry), on each database: a
// subscription with a URL over HTTP, an alarm raised through the runtime, and a real local
// HTTP server as the receiver. Loopback is refused by default (SSRF guard); the worlds that
// deliver allow private addresses as an operator would with RONGHE_WEBHOOK_ALLOW_PRIVATE.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { createAssetResolver } from '../../assets/index.ts';
import { monitoringOverTelemetry } from '../../main.ts';
import {
  verifySignature,
  type MonitoringRuntime,
  type WebhookOptions,
} from '../../monitoring/index.ts';
import { createTelemetryService, type TelemetryService } from '../../telemetry/index.ts';
import { monitoringRoutes } from './monitoring.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering each path's queued statuses in turn (then 200). */
async function receiver() {
  const got: Received[] = [];
  const plan = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      got.push({ path, headers: req.headers, body });
      res.statusCode = plan.get(path)?.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { got, plan, base, close: () => new Promise((r) => server.close(r)) };
}

async function webhookWorld(t: TestDatabase, webhooks: Omit<WebhookOptions, 'onDeadLetter'>) {
  let monitoring!: MonitoringRuntime;
  let telemetry!: TelemetryService;
  const w = await createWorld(t, {
    plugins: async (db) => {
      telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
      monitoring = await monitoringOverTelemetry(
        db,
        telemetry,
        undefined,
        null,
        undefined,
        webhooks,
      );
      return [{ plugin: (app) => monitoringRoutes(app, { db, monitoring }), prefix: '/api/v1' }];
    },
  });
  return {
    w,
    monitoring,
    async close() {
      await monitoring.close();
      await telemetry.close();
      await w.dispose();
    },
  };
}

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const subscribeBody = (url: string, secret?: string) => ({
  channels: ['webhook'],
  minSeverity: 'warning',
  webhook: { url, ...(secret ? { secret } : {}) },
});

describeEachDatabase('webhooks refused to private addresses by default', (t) => {
  let world: Awaited<ReturnType<typeof webhookWorld>>;
  let rx: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    world = await webhookWorld(t, {});
    rx = await receiver();
  });
  afterAll(async () => {
    await world.close();
    await rx.close();
  });

  it('refuses loopback, private and link-local URLs, naming webhook.url and the setting', async () => {
    for (const url of [
      `${rx.base}/hook`,
      'http://localhost:9/hook',
      'http://[::1]:9/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00::1]/hook',
    ]) {
      const res = await world.w.as('engineer', {
        method: 'POST',
        url: '/api/v1/alarm-subscriptions',
        payload: subscribeBody(url),
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'RONGHE_VALIDATION',
        details: [{ field: 'webhook.url' }],
      });
      expect((res.json() as { message: string }).message).toMatch(/RONGHE_WEBHOOK_ALLOW_PRIVATE/);
    }
    const noUrl = await world.w.as('engineer', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: { channels: ['webhook'], minSeverity: 'warning' },
    });
    expect(noUrl.statusCode).toBe(400);
    expect(noUrl.json()).toMatchObject({ details: [{ field: 'webhook.url' }] });
    expect(rx.got).toEqual([]);
  });
});

describeEachDatabase('webhook delivery', (t) => {
  let world: Awaited<ReturnType<typeof webhookWorld>>;
  let w: World;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let n = 0;
  beforeAll(async () => {
    world = await webhookWorld(t, { allowPrivate: true, baseDelayMs: 20, maxAttempts: 3 });
    w = world.w;
    rx = await receiver();
  });
  afterAll(async () => {
    await world.close();
    await rx.close();
  });
  const raise = async () => {
    const m = await world.monitoring.tenant(w.tenantA.id);
    const [e] = await m.alarms.apply({
      type: 'raise',
      asset: w.assets.A1,
      ruleId: `hook-${++n}`,
      severity: 'major',
      at: Date.now(),
      value: 7,
    });
    await world.monitoring.notify.idle();
    return e!.alarm.id;
  };
  const subscribe = async (path: string, secret?: string) => {
    const res = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: subscribeBody(`${rx.base}${path}`, secret),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; webhookSecret?: string; webhook: { url: string } };
  };
  const unsubscribe = async (id: string) =>
    expect(
      (await w.as('engineer', { method: 'DELETE', url: `/api/v1/alarm-subscriptions/${id}` }))
        .statusCode,
    ).toBe(204);

  it('signs the body (HMAC-SHA256 over timestamp and body) and retries after a 500', async () => {
    const sub = await subscribe('/signed');
    // The generated secret is answered once, at creation, and never read back.
    expect(sub.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    const read = await w.as('engineer', {
      method: 'GET',
      url: `/api/v1/alarm-subscriptions/${sub.id}`,
    });
    expect(read.json()).toMatchObject({ webhook: { url: `${rx.base}/signed` } });
    expect(read.body).not.toContain(sub.webhookSecret);

    rx.plan.set('/signed', [500]);
    const alarmId = await raise();
    await until(() => rx.got.filter((r) => r.path === '/signed').length === 2);
    const [first, second] = rx.got.filter((r) => r.path === '/signed');
    expect(first!.headers['x-ronghe-delivery']).toBe(second!.headers['x-ronghe-delivery']);
    for (const r of [first!, second!]) {
      const sig = r.headers['x-ronghe-signature'] as string;
      expect(verifySignature(sub.webhookSecret!, sig, r.body, Date.now())).toEqual({ ok: true });
      expect(verifySignature('another secret!!', sig, r.body, Date.now()).ok).toBe(false);
    }
    expect(JSON.parse(second!.body)).toMatchObject({
      kind: 'alarm',
      change: 'raised',
      alarm: { id: alarmId, asset: w.assets.A1, severity: 'major', value: 7, status: 'active' },
    });
    const dead = await w.as('engineer', {
      method: 'GET',
      url: '/api/v1/alarm-subscriptions/dead-letters',
    });
    expect(dead.json()).toEqual([]);
    await unsubscribe(sub.id);
  });

  it('dead-letters a delivery after its last attempt, lists it, and retries it on demand', async () => {
    const sub = await subscribe('/down', 'a secret of the receiver');
    rx.plan.set('/down', [500, 503, 500]);
    await raise();
    const list = async (who: 'engineer' | 'technician' = 'engineer') => {
      const res = await w.as(who, {
        method: 'GET',
        url: '/api/v1/alarm-subscriptions/dead-letters',
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Array<{
        id: string;
        attempts: number;
        lastError: string;
        payload: unknown;
      }>;
    };
    await until(() => rx.got.filter((r) => r.path === '/down').length === 3);
    // The dead letter is written just after the last answer.
    let letters: Awaited<ReturnType<typeof list>> = [];
    for (let i = 0; i < 100 && letters.length === 0; i++) {
      letters = await list();
      if (!letters.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(letters).toEqual([
      expect.objectContaining({
        subscriptionId: sub.id,
        attempts: 3,
        lastError: 'HTTP 500',
        payload: expect.objectContaining({ kind: 'alarm', change: 'raised' }),
      }),
    ]);
    // Another subscriber does not see it, nor can retry it.
    expect(await list('technician')).toEqual([]);
    const foreign = await w.as('technician', {
      method: 'POST',
      url: `/api/v1/alarm-subscriptions/dead-letters/${letters[0]!.id}/retry`,
    });
    expect(foreign.statusCode).toBe(404);

    const retried = await w.as('engineer', {
      method: 'POST',
      url: `/api/v1/alarm-subscriptions/dead-letters/${letters[0]!.id}/retry`,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toEqual({ deliveryId: letters[0]!.id, ok: true, status: 200 });
    const last = rx.got.filter((r) => r.path === '/down').at(-1)!;
    expect(last.headers['x-ronghe-delivery']).toBe(letters[0]!.id);
    expect(
      verifySignature(
        'a secret of the receiver',
        last.headers['x-ronghe-signature'] as string,
        last.body,
        Date.now(),
      ),
    ).toEqual({ ok: true });
    expect(await list()).toEqual([]);
    await unsubscribe(sub.id);
  });
});
