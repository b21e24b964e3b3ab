// `ronghe backup` while the platform runs and takes points, `ronghe restore` into another data
// directory: the restored platform holds, for every series, exactly the acknowledged points up
// to one cut — all points acknowledged before the backup started, and the same cut for every
// series — with their values.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startPlatform, type Platform } from '../src/main.ts';
import { allRawPoints } from './raw-points.ts';

const run = promisify(execFile);
const ronghe = (args: string[]) =>
  run(process.execPath, ['bin/ronghe.js', ...args], { timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

const root = mkdtempSync(join(tmpdir(), 'ronghe-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const configFor = (dir: string) =>
  loadConfig({
    RONGHE_DATA_DIR: dir,
    RONGHE_PORT: '0',
    RONGHE_HOST: '127.0.0.1',
    RONGHE_MQTT_PORT: '0',
    RONGHE_LOG_LEVEL: 'warn',
    RONGHE_SIMULATE: 'false',
    RONGHE_ADMIN_PASSWORD: 'backup-test-password',
  });

async function apiKey(p: Platform): Promise<string> {
  const login = await fetch(`${p.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.ronghe.local', password: p.demo!.adminPassword }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const key = await fetch(`${p.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'backup test', role: 'engineer' }),
  });
  return ((await key.json()) as { key: string }).key;
}

const ASSET = 'HXS-0001';
const CHANNELS = ['supply_temp', 'return_temp'];
// Before the demo's eight days of minute history (src/demo-feed.ts), so the only points of
// these channels in the range are the test's own.
const BASE = Math.floor(Date.now() / 1000) * 1000 - 9 * 86_400_000;
const valueOf = (t: number, c: number) => ((t * 7 + c) % 1000) / 10;

it('restores exactly the acknowledged points up to one cut, taken while ingest ran', async () => {
  const live = join(root, 'live');
  const config = configFor(live);
  const p = await startPlatform({ ...config, mqttPort: null }, { log: () => undefined });
  const auth = { authorization: `Bearer ${await apiKey(p)}` };
  const acked: number[] = []; // timestamps, in the order written (one writer: increasing)
  let stop = false;
  const writer = (async () => {
    for (let b = 0; !stop; b++) {
      const ts = Array.from({ length: 100 }, (_, i) => BASE + b * 100 + i);
      const body = ts
        .map(
          (t) =>
            `heat,asset=${ASSET} ${CHANNELS.map((c, i) => `${c}=${valueOf(t, i)}`).join(',')} ${t}`,
        )
        .join('\n');
      const r = await fetch(`${p.url}/write?precision=ms`, { method: 'POST', headers: auth, body });
      if (r.status !== 204) throw new Error(`write: ${r.status} ${await r.text()}`);
      acked.push(...ts);
    }
  })();
  const file = join(root, 'ronghe-backup.db');
  let before = 0;
  let after = 0;
  // A photo on a work order: with the embedded default its bytes are a file under
  // data/attachments/, not a row, and must come back with the database.
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`${BASE}`)]); // JPEG magic
  let photoId = '';
  try {
    const orders = (await (
      await fetch(`${p.url}/api/v1/service/work-orders`, { headers: auth })
    ).json()) as { items: { id: string }[] };
    const up = await fetch(
      `${p.url}/api/v1/service/work-orders/${orders.items[0]!.id}/attachments`,
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'photo',
          name: '现场照片.jpg',
          contentBase64: photo.toString('base64'),
        }),
      },
    );
    expect(up.status).toBe(201);
    photoId = ((await up.json()) as { id: string }).id;
    // Points before the flush are only in the database's chunks (their log segments are
    // dropped); points after it only in the ingest log: the backup needs both.
    await new Promise((r) => setTimeout(r, 800));
    await p.telemetry.flush();
    const compacted = acked.length;
    await new Promise((r) => setTimeout(r, 800));
    before = acked.length;
    expect(before - compacted).toBeGreaterThan(500);
    const backup = await ronghe(['backup', file, '--data', live]);
    after = acked.length;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    // The data directory's key (personal data is sealed with it) goes beside the backup, 0600.
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    expect(backup.stdout).toMatch(
      /ronghe-backup\.db: [\d.]+ MB, with [1-9]\d* batches \([1-9]\d* points\) not yet compacted/,
    );
    // The photo and the demo's signatures: copied beside the backup, the platform's user only.
    expect(backup.stdout).toMatch(/ronghe-backup\.db\.attachments: [1-9]\d* attachment files?/);
    expect(statSync(`${file}.attachments`).mode & 0o777).toBe(0o700);
    // A second backup to the same file is refused, and the first is kept.
    const again = await ronghe(['backup', file, '--data', live]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/RONGHE_CONFLICT: .*ronghe-backup\.db exists/);
    // Restore refuses to replace the database of a running platform.
    const busy = await ronghe(['restore', file, '--data', live]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(
      /RONGHE_CONFLICT: .*ronghe\.db is in use by another process; stop the platform/,
    );
  } finally {
    stop = true;
    await writer;
    await p.close();
  }
  expect(before).toBeGreaterThan(1000);

  // Restore into a data directory that already holds another database: it is moved aside.
  const restoredDir = join(root, 'restored');
  const other = await startPlatform(
    { ...configFor(restoredDir), demo: false, mqttPort: null },
    {
      log: () => undefined,
    },
  );
  await other.close();
  const restore = await ronghe(['restore', file, '--data', restoredDir]);
  expect(restore.code).toBe(0);
  expect(restore.stdout).toMatch(
    /ronghe\.db restored from .*; the database it replaced is in .*before-restore-/,
  );
  const aside = readdirSync(restoredDir).find((f) => f.startsWith('before-restore-'))!;
  expect(readdirSync(join(restoredDir, aside))).toContain('ronghe.db');
  expect(restore.stdout).toMatch(/attachments restored from .*ronghe-backup\.db\.attachments/);

  const q = await startPlatform(
    { ...configFor(restoredDir), mqttPort: null },
    { log: () => undefined },
  );
  try {
    const cuts = [];
    for (const [c, channel] of CHANNELS.entries()) {
      const points = await allRawPoints(q.url, auth, {
        asset: ASSET,
        channel,
        from: BASE,
        to: BASE + 3_000_000,
      });
      const k = points.length;
      // Exactly the first k acknowledged points, with their values: a cut, no gap, no extra.
      expect(points.map((pt) => pt[0])).toEqual(acked.slice(0, k));
      expect(points.every(([t, v]) => v === valueOf(t!, c))).toBe(true);
      cuts.push(k);
    }
    expect(cuts[0]).toBe(cuts[1]);
    expect(cuts[0]).toBeGreaterThanOrEqual(before);
    expect(cuts[0]).toBeLessThanOrEqual(after + 100);
    const restoredPhoto = await fetch(`${q.url}/api/v1/service/attachments/${photoId}`, {
      headers: auth,
    });
    expect(restoredPhoto.status).toBe(200);
    expect(Buffer.from(await restoredPhoto.arrayBuffer()).equals(photo)).toBe(true);
    console.log(
      `backup cut: ${cuts[0]} points per series (${before} acknowledged at start, ${after} at end)`,
    );
  } finally {
    await q.close();
  }
}, 180_000);

it('refuses a file that is not a backup, naming it, and changes nothing', async () => {
  const dir = join(root, 'untouched');
  const bogus = join(root, 'bogus.db');
  writeFileSync(bogus, 'serial,name\n');
  const r = await ronghe(['restore', bogus, '--data', dir]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/RONGHE_INVALID_DATA: .*bogus\.db is not a Ronghe backup/);
  expect(existsSync(join(dir, 'ronghe.db'))).toBe(false);
}, 60_000);
