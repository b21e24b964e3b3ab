// `npm run bench -- mqtt-devices [--devices 10000] [--rates 1,1.5,2,3] [--step-seconds 20]
//   [--warm-up-seconds 10] [--all-steps]`:
// MQTT as fleets really send it (issue 21). `ronghe start` on a fresh data directory with the
// chiller model, its derived channel and 20 rules (bench/telemetry/platform-target.ts); one
// asset and one device token per client, each client its own connection, each publishing one
// JSON message of 10 values at QoS 1 to ronghe/telemetry/<serial>. Steps of rising message
// rates per device; each step reports messages/s acknowledged, PUBACK latency p50/p99/max, and
// the server's CPU, RSS and event-loop delay (p99 and max). Before the steps every device sends
// one unmeasured message, so steps measure the steady state, not the first registration of each
// device's series. The answer to "how far does it go" is the highest step whose p99
// stays ≤ 100 ms with every message acknowledged (target: 10,000 devices at 1 message/s).
// RONGHE_BENCH_SERVER_LOG=<file> keeps the server's output (e.g. its --trace-gc lines, with
// RONGHE_BENCH_NODE_ARGS=--trace-gc), which is otherwise removed with the data directory.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LightClient } from './mqtt/light-client.ts';
import { clientLoad, pubackBuckets, serverPuback } from './mqtt/server-acks.ts';
import { cpuSeconds, peakRssMiB, request, sleep } from './telemetry/http.ts';
import { stop } from './telemetry/process.ts';
import { call, serialOf, setUpFleet, startPlatform } from './telemetry/platform-target.ts';
import { SERVER_LOG } from './telemetry/ronghe-target.ts';

interface Device {
  serial: string;
  token: string;
}

/** One device (and its token) per asset, created through the API, `parallel` at a time. */
async function createDevices(port: number, key: string, assetIds: string[], parallel = 8) {
  const auth = { authorization: `Bearer ${key}` };
  const out: Device[] = new Array(assetIds.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < assetIds.length; i = next++) {
      const d = (await call(port, auth, 'POST', '/devices', {
        assetId: assetIds[i],
        name: `dev-${i}`,
      })) as { token: string };
      out[i] = { serial: serialOf(i), token: d.token };
      if ((i + 1) % 2000 === 0) process.stderr.write(`  devices: ${i + 1}\n`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GET /metrics, once more on a reset connection: a kept-alive socket the server closed as idle
 * (its keep-alive timeout ran out while the loop was held) fails the next request with
 * ECONNRESET, which ended whole runs after their steps.
 */
async function metrics(port: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(port, 'GET', '/metrics');
    } catch (e) {
      if (attempt >= 3 || (e as NodeJS.ErrnoException).code !== 'ECONNRESET') throw e;
    }
  }
}

async function acceptedMqttPoints(port: number): Promise<number> {
  const r = await metrics(port);
  let sum = 0;
  for (const line of r.body.split('\n')) {
    if (line.startsWith('ronghe_telemetry_points_accepted_total') && line.includes('mqtt')) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

/**
 * The server's event-loop delay since the previous scrape (prom-client's monitorEventLoopDelay
 * histogram, reset at each scrape): how long the one JavaScript thread was held, which is what
 * a PUBACK waits for. Scraped once before a step (to reset it) and once after.
 */
async function eventLoopDelayMs(port: number) {
  const r = await metrics(port);
  const gauge = (name: string) => {
    const line = r.body
      .split('\n')
      .find((l) => l.startsWith(`ronghe_nodejs_eventloop_lag_${name}`));
    return line ? round(Number(line.slice(line.lastIndexOf(' ') + 1)) * 1000) : NaN;
  };
  return { p99: gauge('p99_seconds'), max: gauge('max_seconds') };
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Publishes `rate` messages/s per device, spread evenly, for `seconds`; measures the acks. */
async function step(
  clients: LightClient[],
  devices: Device[],
  rate: number,
  seconds: number,
  latencies: number[],
  pid: number,
  port: number,
) {
  latencies.length = 0;
  await eventLoopDelayMs(port);
  const acks0 = pubackBuckets((await metrics(port)).body);
  const client = clientLoad();
  const total = clients.length * rate;
  const topics = devices.map((d) => `ronghe/telemetry/${d.serial}`);
  let sent = 0;
  let cursor = 0;
  let value = 0;
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let peakRss = 0;
  let lastRss = t0;
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * total);
    const ts = Date.now();
    while (sent < due) {
      const c = clients[cursor]!;
      value = (value + 1) % 1000;
      const values: Record<string, number> = {};
      for (let k = 0; k < 10; k++) values[`c${k}`] = round(20 + ((value + k * 7) % 50) / 10, 2);
      c.publish(topics[cursor]!, Buffer.from(JSON.stringify({ ts, values })));
      cursor = (cursor + 1) % clients.length;
      sent++;
    }
    if (performance.now() - lastRss > 1000) {
      peakRss = Math.max(peakRss, rssMiB(pid) ?? 0);
      lastRss = performance.now();
    }
    await sleep(5);
  }
  const elapsed = (performance.now() - t0) / 1000;
  // Whatever is still in flight gets up to 10 s to be acknowledged (and counts as late).
  const drainUntil = performance.now() + 10_000;
  const inflight = () => clients.reduce((a, c) => a + c.inflight.size, 0);
  while (inflight() > 0 && performance.now() < drainUntil) await sleep(20);
  const cpu = cpuSeconds(pid) - cpu0;
  const generator = client();
  const loop = await eventLoopDelayMs(port);
  const serverAcks = serverPuback(acks0, pubackBuckets((await metrics(port)).body));
  const sorted = Float64Array.from(latencies).sort();
  return {
    ratePerDevice: rate,
    offeredMessagesPerSec: Math.round(sent / elapsed),
    acknowledgedMessagesPerSec: Math.round(latencies.length / elapsed),
    pointsPerSec: Math.round((latencies.length * 10) / elapsed),
    unacknowledged: inflight(),
    pubackMs: {
      p50: round(quantile(sorted, 0.5)),
      p99: round(quantile(sorted, 0.99)),
      max: round(sorted[sorted.length - 1] ?? NaN),
    },
    // The broker's own view of the same acknowledgements (parsed → PUBACK written).
    serverPuback: serverAcks,
    serverEventLoopDelayMs: loop,
    loadGenerator: generator,
    serverCpuCoresBusy: round(cpu / elapsed, 2),
    // Valid on a loaded machine, where the wall-clock figures are not: the server's CPU time
    // (all its threads) per 1,000 messages acknowledged in the step.
    serverCpuSecondsPer1000Messages: round((cpu / Math.max(1, latencies.length)) * 1000, 3),
    serverRssMiB: Math.max(peakRss, rssMiB(pid) ?? 0),
  };
}

export async function run(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: 'string', default: '10000' },
      rates: { type: 'string', default: '1,1.5,2,3' },
      'step-seconds': { type: 'string', default: '20' },
      // Seconds in which every device sends one unmeasured message first, so that the steps
      // measure the steady state rather than the registration of 110,000 new series.
      'warm-up-seconds': { type: 'string', default: '10' },
      // Run every rate even past one whose p99 exceeds 100 ms (for before/after comparisons).
      'all-steps': { type: 'boolean', default: false },
    },
  });
  const n = Number(values.devices);
  const rates = values.rates!.split(',').map(Number);
  const seconds = Number(values['step-seconds']);
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-devices-'));
  const p = await startPlatform(dir);
  const clients: LightClient[] = [];
  try {
    const setup0 = performance.now();
    const fleet = await setUpFleet(p.port, p.key, n);
    const devices = await createDevices(p.port, p.key, fleet.assetIds);
    const setupSeconds = (performance.now() - setup0) / 1000;
    process.stderr.write(`mqtt-devices: ${n} assets and devices in ${setupSeconds.toFixed(0)} s\n`);
    const latencies: number[] = [];
    const rssBeforeConnect = rssMiB(p.child.pid!);
    const onAck = (ms: number) => latencies.push(ms);
    const c0 = performance.now();
    for (let i = 0; i < n; i += 200) {
      const batch = devices.slice(i, i + 200).map((d, j) => {
        const c = new LightClient(p.mqttPort, `dev-${i + j}`, d.token, onAck);
        clients.push(c);
        return c.open(60);
      });
      await Promise.all(batch);
    }
    const connectSeconds = (performance.now() - c0) / 1000;
    const idleRss = rssMiB(p.child.pid!);
    process.stderr.write(`mqtt-devices: ${n} connected in ${connectSeconds.toFixed(1)} s\n`);
    const pinger = setInterval(() => clients.forEach((c) => c.ping(20_000)), 5_000);
    const accepted0 = await acceptedMqttPoints(p.port);
    const warmUpSeconds = Number(values['warm-up-seconds']);
    let acknowledged = 0;
    if (warmUpSeconds > 0) {
      const w = await step(
        clients,
        devices,
        1 / warmUpSeconds,
        warmUpSeconds,
        latencies,
        p.child.pid!,
        p.port,
      );
      acknowledged += latencies.length;
      process.stderr.write(`mqtt-devices: warm-up ${JSON.stringify(w)}\n`);
    }
    const steps = [];
    for (const rate of rates) {
      const s = await step(clients, devices, rate, seconds, latencies, p.child.pid!, p.port);
      acknowledged += latencies.length;
      steps.push(s);
      process.stderr.write(`mqtt-devices: ${JSON.stringify(s)}\n`);
      if (!values['all-steps'] && (s.pubackMs.p99 > 100 || s.unacknowledged > 0)) break;
    }
    clearInterval(pinger);
    await sleep(1000);
    const stored = (await acceptedMqttPoints(p.port)) - accepted0;
    const sustained = steps.filter((s) => s.pubackMs.p99 <= 100 && s.unacknowledged === 0);
    const best = sustained[sustained.length - 1];
    return {
      devices: n,
      message:
        '1 JSON message of 10 values per publish, QoS 1, one connection and token per device',
      rules: '20 threshold and expression rules and one derived channel on the model',
      setupSeconds: Math.round(setupSeconds),
      warmUpSeconds,
      connectSeconds: round(connectSeconds),
      serverRssBeforeConnectMiB: rssBeforeConnect,
      serverRssIdleConnectedMiB: idleRss,
      // What 1,000 idle connections (socket, Aedes client, parser, session) add to the server.
      serverRssPer1000ConnectionsMiB:
        idleRss !== undefined && rssBeforeConnect !== undefined
          ? round(((idleRss - rssBeforeConnect) / n) * 1000)
          : undefined,
      steps,
      mostMessagesPerSecWithP99Under100ms: best?.acknowledgedMessagesPerSec ?? 0,
      // Every acknowledged message's ten values must be stored: the check that PUBACK means stored.
      pointsAcknowledged: acknowledged * 10,
      pointsStoredByMetrics: stored,
      serverPeakRssMiB: peakRssMiB(p.child.pid!),
      machine: 'shared 2-core host: the load generator and the server share the cores',
    };
  } finally {
    for (const c of clients) c.close();
    await stop(p.child);
    const keepLog = process.env.RONGHE_BENCH_SERVER_LOG;
    if (keepLog && existsSync(join(dir, SERVER_LOG))) copyFileSync(join(dir, SERVER_LOG), keepLog);
    rmSync(dir, { recursive: true, force: true });
  }
}
