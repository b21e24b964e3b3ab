// End to end: the real platform (composition root, SQLite, HTTP on a free port) seeded with the
// demo fleet, `ronghe simulate` posting to its /write with the seeded API key, and the stored
// points read back through the query API equal to what generate() gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { command } from '../cli/commands/simulate.ts';
import { loadConfig } from '../config.ts';
import { startPlatform, type Platform } from '../main.ts';
import { demoFleet, demoScenario, generate } from './index.ts';

let platform: Platform | undefined;
let dir: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await platform?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  platform = dir = undefined;
});

it('ronghe simulate fills the seeded demo tenant with exactly the generated data', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  dir = mkdtempSync(join(tmpdir(), 'ronghe-sim-'));
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      mqttPort: null,
      simulate: false,
      logLevel: 'silent',
    },
  );
  platform = await startPlatform(config, { log: () => {} });
  const key = platform.demo?.simulatorKey;
  expect(key).toBeDefined();

  const minute = 60_000;
  const to = Math.floor(Date.now() / minute) * minute;
  const from = to - 90 * minute;
  // LOC-0002's vibration spike (day 5, 02:00) falls half an hour before `to`.
  const scenarioStart = to - 5 * 86_400_000 - 2 * 3_600_000 - 30 * minute;
  const iso = (t: number) => new Date(t).toISOString();
  const code = await command.run([
    ...['--url', platform.url, '--key', key!, '--seed', '1', '--assets', '15'],
    ...['--from', iso(from), '--to', iso(to), '--scenario-start', iso(scenarioStart)],
  ]);
  expect(code).toBe(0);

  const assets = demoFleet(1);
  const fleet = {
    seed: 1,
    intervalMs: minute,
    assets,
    faults: demoScenario(assets, scenarioStart),
  };
  const expected = [...generate(fleet, from, to)];
  for (const [asset, channel] of [
    ['CHL-0001', 'cop'],
    ['HXS-0002', 'return_temp'],
    ['LOC-0002', 'vibration_rms'],
    ['GML-0003', 'state'],
  ] as const) {
    const res = await fetch(
      `${platform.url}/api/v1/telemetry/raw?asset=${asset}&channel=${channel}&from=${from}&to=${to}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { points: [number, number][] };
    const want = expected.filter((s) => s.assetKey === asset).map((s) => [s.ts, s.values[channel]]);
    expect(body.points).toEqual(want);
    expect(want.length).toBe(90);
    if (asset === 'LOC-0002') expect(Math.max(...body.points.map((p) => p[1]))).toBeGreaterThan(15);
  }
});
