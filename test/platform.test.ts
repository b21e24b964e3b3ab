// The composition root as `npm start` runs it: empty data dir, demo tenant, live demo feed,
// HTTP on a free port, graceful close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startPlatform } from '../src/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-platform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('starts on an empty data dir with the demo tenant and its feed, restarts on the existing one', async () => {
  const lines: string[] = [];
  const config = loadConfig({
    RONGHE_DATA_DIR: dir,
    RONGHE_PORT: '0',
    RONGHE_HOST: '127.0.0.1',
    RONGHE_MQTT_PORT: '0',
    RONGHE_LOG_LEVEL: 'warn',
  });
  const p = await startPlatform({ ...config, mqttPort: 0 }, { log: (l) => lines.push(l) });
  expect(p.demo?.created).toBe(true);
  expect(p.demo?.adminPassword).toMatch(/^[0-9a-z]{16}$/);
  expect(p.mqtt?.port).toBeGreaterThan(0);
  const health = await fetch(`${p.url}/readyz`);
  expect(await health.json()).toEqual({ status: 'ready', database: 'sqlite' });
  const login = await fetch(`${p.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.ronghe.local', password: p.demo!.adminPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const assets = (await (
    await fetch(`${p.url}/api/v1/assets?level=asset&pageSize=100`, { headers: { cookie } })
  ).json()) as { total: number };
  expect(assets.total).toBe(16); // the simulator's 15 machines and the energy contract's heat meter
  // The service module has demo contracts, technicians, parts and work orders in several states.
  const get = async <T>(path: string) =>
    (await (await fetch(`${p.url}/api/v1/service${path}`, { headers: { cookie } })).json()) as T;
  const orders = await get<{
    items: Array<{ id: string; status: string; contractId: string | null }>;
  }>('/work-orders');
  expect(new Set(orders.items.map((o) => o.status))).toEqual(
    new Set(['new', 'planned', 'assigned', 'in_progress', 'on_hold', 'done', 'closed']),
  );
  // The closed order was signed off with the customer's signature, a PNG kept where the
  // platform keeps attachment bytes (files under the data dir here).
  const closed = orders.items.find((o) => o.status === 'closed')!;
  const { signOff } = await get<{ signOff: { name: string; signatureAttachmentId: string } }>(
    `/work-orders/${closed.id}/sign-off`,
  );
  expect(signOff.name).toBe('王建国');
  const png = await fetch(`${p.url}/api/v1/service/attachments/${signOff.signatureAttachmentId}`, {
    headers: { cookie },
  });
  expect(png.headers.get('content-type')).toBe('image/png');
  expect([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)]).toEqual([
    0x89, 0x50, 0x4e, 0x47,
  ]);
  // The depot's webhook to a private address was refused by the sender: a dead letter to retry
  // or drop (src/demo-monitoring.ts).
  const letters = (await (
    await fetch(`${p.url}/api/v1/alarm-subscriptions/dead-letters`, { headers: { cookie } })
  ).json()) as Array<{ url: string; lastError: string; payload: { kind: string; change: string } }>;
  expect(letters.length).toBeGreaterThan(0);
  expect(letters.at(-1)).toMatchObject({
    url: 'http://192.168.10.30:8080/ronghe/alarms',
    payload: { kind: 'alarm', change: 'raised' },
  });
  expect(letters.at(-1)!.lastError).toMatch(/RefusedAddressError.*RONGHE_WEBHOOK_ALLOW_PRIVATE/);
  expect(orders.items.every((o) => o.contractId !== null)).toBe(true);
  expect((await get<{ items: unknown[] }>('/technicians')).items).toHaveLength(3);
  expect((await get<{ items: unknown[] }>('/parts')).items).toHaveLength(3);
  expect((await get<{ items: unknown[] }>('/contracts')).items.length).toBeGreaterThan(0);
  const latest = (await (
    await fetch(`${p.url}/api/v1/telemetry/latest?assets=HXS-0001&channels=supply_temp`, {
      headers: { cookie },
    })
  ).json()) as Array<{ ts: number }>;
  expect(latest[0]!.ts).toBeGreaterThan(Date.now() - 5 * 60_000);
  expect(lines.some((l) => l.startsWith('demo feed:'))).toBe(true);
  await p.close();

  const again = await startPlatform(
    { ...config, mqttPort: null, simulate: false },
    { log: () => undefined },
  );
  expect(again.demo?.created).toBe(false);
  await again.close();
});
