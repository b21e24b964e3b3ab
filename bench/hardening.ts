// `npm run bench -- hardening [--points 3000000] [--rows 20000] [--streams 500]
//   [--flood-seconds 20] [--sse-seconds 15]` (issue 15's figures): the platform runs as a child
// process on loopback over a fresh data dir (hardening/server.ts) and this process drives its
// public routes:
//  1. ingest: --points into one series over line protocol (4 connections, 10,000-line batches),
//     points/s with RONGHE_DURABILITY=fsync (the default), later the same on a fresh server
//     with `os`;
//  2. export: GET /api/v1/telemetry/export.csv of that series while /healthz is asked every
//     50 ms: the server's event-loop block (monitorEventLoopDelay max and p99), /healthz
//     latency, peak RSS;
//  3. import: POST /api/v1/assets/import of --rows asset rows, watched the same way;
//  4. login: a valid user logs in every 500 ms from 127.0.0.1 while 20 other loopback
//     addresses send wrong passwords for other accounts at 20 per second;
//  5. SSE: --streams clients open /api/v1/telemetry/stream and never read while points flow
//     for --sse-seconds; RSS before, with the streams, at its peak and after.
// Every phase is bounded in time; progress goes to stderr, the figures to stdout as JSON.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { csvColumns } from '../src/assets/csv.ts';
import {
  quantiles,
  request,
  sleep,
  startServer,
  underWatch,
  type Server,
} from './hardening/client.ts';

const log = (s: string) => process.stderr.write(`hardening: ${s}\n`);
const SERIES_START = Date.UTC(2026, 0, 1);

async function ingest(s: Server, points: number) {
  const batch = 10_000;
  let next = 0;
  let refused = 0;
  const auth = { authorization: `Token ${s.key}`, 'content-type': 'text/plain' };
  const worker = async () => {
    while (next < points) {
      const from = next;
      next = Math.min(points, next + batch);
      const lines: string[] = [];
      for (let i = from; i < next; i++)
        lines.push(
          `m,asset=EXP-1 v=${(20 + Math.sin(i / 600) * 5).toFixed(2)} ${SERIES_START + i * 1000}`,
        );
      for (;;) {
        const a = await request(s.port, {
          method: 'POST',
          path: '/write?precision=ms',
          headers: auth,
          body: lines.join('\n'),
        });
        if (a.status === 204) break;
        if (a.status !== 429)
          throw new Error(`ingest answered ${a.status}: ${a.body.slice(0, 300)}`);
        refused++;
        await sleep(200);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all([worker(), worker(), worker(), worker()]);
  const seconds = (performance.now() - t0) / 1000;
  return {
    points,
    seconds: Math.round(seconds * 100) / 100,
    pointsPerSec: Math.round(points / seconds),
    retries429: refused,
  };
}

async function drained(s: Server) {
  for (let i = 0; i < 600; i++) {
    const a = await request(s.port, {
      path: '/api/v1/telemetry/status',
      headers: { authorization: `Bearer ${s.key}` },
    });
    if (a.status === 200 && (JSON.parse(a.body) as { bufferedPoints: number }).bufferedPoints === 0)
      return;
    await sleep(500);
  }
}

/** Waits until /healthz answers within 200 ms: the previous phase's work has finished. */
async function settle(s: Server) {
  for (let i = 0; i < 1200; i++) {
    if ((await request(s.port, { path: '/healthz', timeoutMs: 600_000 })).ms < 200) return;
    await sleep(500);
  }
}

async function exportCsv(s: Server, points: number) {
  const to = SERIES_START + points * 1000;
  const w = await underWatch(s, () =>
    request(s.port, {
      path: `/api/v1/telemetry/export.csv?assets=EXP-1&channels=v&from=${SERIES_START}&to=${to}`,
      headers: { authorization: `Bearer ${s.key}` },
      discard: true,
      timeoutMs: 240_000,
    }),
  );
  const { result, ...rest } = w;
  return { status: result.status, bytes: result.bytes, ...rest };
}

async function importAssets(s: Server, rows: number) {
  const lines = [csvColumns.join(',')];
  for (let i = 1; i <= rows; i++)
    lines.push(`IMP-${String(i).padStart(6, '0')},Imported ${i},${s.model},,,asset,Suzhou,,,,`);
  const w = await underWatch(s, () =>
    request(s.port, {
      method: 'POST',
      path: '/api/v1/assets/import',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'text/csv' },
      body: lines.join('\n'),
      timeoutMs: 600_000,
    }),
  );
  const { result, ...rest } = w;
  const report =
    result.status === 200
      ? (JSON.parse(result.body) as {
          ok: number;
          failed: number;
          rows: Array<{ reason?: string }>;
        })
      : undefined;
  const firstFailure = report?.rows.find((r) => r.reason)?.reason;
  return {
    rows,
    status: result.status,
    ...(report
      ? { rowsOk: report.ok, rowsFailed: report.failed, ...(firstFailure ? { firstFailure } : {}) }
      : { answer: result.body.slice(0, 300) }),
    ...rest,
  };
}

async function loginFlood(s: Server, seconds: number) {
  const statuses: Record<string, number> = {};
  const valid: number[] = [];
  const validStatuses: Record<string, number> = {};
  const pending: Promise<unknown>[] = [];
  let n = 0;
  const flood = setInterval(() => {
    const i = n++;
    pending.push(
      request(s.port, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `victim${i % 50}@bench.test`, password: `guess ${i}` }),
        localAddress: `127.0.0.${2 + (i % 20)}`,
      }).then((a) => (statuses[a.status] = (statuses[a.status] ?? 0) + 1)),
    );
  }, 50);
  const until = performance.now() + seconds * 1000;
  await sleep(1000);
  while (performance.now() < until) {
    const a = await request(s.port, {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: s.email, password: s.password }),
      localAddress: '127.0.0.1',
    });
    valid.push(a.ms);
    validStatuses[a.status] = (validStatuses[a.status] ?? 0) + 1;
    await sleep(500);
  }
  clearInterval(flood);
  await Promise.all(pending);
  return {
    flood: { attempts: n, perSecond: 20, addresses: 20, statuses },
    validLogin: { ...quantiles(valid), statuses: validStatuses },
  };
}

async function idleStreams(s: Server, streams: number, seconds: number) {
  const before = (await s.stats()).rssMiB;
  const sockets: net.Socket[] = [];
  for (let i = 0; i < streams; i++) {
    const sock = net.connect({ host: '127.0.0.1', port: s.port });
    sock.on('error', () => {});
    sock.write(
      `GET /api/v1/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${s.key}\r\n\r\n`,
    );
    sock.pause(); // connect and never read
    sockets.push(sock);
  }
  await sleep(2000);
  const withStreams = (await s.stats()).rssMiB;
  let peak = withStreams;
  let fed = 0;
  let stoppedAtCap = false;
  const until = performance.now() + seconds * 1000;
  const auth = { authorization: `Token ${s.key}`, 'content-type': 'text/plain' };
  while (performance.now() < until) {
    const now = Date.now();
    const lines = Array.from(
      { length: 2000 },
      (_, i) => `m,asset=EXP-1 v=${i % 100} ${now - 2000 + i}`,
    );
    await request(s.port, {
      method: 'POST',
      path: '/write?precision=ms',
      headers: auth,
      body: lines.join('\n'),
    });
    fed += lines.length;
    peak = Math.max(peak, (await s.stats()).rssMiB);
    if (peak > 8192) {
      stoppedAtCap = true; // bounded: do not take the machine down
      break;
    }
  }
  await sleep(3000);
  const after = (await s.stats()).rssMiB;
  for (const sock of sockets) sock.destroy();
  await sleep(1000);
  const closed = (await s.stats()).rssMiB;
  return {
    streams,
    pointsFed: fed,
    rssMiB: { before, withStreams, peakWhileFed: peak, afterFeed: after, afterClose: closed },
    ...(stoppedAtCap ? { stoppedAtRssCapMiB: 8192 } : {}),
  };
}

export async function run(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      points: { type: 'string', default: '3000000' },
      rows: { type: 'string', default: '20000' },
      streams: { type: 'string', default: '500' },
      'flood-seconds': { type: 'string', default: '20' },
      'sse-seconds': { type: 'string', default: '15' },
    },
  });
  const points = Number(values.points);
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: 'shared 2-core host; figures are noisy',
  };
  const s = await startServer({ RONGHE_DURABILITY: 'fsync' });
  try {
    log(`ingesting ${points} points (fsync)`);
    const fsync = await ingest(s, points);
    await drained(s);
    log('export');
    out.export = { points, ...(await exportCsv(s, points)) };
    await settle(s);
    log('import');
    out.import = await importAssets(s, Number(values.rows));
    await settle(s);
    log('login flood');
    out.login = await loginFlood(s, Number(values['flood-seconds']));
    await settle(s);
    log('idle SSE streams');
    out.sse = await idleStreams(s, Number(values.streams), Number(values['sse-seconds']));
    out.ingest = { fsync };
  } finally {
    await s.stop();
  }
  const o = await startServer({ RONGHE_DURABILITY: 'os' });
  try {
    log(`ingesting ${points} points (os)`);
    const os = await ingest(o, points);
    const ing = out.ingest as { fsync: { pointsPerSec: number } };
    out.ingest = {
      ...ing,
      os,
      fsyncCostPercent: Math.round((1 - ing.fsync.pointsPerSec / os.pointsPerSec) * 100),
    };
  } finally {
    await o.stop();
  }
  return out;
}
