// Fuzz suite (issue 15, "Done means"): generated malformed bodies and MQTT packets against the
// real platform pieces on a real database. Asserts: no 5xx and no crash; every HTTP refusal is a
// 4xx JSON {code, message} with a catalogue code; every refused telemetry message is answered on
// the client's error topic; a protocol breach closes the connection and a new one works; and
// /healthz answers throughout (in process and over a real socket).
//
// Reproducible: the seed is printed; FUZZ_SEED=<n> replays a run, FUZZ_HTTP / FUZZ_MQTT set the
// counts. SQLite only, to stay well under a minute on two cores: the code under test is the
// parsing and validation in front of storage, which the storage suites cover on both databases.
import { connect as connectTcp } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { createAssetResolver } from '../src/assets/index.ts';
import { createApiKey, createAuthenticator } from '../src/identity/index.ts';
import { errorCatalogue } from '../src/kernel/index.ts';
import { startMqttBroker, type MqttBroker } from '../src/mqtt/index.ts';
import { telemetryRoutes } from '../src/server/routes/telemetry.ts';
import { createTelemetryService, type TelemetryService } from '../src/telemetry/index.ts';
import { testDatabases } from './databases.ts';
import { Gen } from './fuzz-inputs.ts';
import { createWorld, type World } from './http.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20_261_206);
const HTTP_BODIES = Number(process.env.FUZZ_HTTP ?? 10_000);
const MQTT_MESSAGES = Number(process.env.FUZZ_MQTT ?? 1_000);
const SPARKPLUG_MESSAGES = Math.ceil(MQTT_MESSAGES / 10);

/** Waits (polling) until `done()` or two seconds pass. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 2000; waited += 2)
    await new Promise((r) => setTimeout(r, 2));
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

describe(`fuzz (seed ${seed})`, () => {
  let w: World;
  let telemetry: TelemetryService;
  let broker: MqttBroker;
  let base: string;
  let key: string;
  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);

  beforeAll(async () => {
    console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    w = await createWorld(testDatabases[0]!, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
        return [{ plugin: (f) => telemetryRoutes(f, { telemetry }) }];
      },
    });
    base = await w.app.listen({ port: 0, host: '127.0.0.1' });
    broker = await startMqttBroker({
      port: 0,
      host: '127.0.0.1',
      authenticator: createAuthenticator(w.db),
      telemetry,
    });
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'fz', role: 'engineer' }))
      .key;
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await broker?.close();
    await w?.app.close();
    await telemetry?.close();
    await w?.dispose();
  });

  /** A well-formed refusal: 4xx, JSON, {code, message} with a code of the catalogue. */
  function checkReply(r: Reply, what: string): void {
    expect(r.status, `${what} → ${r.status} ${r.body.slice(0, 300)}`).toBeLessThan(500);
    if (r.status < 400) return;
    expect(r.contentType, what).toMatch(/application\/json/);
    const b = JSON.parse(r.body) as { code?: unknown; message?: unknown };
    expect(Object.keys(errorCatalogue), `${what}: ${r.body.slice(0, 200)}`).toContain(b.code);
    expect(typeof b.message === 'string' && b.message.length > 0, what).toBe(true);
  }

  const healthy = async () => {
    const inProcess = await w.app.inject({ method: 'GET', url: '/healthz' });
    expect(inProcess.statusCode).toBe(200);
    const overSocket = await fetch(`${base}/healthz`);
    expect(overSocket.status).toBe(200);
  };

  it(`answers ${HTTP_BODIES} malformed HTTP bodies with 2xx or a well-formed 4xx`, async () => {
    const g = new Gen(seed);
    const assetId = w.assets.A1;
    const routes = [
      () => ({
        method: 'POST',
        url: '/write?precision=ms',
        type: 'text/plain',
        body: g.lineProtocol(),
      }),
      () => ({
        method: 'POST',
        url: `/write?precision=${g.pick(['ns', 'us', 'ms', 's', 'h', ''])}&db=x`,
        type: g.pick(['text/plain', 'application/octet-stream', '']),
        body: g.lineProtocol(),
      }),
      () => ({
        method: 'POST',
        url: '/api/v1/telemetry',
        type: 'application/json',
        body: g.telemetryJson(),
      }),
      () => ({
        method: 'POST',
        url: '/api/v1/assets',
        type: 'application/json',
        body: g.assetJson(),
      }),
      () => ({
        method: 'PATCH',
        url: `/api/v1/assets/${assetId}`,
        type: 'application/json',
        body: g.assetJson(),
      }),
      () => ({
        method: 'POST',
        url: '/api/v1/asset-models',
        type: 'application/json',
        body: g.modelJson(),
      }),
      () => ({ method: 'POST', url: '/api/v1/assets/import', type: 'text/csv', body: g.csv() }),
      () => ({
        method: 'POST',
        url: g.pick(['/api/v1/telemetry', '/api/v1/assets/import', '/api/v1/assets']),
        type: g.pick([
          'application/json',
          'text/csv',
          'application/xml',
          'text/plain; charset=latin1',
        ]),
        body: g.chance(0.5) ? g.bytes().toString('latin1') : g.value(2) === null ? '' : g.csv(),
      }),
    ] as const;
    const statuses = new Map<number, number>();
    const spent = new Map<string, number>();
    for (let i = 0; i < HTTP_BODIES; i++) {
      const which = g.int(routes.length);
      const req = routes[which]!();
      const t0 = performance.now();
      const headers: Record<string, string> = { authorization: `Bearer ${w.tokens.engineer}` };
      if (req.type) headers['content-type'] = req.type;
      const what = `#${i} ${req.method} ${req.url} (${req.type}) ${JSON.stringify(req.body.slice(0, 120))}`;
      let reply: Reply;
      if (i % 25 === 0) {
        // A sample over a real socket: the same checks through Node's HTTP parser.
        const res = await fetch(`${base}${req.url}`, {
          method: req.method,
          headers,
          body: req.body,
        });
        reply = {
          status: res.status,
          contentType: res.headers.get('content-type') ?? '',
          body: await res.text(),
        };
      } else {
        const res = await w.app.inject({
          method: req.method as 'POST' | 'PATCH',
          url: req.url,
          headers,
          payload: req.body,
        });
        reply = {
          status: res.statusCode,
          contentType: String(res.headers['content-type'] ?? ''),
          body: res.body,
        };
      }
      checkReply(reply, what);
      const k = `${which} ${req.url.slice(0, 24)}`;
      spent.set(k, (spent.get(k) ?? 0) + performance.now() - t0);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (i % 500 === 0) await healthy();
    }
    console.log('fuzz HTTP statuses', Object.fromEntries(statuses));
    console.log('fuzz HTTP ms by route', Object.fromEntries(spent));
    await healthy();
    expect(crashes).toEqual([]);
  }, 180_000); // about 15 s on an idle two-core machine; the margin is for a loaded one

  async function client(clientId: string): Promise<{ c: MqttClient; errors: unknown[] }> {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      clientId,
      username: clientId,
      password: key,
      reconnectPeriod: 0,
    });
    await c.subscribeAsync(`ronghe/errors/${clientId}`, { qos: 0 });
    const errors: unknown[] = [];
    c.on('message', (_t, payload) => errors.push(JSON.parse(payload.toString())));
    return { c, errors };
  }

  const isSentinel = (e: unknown) => /'sentinel'|sentinel/.test(JSON.stringify(e));
  const checkError = (e: unknown, what: string) => {
    const b = e as { topic?: unknown; code?: unknown; message?: unknown };
    expect(typeof b.topic, what).toBe('string');
    expect(Object.keys(errorCatalogue), what).toContain(b.code);
    expect(b.code, `${what}: ${JSON.stringify(e)}`).not.toBe('RONGHE_INTERNAL');
    expect(typeof b.message === 'string' && b.message.length > 0, what).toBe(true);
  };

  it(`answers ${MQTT_MESSAGES} malformed MQTT telemetry messages on the error topic`, async () => {
    const g = new Gen(seed + 1);
    let { c, errors } = await client('fuzz-1');
    let sessions = 0;
    // In flights of 50 (QoS 1): every message is refused, so each flight brings 50 reports.
    for (let sent = 0; sent < MQTT_MESSAGES; sent += 50) {
      const flight = Array.from({ length: 50 }, () => g.mqttTelemetry());
      const before = errors.length;
      await Promise.all(flight.map((m) => c.publishAsync(m.topic, m.payload, { qos: 1 })));
      await until(() => errors.length >= before + flight.length);
      // Each report names its topic: those left unanswered are the failing cases.
      const left = [...flight];
      for (const e of errors.slice(before)) {
        const i = left.findIndex((m) => m.topic === (e as { topic?: string }).topic);
        if (i >= 0) left.splice(i, 1);
      }
      const what = left
        .map((m) => `${m.topic} ${JSON.stringify(m.payload.toString('utf8').slice(0, 200))}`)
        .join('\n');
      expect(errors.length - before, `flight at ${sent}, unanswered:\n${what}`).toBe(flight.length);
      for (const e of errors.slice(before)) checkError(e, `flight at ${sent}`);
      if (g.chance(0.2)) {
        // A protocol breach (a topic the broker does not serve) ends the connection...
        const closed = new Promise<void>((r) => c.once('close', () => r()));
        c.publish(`chat/${g.int(100)}`, 'x', { qos: 1 });
        await closed;
        c.end(true);
        // ...and the client comes back under a new connection.
        ({ c, errors } = await client(`fuzz-${++sessions + 1}`));
      }
      if (sent % 500 === 0) await healthy();
    }
    await c.endAsync();
    expect(crashes).toEqual([]);
  });

  it(`answers ${SPARKPLUG_MESSAGES} malformed Sparkplug B messages without a crash`, async () => {
    const g = new Gen(seed + 3);
    const { c, errors } = await client('fuzz-sp');
    for (let i = 0; i < SPARKPLUG_MESSAGES; i++) {
      // Refused or taken (a BIRTH without metrics is valid), never a 5xx-like INTERNAL.
      const group = g.pick(['g1', 'g 2', '']);
      const type = g.pick(['NBIRTH', 'NDATA', 'DBIRTH', 'DDATA', 'NDEATH', 'STATE', 'XDATA']);
      const topic = `spBv1.0/${group}/${type}/node${g.pick(['', '/dev1', '/a/b'])}`;
      const before = errors.length;
      await c.publishAsync(topic, g.sparkplug(), { qos: 1 });
      // Reports arrive in order: once the sentinel's is in, any for this message is too.
      await c.publishAsync('ronghe/telemetry/CH-1', 'sentinel', { qos: 1 });
      await until(() => errors.slice(before).some((e) => isSentinel(e)));
      const got = errors.slice(before);
      expect(got.filter(isSentinel), `#${i} ${topic}`).toHaveLength(1);
      for (const e of got) checkError(e, `#${i} ${topic}`);
    }
    await c.endAsync();
    await healthy();
    expect(crashes).toEqual([]);
  });

  it('closes connections that send garbage instead of MQTT, and keeps serving others', async () => {
    const g = new Gen(seed + 2);
    for (let i = 0; i < 50; i++) {
      const socket = connectTcp(broker.port!, '127.0.0.1');
      await new Promise<void>((r) => socket.once('connect', () => r()));
      const closed = new Promise<void>((r) => socket.once('close', () => r()));
      socket.on('error', () => undefined);
      // Random bytes, or a CONNECT header followed by junk.
      const junk = g.chance(0.5)
        ? g.bytes()
        : Buffer.concat([Buffer.from([0x10, 0xff, 0xff]), g.bytes()]);
      socket.end(junk);
      await Promise.race([closed, new Promise((r) => setTimeout(r, 200))]);
      socket.destroy();
    }
    const { c, errors } = await client('fuzz-after');
    await c.publishAsync('ronghe/telemetry/CH-1', 'not json', { qos: 1 });
    await until(() => errors.length > 0);
    expect(errors).toHaveLength(1);
    await c.publishAsync(
      'ronghe/telemetry/CH-1',
      JSON.stringify({ ts: Date.now() - 1000, values: { cop: 4.5 } }),
      { qos: 1 },
    );
    expect(errors).toHaveLength(1);
    await c.endAsync();
    await healthy();
    expect(crashes).toEqual([]);
  });
});
