// Kill -9 during ingest: the real server runs as a child process, four writers send line
// protocol, the server is SIGKILLed mid-stream and restarted on the same database; every
// point whose batch was acknowledged (204) must be there with its value.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../storage/index.ts';

const entry = fileURLToPath(new URL('../../bench/telemetry/server.ts', import.meta.url));
const ASSETS = 20;

interface Server {
  child: ChildProcess;
  port: number;
  key: string;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env, RONGHE_BENCH_ASSETS: String(ASSETS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        const info = JSON.parse(out.slice(0, nl)) as { port: number; key: string };
        resolve({ child, ...info });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => c.once('exit', () => r()));

async function post(s: Server, body: string): Promise<number> {
  try {
    const r = await fetch(`http://127.0.0.1:${s.port}/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${s.key}`, 'content-type': 'text/plain' },
      body,
    });
    return r.status;
  } catch {
    return 0; // connection reset by the kill
  }
}

const pgUrl = process.env.RONGHE_TEST_PG_URL;
const targets = [
  { name: 'sqlite', env: (dir: string) => ({ RONGHE_BENCH_DATA: dir }) },
  ...(pgUrl
    ? [
        {
          name: 'postgres',
          env: (_dir: string) => ({
            RONGHE_BENCH_DATABASE_URL: pgUrl,
            RONGHE_BENCH_DATABASE_SCHEMA: schema,
          }),
        },
      ]
    : []),
];
const schema = `t_kill_${randomBytes(4).toString('hex')}`;

describe.each(targets)('SIGKILL during ingest [$name]', ({ env }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-kill-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgUrl) {
      const db = await createDatabase({ url: pgUrl });
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
      await db.close();
    }
  });

  it('keeps every acknowledged point', async () => {
    const first = await startServer(env(dir));
    const base = Date.now() - 3 * 3_600_000;
    const acked: { t: number; asset: number; seq: number }[] = [];
    let seq = 0;
    let killed = false;
    const writer = async (w: number) => {
      while (!killed) {
        const mySeq = seq++;
        const t = base + mySeq * 1000;
        const lines: string[] = [];
        for (let a = w; a < ASSETS; a += 4) {
          const f = Array.from({ length: 10 }, (_, c) => `c${c}=${(mySeq * 10 + c) / 100}`);
          lines.push(`m,asset=A${String(a + 1).padStart(4, '0')} ${f.join(',')} ${t}`);
        }
        const status = await post(first, lines.join('\n'));
        if (status === 204)
          for (let a = w; a < ASSETS; a += 4) acked.push({ t, asset: a, seq: mySeq });
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startServer({ ...env(dir), RONGHE_BENCH_KEY: first.key });
    try {
      for (let a = 0; a < ASSETS; a++) {
        const mine = acked.filter((p) => p.asset === a);
        for (const c of [0, 9]) {
          const q = `asset=A${String(a + 1).padStart(4, '0')}&channel=c${c}&from=${base}&to=${base + 86_400_000}&limit=100000`;
          const r = await fetch(`http://127.0.0.1:${second.port}/api/v1/telemetry/raw?${q}`, {
            headers: { authorization: `Token ${first.key}` },
          });
          const got = new Map(((await r.json()) as { points: [number, number][] }).points);
          for (const p of mine) expect(got.get(p.t)).toBe((p.seq * 10 + c) / 100);
        }
      }
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
