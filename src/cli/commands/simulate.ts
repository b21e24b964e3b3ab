// `ronghe simulate`: backfills and/or streams the deterministic demo fleet, either posting
// InfluxDB line protocol to a Ronghe server or printing to stdout. The clock, signals and the
// network live here and in simulator/writer.ts; the data itself comes from the pure generator.
import { parseArgs } from 'node:util';
import { isRongheError, type RongheError } from '../../kernel/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import {
  countsForTotal,
  defaultScenarioStart,
  demoFleet,
  demoScenario,
  generate,
  sampleToLine,
  writeLines,
  type Fleet,
  type LineOptions,
  type Sample,
  type WriteProgress,
} from '../../simulator/index.ts';

const usage = `Usage:
  ronghe simulate [--url http://localhost:8080 --key <api key>] [--assets N] [--seed S]
                  [--from <ISO>] [--to <ISO> | --live] [--interval-ms 60000] [--format line|json]
                  [--batch-size 500] [--scenario-start <ISO>] [--no-faults]
                  [--measurement telemetry] [--asset-tag asset]

  Generates the demo fleet (N assets spread over chillers, heat stations, locomotives, gearbox
  benches and garment lines; default 15) with the default fault scenario, deterministic for a
  seed (default 1, the seed the platform's demo tenant is created with). With --url, posts line
  protocol to <url>/write?precision=ms in batches (Authorization: Token <key>), waiting as
  Retry-After says on 429/503; without --url, prints line protocol (or, with --format json,
  NDJSON points {asset, ts, values}) on stdout. Progress goes to stderr.

  Range: [--from, --to); --to defaults to now, --from to 24 h before --to. --live streams one
  sample per asset every --interval-ms from --from (or now) until interrupted.
  --scenario-start: day 0 of the fault scenario (default UTC midnight 21 days ago).`;

const options = {
  url: { type: 'string' },
  key: { type: 'string' },
  assets: { type: 'string' },
  seed: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  live: { type: 'boolean' },
  'interval-ms': { type: 'string' },
  format: { type: 'string' },
  'batch-size': { type: 'string' },
  'scenario-start': { type: 'string' },
  'no-faults': { type: 'boolean' },
  measurement: { type: 'string' },
  'asset-tag': { type: 'string' },
} as const;

function intOption(v: string | undefined, flag: string, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${v}'`);
  return n;
}

function timeOption(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new UsageError(`${flag} must be an ISO 8601 time, got '${v}'`);
  return t;
}

interface Plan {
  fleet: Fleet;
  fromMs: number;
  toMs: number | undefined;
  live: boolean;
  format: 'line' | 'json';
  url: string | undefined;
  key: string;
  batchSize: number;
  line: LineOptions;
}

function plan(argv: string[], nowMs: number): Plan {
  const { values: v, positionals } = parseArgs({
    args: argv,
    options,
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const format = v.format ?? 'line';
  if (format !== 'line' && format !== 'json') throw new UsageError(`--format must be line or json`);
  if (v.url !== undefined && format === 'json')
    throw new UsageError('--format json prints to stdout; the /write endpoint takes line protocol');
  if (v.url !== undefined && !v.key) throw new UsageError('--url needs --key <api key>');
  if (v.live && v.to !== undefined) throw new UsageError('give either --to or --live, not both');
  const intervalMs = intOption(v['interval-ms'], '--interval-ms', 60_000, 1);
  const seed = intOption(v.seed, '--seed', 1, 0);
  const assets = demoFleet(seed, countsForTotal(intOption(v.assets, '--assets', 15, 1)));
  const scenarioStart =
    timeOption(v['scenario-start'], '--scenario-start') ?? defaultScenarioStart(nowMs);
  const faults = v['no-faults'] ? [] : demoScenario(assets, scenarioStart);
  const toMs = v.live ? undefined : (timeOption(v.to, '--to') ?? nowMs);
  const fromMs = timeOption(v.from, '--from') ?? (v.live ? nowMs : (toMs ?? nowMs) - 86_400_000);
  if (toMs !== undefined && !(toMs > fromMs)) throw new UsageError('--to must be after --from');
  return {
    fleet: { seed, intervalMs, assets, faults },
    fromMs,
    toMs,
    live: v.live ?? false,
    format,
    url: v.url,
    key: v.key ?? '',
    batchSize: intOption(v['batch-size'], '--batch-size', 500, 1),
    line: { measurement: v.measurement ?? 'telemetry', assetTag: v['asset-tag'] ?? 'asset' },
  };
}

function* encode(p: Plan, samples: Iterable<Sample>): Generator<string> {
  for (const s of samples) {
    // The platform's JSON point shape (POST /api/v1/telemetry takes { points: [...] } of these).
    if (p.format === 'json')
      yield JSON.stringify({ asset: s.assetKey, ts: s.ts, values: s.values });
    else {
      const line = sampleToLine(s, p.line);
      if (line !== undefined) yield line;
    }
  }
}

async function printLines(lines: Iterable<string>): Promise<number> {
  let n = 0;
  let chunk: string[] = [];
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const ok = process.stdout.write(`${chunk.join('\n')}\n`);
    chunk = [];
    if (!ok) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
  };
  for (const l of lines) {
    chunk.push(l);
    n++;
    if (chunk.length >= 1000) await flush();
  }
  await flush();
  return n;
}

/** Sends [from, to) to the server or stdout; resolves to the number of rows. */
async function emit(p: Plan, fromMs: number, toMs: number, report: boolean): Promise<number> {
  const lines = encode(p, generate(p.fleet, fromMs, toMs));
  if (p.url === undefined) return printLines(lines);
  const expected = Math.ceil((toMs - fromMs) / p.fleet.intervalMs) * p.fleet.assets.length;
  let last = 0;
  const onBatch = (w: WriteProgress): void => {
    if (!report || (w.lines - last < expected / 20 && w.lines < expected)) return;
    last = w.lines;
    const pct = expected > 0 ? ((100 * w.lines) / expected).toFixed(1) : '100';
    console.error(
      `simulate: ${w.lines}/${expected} rows (${pct} %), ${w.batches} batches, ${w.retries} retries`,
    );
  };
  const w = await writeLines({ url: p.url, token: p.key, batchSize: p.batchSize, onBatch }, lines);
  return w.lines;
}

const isTransient = (e: unknown): e is RongheError =>
  isRongheError(e) && (e.code === 'RONGHE_UNAVAILABLE' || e.code === 'RONGHE_TOO_MANY_REQUESTS');

/** Streams until SIGINT/SIGTERM: each tick sends the samples due since the last one. */
async function streamLive(p: Plan, startMs: number): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let cursor = startMs;
  let rows = 0;
  try {
    while (!stop.signal.aborted) {
      const now = Date.now();
      if (now >= cursor) {
        try {
          rows += await emit(p, cursor, now + 1, false);
          cursor = now + 1;
          console.error(
            `simulate: live, ${rows} rows sent, last at ${new Date(now).toISOString()}`,
          );
        } catch (e) {
          // A server that is restarting or overloaded must not end the stream: the cursor stays,
          // so the next tick resends everything since the last accepted batch. (Re-sent rows
          // carry the same timestamps and values, so ingest may treat them as upserts.)
          if (!isTransient(e)) throw e;
          console.error(`simulate: live, ${e.message}; retrying at the next tick`);
        }
      }
      const wait = p.fleet.intervalMs - (Date.now() % p.fleet.intervalMs);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, wait);
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  console.error(`simulate: stopped after ${rows} live rows`);
}

export const command: CliCommand = {
  name: 'simulate',
  summary: 'Backfill or stream the deterministic demo fleet (line protocol to a server or stdout)',
  usage,
  async run(argv) {
    const nowMs = Date.now();
    const p = plan(argv, nowMs);
    const kinds = new Set(p.fleet.assets.map((a) => a.kind)).size;
    console.error(
      `simulate: ${p.fleet.assets.length} assets of ${kinds} kinds, seed ${p.fleet.seed}, ${p.fleet.faults.length} faults, every ${p.fleet.intervalMs} ms`,
    );
    const backfillTo = p.toMs ?? (p.live ? Math.max(p.fromMs, nowMs) : nowMs);
    if (backfillTo > p.fromMs) {
      const rows = await emit(p, p.fromMs, backfillTo, true);
      console.error(
        `simulate: backfilled ${rows} rows ${new Date(p.fromMs).toISOString()} → ${new Date(backfillTo).toISOString()}`,
      );
    }
    if (p.live) await streamLive(p, backfillTo);
    return 0;
  },
};
