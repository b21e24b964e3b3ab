// `ronghe gateway` against the real platform (`ronghe start` on a temp data dir and free ports),
// both as child processes, polling a real Modbus server run here: the status of its connector
// and mappings reaching GET /api/v1/connectors/:id/status over MQTT and going stale when the
// gateway is gone; one gateway's token forwarding the PLC points of two assets; then
// store-and-forward over HTTPS with the platform stopped for a minute and
// the gateway killed -9 meanwhile, every point counted back through the query API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestModbusServer, type TestModbusServer } from '../modbus/test-server.ts';
import { freePort } from '../opcua/test-server.ts';
import { readQueueDir } from './disk-queue.ts';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-gateway-platform-'));
const PASSWORD = 'gateway-test-password-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async <T>(what: string, get: () => Promise<T | undefined>, ms = 60_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not in ${ms} ms`);
    await sleep(200);
  }
};
const exited = (p: ChildProcess) =>
  p.exitCode !== null || p.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => p.once('exit', () => r()));

let modbus: TestModbusServer;
let ticker: NodeJS.Timeout;
let httpPort = 0;
let mqttPort = 0;
let platform: ChildProcess | undefined;
const gateways: ChildProcess[] = [];
let cookie = '';
let token = '';
let deviceId = '';
const base = () => `http://127.0.0.1:${httpPort}`;

async function startPlatform(): Promise<void> {
  platform = spawn(
    process.execPath,
    [
      ...['bin/ronghe.js', 'start', '--host', '127.0.0.1', '--no-simulate'],
      ...['--port', String(httpPort), '--mqtt-port', String(mqttPort), '--data', join(dir, 'data')],
    ],
    {
      stdio: 'ignore',
      env: { ...process.env, RONGHE_ADMIN_PASSWORD: PASSWORD, RONGHE_LOG_LEVEL: 'warn' },
    },
  );
  await until('platform ready', async () => ((await fetch(`${base()}/readyz`)).ok ? 1 : undefined));
}

async function stopPlatform(): Promise<void> {
  platform?.kill('SIGTERM');
  if (platform) await exited(platform);
  platform = undefined;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${base()}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A Modbus connector on the test server, as the API and the gateway's config both take it. */
const definition = (
  name: string,
  mappings: [channel: string, address: number, asset?: string][],
) => ({
  name,
  deviceId,
  runOn: 'gateway',
  protocol: 'modbus',
  host: '127.0.0.1',
  port: modbus.port,
  intervalMs: 100,
  timeoutMs: 500,
  mappings: mappings.map(([channel, address, asset]) => ({
    asset: asset ?? 'GWT-1',
    channel,
    unitId: 1,
    function: 'holding',
    address,
    dataType: 'uint16',
  })),
});

function gateway(name: string, uplink: string, connector: object): ChildProcess {
  const config = join(dir, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      asset: 'GWT-1',
      healthIntervalMs: 1000,
      flushIntervalMs: 100,
      statusIntervalMs: 500,
      connectors: [connector],
    }),
  );
  const child = spawn(
    process.execPath,
    [
      ...['bin/ronghe.js', 'gateway', '--config', config, '--platform', uplink],
      ...['--token', token, '--data', join(dir, name)],
    ],
    { stdio: 'ignore' },
  );
  gateways.push(child);
  return child;
}

beforeAll(async () => {
  modbus = await startTestModbusServer({ failing: [20] });
  modbus.holding.set(10, 4321);
  let n = 0;
  ticker = setInterval(() => modbus.holding.set(0, ++n), 50);
  [httpPort, mqttPort] = [await freePort(), await freePort()];
  await startPlatform();
  const login = await fetch(`${base()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.ronghe.local', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const asset = await call<{ id: string }>('POST', '/api/v1/assets', {
    name: 'Gateway test PLC',
    serial: 'GWT-1',
  });
  const device = await call<{ id: string; token: string }>('POST', '/api/v1/devices', {
    assetId: asset.id,
    name: 'Plant gateway',
  });
  [deviceId, token] = [device.id, device.token];
  // A second PLC's asset, read by the same gateway (issue 23: one gateway, several assets).
  await call('POST', '/api/v1/assets', { name: 'Gateway test PLC 2', serial: 'GWT-2' });
}, 120_000);

afterAll(async () => {
  clearInterval(ticker);
  for (const g of gateways) g.kill('SIGKILL');
  await stopPlatform();
  await modbus?.close();
});

describe('ronghe gateway against the real platform', () => {
  it('reports per-mapping status over MQTT, served by the status API and stale once silent', async () => {
    const def = definition('status-plc', [
      ['fixed', 10],
      ['broken', 20],
    ]);
    const { connector } = await call<{ connector: { id: string } }>(
      'POST',
      '/api/v1/connectors',
      def,
    );
    type Status = {
      state: string;
      running: boolean;
      reportedAt: number | null;
      stale: boolean;
      mappings: { key: string; lastValue: number | null; lastError: string | null; good: number }[];
    };
    const status = () => call<Status>('GET', `/api/v1/connectors/${connector.id}/status`);
    const gw = gateway('status-gw', `mqtt://127.0.0.1:${mqttPort}`, def);
    const st = await until('a report with values', async () => {
      const s = await status();
      return s.mappings.some((m) => m.good > 2) && s.mappings.some((m) => m.lastError)
        ? s
        : undefined;
    });
    expect(st.running).toBe(false);
    expect(st.stale).toBe(false);
    expect(st.state).toBe('online');
    expect(Date.now() - st.reportedAt!).toBeLessThan(5000);
    const fixed = st.mappings.find((m) => m.key.endsWith('/fixed'))!;
    expect(fixed.lastValue).toBe(4321);
    const broken = st.mappings.find((m) => m.key.endsWith('/broken'))!;
    expect(broken.lastValue).toBeNull();
    expect(broken.lastError).toMatch(/exception 2|illegal data address/i);
    // The gateway sends its errors in Chinese too, for a zh-CN reader.
    const zh = await fetch(`${base()}/api/v1/connectors/${connector.id}/status`, {
      headers: { cookie, 'accept-language': 'zh-CN' },
    });
    const zhBroken = ((await zh.json()) as Status).mappings.find((m) => m.key.endsWith('/broken'))!;
    expect(zhBroken.lastError).toBe('异常码 2（非法数据地址）');
    // The gateway goes away: its last report stays, marked stale after three intervals (≥ 15 s).
    gw.kill('SIGTERM');
    await exited(gw);
    const old = await until('stale', async () => ((await status()).stale ? status() : undefined));
    expect(old.reportedAt).toBeLessThan(Date.now() - 15_000);
    expect(old.mappings.find((m) => m.key.endsWith('/fixed'))!.lastValue).toBe(4321);
  }, 120_000);

  it('forwards every point once and in order across a one-minute platform outage and a kill -9', async () => {
    const def = definition('outage-plc', [['count', 0]]);
    await call('POST', '/api/v1/connectors', def);
    const uplink = base();
    const counts = async () => {
      const q = `asset=GWT-1&channel=count&from=0&to=${Date.now() + 60_000}&limit=100000`;
      return (await call<{ points: [number, number][] }>('GET', `/api/v1/telemetry/raw?${q}`))
        .points;
    };
    let gw = gateway('outage-gw', uplink, def);
    await until('first points', async () => ((await counts()).length >= 5 ? 1 : undefined));
    await stopPlatform();
    const down = Date.now();
    // Twenty seconds into the outage the gateway is killed -9 and started again on its disk.
    await sleep(20_000);
    const killedAt = Date.now();
    gw.kill('SIGKILL');
    await exited(gw);
    const stored = readQueueDir(join(dir, 'outage-gw', 'queue'))
      .filter((p) => p.channel === 'count')
      .map((p) => p.value);
    expect(stored.length).toBeGreaterThan(100);
    gw = gateway('outage-gw', uplink, def);
    await sleep(60_000 - (Date.now() - down));
    const lastCollected = modbus.holding.get(0)!;
    // What the gateway holds on disk as the platform comes back: all of it must arrive.
    const held = readQueueDir(join(dir, 'outage-gw', 'queue'))
      .filter((p) => p.channel === 'count')
      .map((p) => p.value);
    await startPlatform();
    const up = Date.now();
    await until(
      'the queue drained',
      async () => ((await counts()).some(([, v]) => v > lastCollected + 30) ? 1 : undefined),
      120_000,
    );
    gw.kill('SIGTERM');
    await exited(gw);
    const points = await counts();
    const values = points.map(([, v]) => v);
    // Once and in order: values rise strictly with time (a repeat would show as an equal value).
    for (let i = 1; i < values.length; i++)
      expect(values[i], `point ${i}`).toBeGreaterThan(values[i - 1]!);
    // Nothing the killed gateway had stored is lost.
    const seen = new Set(values);
    expect(stored.filter((v) => !seen.has(v))).toEqual([]);
    // Nor anything collected during the outage, before the kill and after it.
    expect(held.length).toBeGreaterThan(stored.length);
    expect(held.filter((v) => !seen.has(v))).toEqual([]);
    // The whole minute is there: the one hole is the gateway's own restart after the kill.
    const during = points.filter(([ts]) => ts > down - 1000 && ts < up);
    expect(during.length).toBeGreaterThan(300);
    const holes = during
      .slice(1)
      .map(([ts], i) => [during[i]![0], ts] as const)
      .filter(([a, b]) => b - a > 2000);
    expect(holes.length).toBeLessThanOrEqual(1);
    for (const [a, b] of holes) expect(a <= killedAt && killedAt <= b).toBe(true);
  }, 240_000);

  it('forwards the points of two assets with its one device token', async () => {
    // GWT-2 is not the device's asset: its points are taken because this connector, run by the
    // gateway's device, maps it.
    const def = definition('two-assets-plc', [
      ['two_a', 0],
      ['two_b', 10, 'GWT-2'],
    ]);
    await call('POST', '/api/v1/connectors', def);
    const raw = async (asset: string, channel: string) => {
      const q = `asset=${asset}&channel=${channel}&from=0&to=${Date.now() + 60_000}&limit=1000`;
      return (await call<{ points: [number, number][] }>('GET', `/api/v1/telemetry/raw?${q}`))
        .points;
    };
    const gw = gateway('two-assets-gw', base(), def);
    const b = await until('GWT-2 points', async () => {
      const p = await raw('GWT-2', 'two_b');
      return p.length >= 3 ? p : undefined;
    });
    expect(new Set(b.map(([, v]) => v))).toEqual(new Set([4321]));
    expect((await raw('GWT-1', 'two_a')).length).toBeGreaterThan(0);
    gw.kill('SIGTERM');
    await exited(gw);
  }, 120_000);
});
