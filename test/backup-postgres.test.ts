// The PostgreSQL backup procedure of the README while ingest runs: pg_dump -Fc of the live
// database, pg_restore into a new one, and the restored platform holds, per series, exactly
// the acknowledged points up to one cut (the ingest log is a table, so one dump snapshot is
// consistent). Runs only with RONGHE_TEST_PG_URL; it creates and drops two databases.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startPlatform } from '../src/main.ts';

const pgUrl = process.env.RONGHE_TEST_PG_URL;
const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'ronghe-pgbackup-'));
const suffix = randomBytes(4).toString('hex');
const names = { live: `ronghe_bk_live_${suffix}`, restored: `ronghe_bk_rest_${suffix}` };
const urlOf = (db: string) => {
  const u = new URL(pgUrl!);
  u.pathname = `/${db}`;
  return u.toString();
};
async function admin(sql: string) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  if (!pgUrl) return;
  for (const n of Object.values(names)) await admin(`drop database if exists ${n} with (force)`);
});

const configFor = (db: string) =>
  loadConfig({
    RONGHE_DATA_DIR: root,
    RONGHE_DATABASE_URL: urlOf(db),
    // Personal data is sealed with it; PostgreSQL requires it (config-security.ts).
    RONGHE_SECRET_KEY: '5a'.repeat(32),
    RONGHE_PORT: '0',
    RONGHE_HOST: '127.0.0.1',
    RONGHE_MQTT_PORT: '0',
    RONGHE_LOG_LEVEL: 'warn',
    RONGHE_SIMULATE: 'false',
  });

const ASSET = 'HXS-0001';
// Before the demo's eight days of minute history (src/demo-feed.ts), so the only points of
// these channels in the range are the test's own.
const BASE = Math.floor(Date.now() / 1000) * 1000 - 9 * 86_400_000;

it.skipIf(!pgUrl)(
  'pg_dump while ingest runs restores exactly the points up to one cut',
  async () => {
    await admin(`create database ${names.live}`);
    await admin(`create database ${names.restored}`);
    const p = await startPlatform(configFor(names.live), { log: () => undefined });
    const login = await fetch(`${p.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.ronghe.local', password: p.demo!.adminPassword }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const key = (
      (await (
        await fetch(`${p.url}/api/v1/api-keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ name: 'pg backup test' }),
        })
      ).json()) as { key: string }
    ).key;
    const auth = { authorization: `Bearer ${key}` };
    const acked: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let b = 0; !stop; b++) {
        const ts = Array.from({ length: 100 }, (_, i) => BASE + b * 100 + i);
        const body = ts
          .map((t) => `h,asset=${ASSET} supply_temp=${t % 97},return_temp=${t % 89} ${t}`)
          .join('\n');
        const r = await fetch(`${p.url}/write?precision=ms`, {
          method: 'POST',
          headers: auth,
          body,
        });
        if (r.status !== 204) throw new Error(`write: ${r.status}`);
        acked.push(...ts);
      }
    })();
    const dump = join(root, 'ronghe.dump');
    let before = 0;
    try {
      await new Promise((r) => setTimeout(r, 800));
      await p.telemetry.flush(); // some points in chunks, the later ones only in the log table
      await new Promise((r) => setTimeout(r, 800));
      before = acked.length;
      await run('pg_dump', ['-Fc', '-f', dump, urlOf(names.live)]);
    } finally {
      stop = true;
      await writer;
      await p.close();
    }
    await run('pg_restore', ['--no-owner', '-d', urlOf(names.restored), dump]);
    const q = await startPlatform(configFor(names.restored), { log: () => undefined });
    try {
      const cuts = [];
      for (const channel of ['supply_temp', 'return_temp']) {
        // Paged: a fast machine acknowledges more than one page (100,000) before the dump.
        const times: number[] = [];
        for (let from = BASE; ;) {
          const url = `${q.url}/api/v1/telemetry/raw?asset=${ASSET}&channel=${channel}&from=${from}&to=${BASE + 3_000_000}&limit=100000`;
          const page = (await (await fetch(url, { headers: auth })).json()) as {
            points: number[][];
          };
          times.push(...page.points.map((pt) => pt[0]!));
          if (page.points.length < 100_000) break;
          from = times[times.length - 1]! + 1;
        }
        expect(times).toEqual(acked.slice(0, times.length));
        cuts.push(times.length);
      }
      expect(cuts[0]).toBe(cuts[1]);
      expect(cuts[0]).toBeGreaterThanOrEqual(before);
    } finally {
      await q.close();
    }
  },
  180_000,
);
