// `npm run bench -- mqtt [--assets 1000] [--hours 6] [--connections 4] [--window 4] [--no-rules]`:
// MQTT ingest into the real broker and pipeline with the monitoring rules evaluated point by
// point (target in issue 3: ≥ 150 k points/s with rules on). The fleet workload's line-protocol
// batches (500 rows × 10 channels) are published as QoS 1 on ronghe/lp/ms; each client keeps
// `window` messages in flight, and a message counts when its PUBACK (after the durable write)
// arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { firstLine, launch, stop } from './telemetry/process.ts';
import { buildWorkload } from './telemetry/workload.ts';

export async function run(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      assets: { type: 'string', default: '1000' },
      hours: { type: 'string', default: '6' },
      connections: { type: 'string', default: '4' },
      window: { type: 'string', default: '4' },
      'no-rules': { type: 'boolean' },
    },
  });
  const assets = Number(values.assets);
  const connections = Number(values.connections);
  const window = Number(values.window);
  const work = buildWorkload({
    assets,
    hours: Number(values.hours),
    connections,
    batchRows: 500,
    end: Math.floor(Date.now() / 60_000) * 60_000,
  });
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-mqtt-'));
  const server = launch(process.execPath, ['--import', 'tsx', 'bench/mqtt/server.ts'], {
    RONGHE_BENCH_DATA: dir,
    RONGHE_BENCH_ASSETS: String(assets),
    RONGHE_BENCH_RULES: values['no-rules'] ? '0' : '1',
  });
  try {
    const info = JSON.parse(await firstLine(server.child, server.stderr)) as {
      mqttPort: number;
      httpPort: number;
      key: string;
    };
    console.error(
      `mqtt bench: ${work.points} points, ${connections} clients, window ${window}, rules ${values['no-rules'] ? 'off' : 'on'}`,
    );
    const clients = await Promise.all(
      Array.from({ length: connections }, (_, i) =>
        mqtt.connectAsync(`mqtt://127.0.0.1:${info.mqttPort}`, {
          username: 'bench',
          password: info.key,
          clientId: `bench-${i}`,
        }),
      ),
    );
    // Held in memory before the clock starts, as the MQTT workloads are small.
    const all = clients.map((_, i) => [...work.bodies(i)]);
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        const bodies = all[i]!;
        let next = 0;
        const lane = async () => {
          while (next < bodies.length)
            await c.publishAsync('ronghe/lp/ms', bodies[next++]!, { qos: 1 });
        };
        await Promise.all(Array.from({ length: window }, lane));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const stats = (await (await fetch(`http://127.0.0.1:${info.httpPort}/bench/stats`)).json()) as {
      engine: { points: number; events: number; late: number };
      openAlarms: number;
      rejected: number;
      rss: number;
    };
    await Promise.all(clients.map((c) => c.endAsync()));
    return {
      workload: {
        assets,
        hours: Number(values.hours),
        points: work.points,
        messages: all.flat().length,
        connections,
        window,
      },
      rulesOn: !values['no-rules'],
      seconds: Math.round(seconds * 100) / 100,
      pointsPerSecond: Math.round(work.points / seconds),
      ruleEngine: stats.engine,
      openAlarms: stats.openAlarms,
      rejectedMessages: stats.rejected,
      serverRssMiB: Math.round(stats.rss / 2 ** 20),
      target: { pointsPerSecond: 150_000, met: work.points / seconds >= 150_000 },
    };
  } finally {
    await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
