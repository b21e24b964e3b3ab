// Store-and-forward: the disk queue on its own, then `ronghe gateway` as a real process polling a
// real Modbus server into a stand-in of the platform's ingest (POST /api/v1/telemetry): the
// platform stopped and started again, and kill -9 of the gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestModbusServer, type TestModbusServer } from '../modbus/test-server.ts';
import { freePort } from '../opcua/test-server.ts';
import type { ConnectorPoint } from '../points.ts';
import { openDiskQueue, readQueueDir } from './disk-queue.ts';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-gateway-'));
const pt = (value: number): ConnectorPoint => ({ asset: 'A', channel: 'c', ts: value, value });

describe('disk queue', () => {
  it('keeps batches in order across a reopen and acks them one by one', () => {
    const q = openDiskQueue(join(dir, 'q1'), 1000);
    q.push([pt(1), pt(2)]);
    q.push([pt(3)]);
    const again = openDiskQueue(join(dir, 'q1'), 1000);
    expect(again.depth).toBe(3);
    const first = again.peek()!;
    expect(first.points.map((p) => p.value)).toEqual([1, 2]);
    again.ack(first.id);
    expect(again.peek()!.points.map((p) => p.value)).toEqual([3]);
    expect(openDiskQueue(join(dir, 'q1'), 1000).depth).toBe(1);
  });

  it('drops the oldest points first when full and counts them, across a reopen', () => {
    const q = openDiskQueue(join(dir, 'q2'), 4);
    for (let i = 0; i < 5; i++) q.push([pt(i * 2), pt(i * 2 + 1)]);
    expect(q.depth).toBe(4);
    expect(q.dropped).toBe(6);
    expect(readQueueDir(join(dir, 'q2')).map((p) => p.value)).toEqual([6, 7, 8, 9]);
    expect(openDiskQueue(join(dir, 'q2'), 4).dropped).toBe(6);
  });
});

describe('ronghe gateway store-and-forward', () => {
  let modbus: TestModbusServer;
  let ticker: NodeJS.Timeout;
  let port = 0;
  let platform: Server | undefined;
  const received: { asset: string; ts: number; values: Record<string, number> }[] = [];
  const TOKEN = 'rd_test_token';

  async function platformUp(): Promise<void> {
    platform = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url !== '/api/v1/telemetry' || req.headers.authorization !== `Bearer ${TOKEN}`) {
          res.writeHead(401).end();
          return;
        }
        received.push(...(JSON.parse(body) as { points: typeof received }).points);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"points":1}');
      });
    });
    await new Promise<void>((r) => platform!.listen(port, '127.0.0.1', () => r()));
  }
  async function platformDown(): Promise<void> {
    const p = platform;
    platform = undefined;
    p?.closeAllConnections();
    await new Promise<void>((r) => (p ? p.close(() => r()) : r()));
  }

  function gateway(): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        'bin/ronghe.js',
        'gateway',
        '--config',
        join(dir, 'gateway.json'),
        '--platform',
        `http://127.0.0.1:${port}`,
        '--token',
        TOKEN,
        '--data',
        join(dir, 'gw'),
      ],
      { stdio: 'ignore' },
    );
    return child;
  }

  const counters = () => received.filter((p) => 'count' in p.values).map((p) => p.values.count!);
  const until = async (cond: () => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    modbus = await startTestModbusServer();
    let n = 0;
    ticker = setInterval(() => modbus.holding.set(0, ++n), 50);
    port = await freePort();
    writeFileSync(
      join(dir, 'gateway.json'),
      JSON.stringify({
        asset: 'GW-1',
        healthIntervalMs: 500,
        flushIntervalMs: 100,
        connectors: [
          {
            name: 'plc',
            deviceId: 'dv_gateway',
            runOn: 'gateway',
            protocol: 'modbus',
            host: '127.0.0.1',
            port: modbus.port,
            intervalMs: 100,
            mappings: [
              {
                asset: 'CH-1',
                channel: 'count',
                unitId: 1,
                function: 'holding',
                address: 0,
                dataType: 'uint16',
              },
            ],
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    clearInterval(ticker);
    await platformDown();
    await modbus?.close();
  });

  it('sends everything once and in order across a platform outage and a kill -9', async () => {
    await platformUp();
    let gw = gateway();
    await until(() => counters().length >= 5);
    // The platform goes away; the gateway keeps collecting onto its disk.
    await platformDown();
    const beforeOutage = counters().length;
    await new Promise((r) => setTimeout(r, 4000));
    gw.kill('SIGKILL');
    await new Promise((r) => gw.once('exit', r));
    const stored = readQueueDir(join(dir, 'gw', 'queue'))
      .filter((p) => p.channel === 'count')
      .map((p) => p.value);
    expect(stored.length).toBeGreaterThan(10);
    // Back: the platform first, then a new gateway process over the same disk queue.
    await platformUp();
    gw = gateway();
    await until(() => counters().some((v) => v > stored.at(-1)! + 20));
    gw.kill('SIGTERM');
    await new Promise((r) => gw.once('exit', r));
    const got = counters();
    expect(got.length).toBeGreaterThan(beforeOutage + stored.length);
    for (let i = 1; i < got.length; i++) expect(got[i]).toBeGreaterThan(got[i - 1]!);
    const seen = new Set(got);
    for (const v of stored) expect(seen.has(v), `stored value ${v}`).toBe(true);
    // Its own health arrived as telemetry of its asset.
    const health = received.filter((p) => p.asset === 'GW-1');
    expect(health.some((p) => (p.values.gateway_queue_depth ?? 0) > 0)).toBe(true);
    expect(health.at(-1)?.values.gateway_sources_connected).toBe(1);
  }, 120_000);
});
