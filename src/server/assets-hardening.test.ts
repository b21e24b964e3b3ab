// Issue 15: reserved names in the asset registry (#12) and a large CSV import that lets other
// requests through (#7). Over HTTP, on each test database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';

describeEachDatabase('asset registry hardening over HTTP', (t) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(t);
  });
  afterAll(async () => w.dispose());

  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown) =>
    w.as('engineer', { method, url, payload: payload as Record<string, unknown> });
  const expect400 = (r: { statusCode: number; body: string; json(): unknown }, field: RegExp) => {
    expect(r.statusCode, r.body).toBe(400);
    const b = r.json() as { code: string; message: string };
    expect(b.code).toBe('RONGHE_VALIDATION');
    expect(b.message).toMatch(field);
    expect(b.message).toMatch(/reserved/);
  };

  it('refuses __proto__, constructor and prototype as model property and channel keys', async () => {
    for (const key of ['constructor', 'prototype', '__proto__']) {
      const channel = { key, name: 'x', dataType: 'float' };
      const property = { key, name: 'x', dataType: 'number' };
      const body = JSON.parse(JSON.stringify({ name: `M ${key}`, channels: [channel] })) as Record<
        string,
        unknown
      >;
      expect400(await send('POST', '/api/v1/asset-models', body), /channels\[0\]\.key/);
      const props = { name: `P ${key}`, properties: [property] };
      expect400(await send('POST', '/api/v1/asset-models', props), /properties\[0\]\.key/);
    }
  });

  it('refuses reserved names as asset property names, in JSON and in CSV', async () => {
    const created = await send('POST', '/api/v1/assets', {
      name: 'Plain',
      serial: 'RSV-1',
      properties: { constructor: 'x' },
    });
    expect400(created, /properties\.constructor/);
    const patched = await send('POST', '/api/v1/assets', {
      name: 'Plain',
      serial: 'RSV-2',
      properties: { prototype: 1 },
    });
    expect400(patched, /properties\.prototype/);
    for (const key of ['__proto__', 'constructor']) {
      const csv = `serial,name,prop.${key}\nRSV-3,Row,1\n`;
      const r = await w.as('engineer', {
        method: 'POST',
        url: '/api/v1/assets/import',
        payload: csv,
        headers: { 'content-type': 'text/csv' },
      });
      expect(r.statusCode, r.body).toBe(422);
      const b = r.json() as { code: string; message: string };
      expect(b.code).toBe('RONGHE_INVALID_DATA');
      expect(b.message).toMatch(new RegExp(`line 1: .*prop\\.${key}.*reserved`));
    }
    const list = (await w.as('engineer', { method: 'GET', url: '/api/v1/assets?q=RSV' })).json();
    expect((list as { total: number }).total).toBe(0);
  });

  it('lets other requests through while a large CSV import runs, and reports every row', async () => {
    const rows = 1500;
    const lines = ['serial,name,site'];
    for (let i = 0; i < rows; i++) lines.push(`BULK-${i},Bulk ${i},Site ${i % 7}`);
    lines.push(',no serial,');
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    let importDone = false;
    const started = w
      .as('engineer', {
        method: 'POST',
        url: '/api/v1/assets/import',
        payload: lines.join('\n'),
        headers: { 'content-type': 'text/csv' },
      })
      .then((r) => {
        importDone = true;
        return r;
      });
    // Give the import a head start, then ask for /healthz: it must not wait for the import.
    await new Promise((r) => setImmediate(r));
    const health = await w.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(importDone).toBe(false);
    const res = await started;
    counting = false;
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as { ok: number; failed: number; rows: { reason?: string }[] };
    expect(r.ok).toBe(rows);
    expect(r.failed).toBe(1);
    expect(r.rows[rows]!.reason).toBe(`line ${rows + 2}: serial: empty`);
    // The import yields to the event loop between batches of at most 100 rows.
    expect(turns).toBeGreaterThanOrEqual(rows / 100);
  });
});
