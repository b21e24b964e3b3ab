import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../cli/command.ts';
import { command } from '../cli/commands/simulate.ts';
import { countsForTotal, demoFleet, demoScenario, generate, sampleToLine } from './index.ts';
import { startRecordingServer, type RecordingServer } from './testing/recording-server.ts';

let server: RecordingServer | undefined;
beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const bodyLines = (s: RecordingServer): string[] =>
  s.requests.flatMap((r) => r.body.trimEnd().split('\n'));

describe('ronghe simulate, posting to a real HTTP server', () => {
  it('backfills the range in batches with the token, retrying a 429, exactly as generate() gives', async () => {
    server = await startRecordingServer((_, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 204 },
    );
    const code = await command.run([
      ...['--url', server.url, '--key', 'rk_demo', '--assets', '5', '--seed', '9'],
      ...['--from', '2026-03-01T00:00:00Z', '--to', '2026-03-01T01:00:00Z'],
      ...['--batch-size', '100', '--scenario-start', '2026-02-20T00:00:00Z'],
    ]);
    expect(code).toBe(0);
    // 60 instants × 5 assets = 300 rows in three batches, the first sent twice.
    expect(server.requests.map((r) => r.body.trimEnd().split('\n').length)).toEqual([
      100, 100, 100, 100,
    ]);
    expect(server.requests[0]!.body).toBe(server.requests[1]!.body);
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe('Token rk_demo');
      expect(r.url).toBe('/write?precision=ms');
    }
    const assets = demoFleet(9, countsForTotal(5));
    const fleet = {
      seed: 9,
      intervalMs: 60_000,
      assets,
      faults: demoScenario(assets, Date.UTC(2026, 1, 20)),
    };
    const expected = [...generate(fleet, Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 1, 1))].map((s) =>
      sampleToLine(s),
    );
    expect(bodyLines(server).slice(100)).toEqual(expected);
  });

  it.each([
    [['--format', 'json', '--url', 'http://x', '--key', 'k'], /json/],
    [['--url', 'http://x'], /--key/],
    [['--from', '2026-03-02T00:00:00Z', '--to', '2026-03-01T00:00:00Z'], /after/],
    [['--live', '--to', '2026-03-01T00:00:00Z'], /either/],
    [['--assets', '0'], /--assets/],
    [['--from', 'yesterday'], /ISO/],
  ])('rejects %j', async (argv, message) => {
    await expect(command.run(argv)).rejects.toThrow(UsageError);
    await expect(command.run(argv)).rejects.toThrow(message);
  });
});

describe('ronghe simulate to stdout', () => {
  it.each(['line', 'json'] as const)(
    'prints the range as %s, one sample per line',
    async (format) => {
      let out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      const code = await command.run([
        ...['--assets', '3', '--seed', '4', '--format', format, '--no-faults'],
        ...[
          '--from',
          '2026-05-01T00:00:30Z',
          '--to',
          '2026-05-01T00:10:00Z',
          '--interval-ms',
          '120000',
        ],
      ]);
      vi.mocked(process.stdout.write).mockRestore();
      expect(code).toBe(0);
      const fleet = {
        seed: 4,
        intervalMs: 120_000,
        assets: demoFleet(4, countsForTotal(3)),
        faults: [],
      };
      const samples = [
        ...generate(fleet, Date.UTC(2026, 4, 1, 0, 0, 30), Date.UTC(2026, 4, 1, 0, 10)),
      ];
      expect(samples.length).toBe(4 * 3);
      const expected =
        format === 'json'
          ? samples.map((s) => JSON.stringify({ asset: s.assetKey, ts: s.ts, values: s.values }))
          : samples.map((s) => sampleToLine(s));
      expect(out.trimEnd().split('\n')).toEqual(expected);
    },
  );
});

describe('ronghe simulate --live', () => {
  it('streams each new grid instant once, in order, through a server error, until interrupted', async () => {
    // The second request fails with a 500: the stream must go on and resend those rows.
    server = await startRecordingServer((_, i) =>
      i === 1 ? { status: 500, body: 'oops' } : { status: 204 },
    );
    const bin = fileURLToPath(new URL('../../bin/ronghe.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        bin,
        'simulate',
        '--live',
        '--interval-ms',
        '200',
        '--assets',
        '2',
        '--url',
        server.url,
        '--key',
        'k',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    while (server.requests.length < 5) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped after');
    expect(stderr).toContain('retrying at the next tick');
    server.requests.splice(1, 1);
    const stamps = bodyLines(server).map((l) => ({
      asset: l.split(' ')[0]!,
      ts: Number(l.split(' ')[2]),
    }));
    for (const asset of ['telemetry,asset=CHL-0001', 'telemetry,asset=HXS-0001']) {
      const ts = stamps.filter((s) => s.asset === asset).map((s) => s.ts);
      expect(ts.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBe(200);
    }
  });
});
