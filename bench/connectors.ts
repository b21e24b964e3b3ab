// `npm run bench -- connectors [--seconds 10] [--items 10000] [--devices 200]`: OPC UA values per
// second through one connector with N monitored items changing every second, and Modbus
// registers per second polling D simulated devices (125 registers each, one read per device
// per second), both against real servers in this process. CPU and memory are this process's,
// so they include the simulated servers: an upper bound for the gateway side.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startModbusPoller, type ModbusMapping } from '../src/connectors/modbus/poller.ts';
import { startTestModbusServer } from '../src/connectors/modbus/test-server.ts';
import { startOpcUaConnector } from '../src/connectors/opcua/client.ts';
import {
  freePort,
  startTestOpcUaServer,
  TEST_NAMESPACE,
} from '../src/connectors/opcua/test-server.ts';

async function measure(seconds: number, count: () => number) {
  const c0 = count();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const perSecond = (count() - c0) / wall;
  const cpuCores = (cpu.user + cpu.system) / 1e6 / wall;
  return {
    perSecond: Math.round(perSecond),
    cpuCores: Number(cpuCores.toFixed(3)),
    cpuCoresPer1000PerSecond: Number(((cpuCores * 1000) / Math.max(perSecond, 1)).toFixed(4)),
    rssMB: Math.round(process.memoryUsage().rss / 1e6),
  };
}

async function opcua(seconds: number, items: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-opcua-'));
  console.error(`opcua: starting a server with ${items} items…`);
  const server = await startTestOpcUaServer({
    port: await freePort(),
    pkiDir: join(dir, 'server'),
    tickMs: 1000,
    items,
  });
  let n = 0;
  const c = startOpcUaConnector(
    {
      id: 'bench',
      endpointUrl: server.endpointUrl,
      securityMode: 'None',
      pkiDir: join(dir, 'client'),
      publishingIntervalMs: 1000,
      mappings: Array.from({ length: items }, (_, i) => ({
        key: String(i),
        asset: 'A',
        channel: `i${i}`,
        namespaceUri: TEST_NAMESPACE,
        nodeId: `s=Item${i}`,
        // Sampled at twice the change rate: sampling at exactly the change period aliases
        // (two changes between samples show as one; measured ~5,500/s of 10,000 that way).
        samplingIntervalMs: 500,
        queueSize: 2,
        deadband: { kind: 'none' as const },
      })),
    },
    (pts) => (n += pts.length),
  );
  await c.firstSession;
  await new Promise((r) => setTimeout(r, 3000)); // the initial values pass first
  console.error('opcua: measuring…');
  const m = await measure(seconds, () => n);
  await c.stop();
  await server.stop();
  return { items, ...m };
}

async function modbus(seconds: number, devices: number) {
  const server = await startTestModbusServer();
  for (let a = 0; a < 125; a++) server.holding.set(a, a);
  let n = 0;
  const mappings: ModbusMapping[] = Array.from({ length: 125 }, (_, a) => ({
    key: String(a),
    asset: 'A',
    channel: `r${a}`,
    unitId: 1,
    function: 'holding',
    address: a,
    dataType: 'uint16',
    byteOrder: 'big',
    wordOrder: 'big',
    scale: 1,
    offset: 0,
    deadband: { kind: 'none' },
  }));
  const pollers = Array.from({ length: devices }, (_, d) =>
    startModbusPoller(
      {
        id: `d${d}`,
        host: '127.0.0.1',
        port: server.port,
        intervalMs: 1000,
        timeoutMs: 5000,
        retries: 1,
        mappings,
      },
      (pts) => (n += pts.length),
    ),
  );
  await new Promise((r) => setTimeout(r, 3000));
  console.error('modbus: measuring…');
  const m = await measure(seconds, () => n);
  const offline = pollers.filter((p) => p.status.snapshot().state !== 'online').length;
  await Promise.all(pollers.map((p) => p.stop()));
  await server.close();
  return { devices, registersPerDevice: 125, offline, ...m };
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '10' },
      items: { type: 'string', default: '10000' },
      devices: { type: 'string', default: '200' },
    },
  });
  const seconds = Number(values.seconds);
  const loadBefore = loadavg()[0];
  const modbusResult = await modbus(seconds, Number(values.devices));
  const opcuaResult = await opcua(seconds, Number(values.items));
  return {
    note: 'CPU and RSS are of this process, servers included (an upper bound for the gateway)',
    loadAverage1m: { before: loadBefore, after: loadavg()[0] },
    modbusRegistersPerSecond: modbusResult,
    opcuaValuesPerSecond: opcuaResult,
    targets: { opcuaValuesPerSecond: 10_000, modbusRegistersPerSecond: 20_000 },
  };
}
