import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';

type AssetJson = {
  id: string;
  serial: string;
  name: string;
  lifecycle: string;
  parentId: string | null;
  level: string;
};

describeEachDatabase('asset registry over HTTP', (t) => {
  let w: World;
  const post = (url: string, payload: object) => w.as('engineer', { method: 'POST', url, payload });
  beforeAll(async () => {
    w = await createWorld(t);
  });
  afterAll(async () => w.dispose());

  it('creates, reads, updates and deletes an asset, validating properties against its model', async () => {
    const bad = await post('/api/v1/assets', {
      name: 'C9',
      serial: 'CH-9',
      modelId: w.models.A,
      properties: { rated_kw: 20000 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'RONGHE_VALIDATION' });
    expect((bad.json() as { message: string }).message).toMatch(
      /properties\.rated_kw.*above the maximum 10000 kW/,
    );
    const unknownProp = await post('/api/v1/assets', {
      name: 'C9',
      serial: 'CH-9',
      modelId: w.models.A,
      properties: { colour: 'red' },
    });
    expect((unknownProp.json() as { message: string }).message).toMatch(/no property 'colour'/);
    const res = await post('/api/v1/assets', {
      name: 'C9',
      serial: 'CH-9',
      modelId: w.models.A,
      customerId: w.customers.A2,
      properties: { rated_kw: 750 },
      installDate: '2024-02-29',
    });
    expect(res.statusCode).toBe(201);
    const a = res.json() as AssetJson;
    expect(a).toMatchObject({ serial: 'CH-9', lifecycle: 'manufactured', level: 'asset' });
    const dup = await post('/api/v1/assets', { name: 'again', serial: 'CH-9' });
    expect(dup.statusCode).toBe(409);
    const patched = await w.as('engineer', {
      method: 'PATCH',
      url: `/api/v1/assets/${a.id}`,
      payload: { name: 'Chiller 9', latitude: 31.3 },
    });
    expect(patched.json()).toMatchObject({ name: 'Chiller 9', latitude: 31.3, serial: 'CH-9' });
    expect(
      (await w.as('engineer', { method: 'DELETE', url: `/api/v1/assets/${a.id}` })).statusCode,
    ).toBe(204);
    expect(
      (await w.as('engineer', { method: 'GET', url: `/api/v1/assets/${a.id}` })).statusCode,
    ).toBe(404);
  });

  it('builds the hierarchy site → system → asset → component and refuses wrong order and cycles', async () => {
    const site = (
      await post('/api/v1/assets', { name: 'Suzhou plant', serial: 'S-1', level: 'site' })
    ).json() as AssetJson;
    const sys = (
      await post('/api/v1/assets', {
        name: 'Chilled water',
        serial: 'SYS-1',
        level: 'system',
        parentId: site.id,
      })
    ).json() as AssetJson;
    const asset = (
      await post('/api/v1/assets', {
        name: 'Chiller',
        serial: 'A-1',
        level: 'asset',
        parentId: sys.id,
      })
    ).json() as AssetJson;
    const comp = await post('/api/v1/assets', {
      name: 'Compressor',
      serial: 'C-1',
      level: 'component',
      parentId: asset.id,
    });
    expect(comp.statusCode).toBe(201);
    const wrong = await post('/api/v1/assets', {
      name: 'Site under asset',
      serial: 'S-2',
      level: 'site',
      parentId: asset.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect((wrong.json() as { message: string }).message).toMatch(
      /a site cannot sit under a asset/,
    );
    const sys2 = (
      await post('/api/v1/assets', {
        name: 'Sub',
        serial: 'SYS-2',
        level: 'system',
        parentId: site.id,
      })
    ).json() as AssetJson;
    const cycle = await w.as('engineer', {
      method: 'PATCH',
      url: `/api/v1/assets/${sys.id}`,
      payload: { parentId: sys.id },
    });
    expect(cycle.statusCode).toBe(400);
    const children = (
      await w.as('engineer', { method: 'GET', url: `/api/v1/assets/${site.id}/children` })
    ).json() as { items: AssetJson[] };
    expect(children.items.map((c) => c.serial).sort()).toEqual(['SYS-1', 'SYS-2']);
    expect(sys2.parentId).toBe(site.id);
    const del = await w.as('engineer', { method: 'DELETE', url: `/api/v1/assets/${site.id}` });
    expect(del.statusCode).toBe(409);
  });

  it('records lifecycle transitions with time and user, and refuses skipped stages', async () => {
    const a = (await post('/api/v1/assets', { name: 'L', serial: 'LC-1' })).json() as AssetJson;
    const skip = await w.as('technician', {
      method: 'POST',
      url: `/api/v1/assets/${a.id}/lifecycle`,
      payload: { to: 'in_service' },
    });
    expect(skip.statusCode).toBe(409);
    expect((skip.json() as { message: string }).message).toMatch(
      /manufactured can move to delivered or retired/,
    );
    for (const to of [
      'delivered',
      'installed',
      'in_service',
      'under_maintenance',
      'in_service',
      'retired',
    ]) {
      const r = await w.as('technician', {
        method: 'POST',
        url: `/api/v1/assets/${a.id}/lifecycle`,
        payload: { to, note: `to ${to}` },
      });
      expect(r.statusCode, to).toBe(200);
    }
    const after = await w.as('technician', {
      method: 'POST',
      url: `/api/v1/assets/${a.id}/lifecycle`,
      payload: { to: 'in_service' },
    });
    expect(after.statusCode).toBe(409);
    const history = (
      await w.as('viewer', { method: 'GET', url: `/api/v1/assets/${w.assets.A1}/lifecycle` })
    ).json() as unknown[];
    expect(history).toHaveLength(1);
    const h = (
      await w.as('engineer', { method: 'GET', url: `/api/v1/assets/${a.id}/lifecycle` })
    ).json() as Array<{ from: string | null; to: string; actor: string; at: number }>;
    expect(h.map((e) => e.to)).toEqual([
      'manufactured',
      'delivered',
      'installed',
      'in_service',
      'under_maintenance',
      'in_service',
      'retired',
    ]);
    expect(h[1]).toMatchObject({ from: 'manufactured', actor: w.actors.technician });
    expect(h.every((e, i) => i === 0 || e.at >= h[i - 1]!.at)).toBe(true);
  });

  it('searches, sorts and pages; % and _ in search text match literally', async () => {
    for (let i = 0; i < 25; i++)
      await post('/api/v1/assets', {
        name: `Pump ${String(i).padStart(2, '0')}`,
        serial: `P_${i}`,
        site: 'Nantong',
      });
    await post('/api/v1/assets', { name: 'Valve 100%', serial: 'PX', site: 'Nantong' });
    const page2 = (
      await w.as('engineer', {
        method: 'GET',
        url: '/api/v1/assets?q=pump&sort=name&order=desc&pageSize=10&page=2',
      })
    ).json() as { items: AssetJson[]; total: number };
    expect(page2.total).toBe(25);
    expect(page2.items.map((a) => a.name)).toEqual([
      'Pump 14',
      'Pump 13',
      'Pump 12',
      'Pump 11',
      'Pump 10',
      'Pump 09',
      'Pump 08',
      'Pump 07',
      'Pump 06',
      'Pump 05',
    ]);
    const pct = (
      await w.as('engineer', { method: 'GET', url: `/api/v1/assets?q=${encodeURIComponent('0%')}` })
    ).json() as { items: AssetJson[] };
    expect(pct.items.map((a) => a.serial)).toEqual(['PX']);
    const underscore = (
      await w.as('engineer', { method: 'GET', url: '/api/v1/assets?q=p_1&pageSize=100' })
    ).json() as { total: number };
    expect(underscore.total).toBe(11); // P_1, P_10 … P_19
  });

  it('round-trips CSV: export, import into another tenant, export again gives the same file', async () => {
    const exported = (
      await w.as('tenant_admin', { method: 'GET', url: '/api/v1/assets/export.csv' })
    ).body;
    expect(exported.split('\r\n')[0]).toBe(
      '\uFEFF' +
        'serial,name,model,customer,parent_serial,level,site,latitude,longitude,install_date,lifecycle,prop.rated_kw',
    );
    // Tenant B gets the same model and customer names, then imports A's file.
    const b = { headers: { 'content-type': 'text/csv' } };
    await w.as('other_admin', {
      method: 'POST',
      url: '/api/v1/asset-models',
      payload: {
        name: 'Centrifugal chiller',
        properties: [
          { key: 'rated_kw', name: 'Rated', unit: 'kW', dataType: 'number', min: 0, max: 10000 },
        ],
      },
    });
    for (const name of ['Suzhou Group', 'Wuxi Hospital'])
      await w.as('other_admin', { method: 'POST', url: '/api/v1/customers', payload: { name } });
    const groupId = (
      (await w.as('other_admin', { method: 'GET', url: '/api/v1/customers' })).json() as Array<{
        id: string;
        name: string;
      }>
    ).find((c) => c.name === 'Suzhou Group')!.id;
    await w.as('other_admin', {
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: 'Suzhou Plant 2', parentId: groupId },
    });
    const imported = await w.as('other_admin', {
      method: 'POST',
      url: '/api/v1/assets/import',
      payload: exported,
      ...b,
    });
    expect(imported.statusCode).toBe(200);
    const report = imported.json() as {
      ok: number;
      failed: number;
      rows: Array<{ status: string; reason?: string }>;
    };
    expect(report.rows.filter((r) => r.status !== 'ok')).toEqual([]);
    const reExported = (
      await w.as('other_admin', { method: 'GET', url: '/api/v1/assets/export.csv' })
    ).body;
    const strip = (csv: string) =>
      csv
        .split('\r\n')
        .filter((l) => !l.startsWith('LOC-1,'))
        .join('\r\n');
    expect(strip(reExported)).toBe(exported);
    // Importing the same file again changes nothing.
    const again = (
      await w.as('other_admin', {
        method: 'POST',
        url: '/api/v1/assets/import',
        payload: exported,
        ...b,
      })
    ).json() as { failed: number };
    expect(again.failed).toBe(0);
    expect(
      strip((await w.as('other_admin', { method: 'GET', url: '/api/v1/assets/export.csv' })).body),
    ).toBe(exported);
  });

  it('imports new assets in batches: a serial twice updates, a parent from the same file resolves, one audit entry each', async () => {
    // The file's new assets are written a batch to a transaction (issue 21); what a row names
    // from earlier in the file is written before it is read.
    const csv = [
      'serial,name,parent_serial,level',
      'BAT-P,Plant,,site',
      'BAT-1,First,BAT-P,asset',
      'BAT-2,Second,,asset',
      'BAT-1,First renamed,BAT-P,asset',
    ].join('\n');
    const res = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/assets/import',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    const r = res.json() as { ok: number; rows: Array<{ value: { action: string; id: string } }> };
    expect(r.ok).toBe(4);
    expect(r.rows.map((x) => x.value.action)).toEqual(['created', 'created', 'created', 'updated']);
    expect(r.rows[3]!.value.id).toBe(r.rows[1]!.value.id);
    const one = (
      await w.as('engineer', { method: 'GET', url: `/api/v1/assets/${r.rows[1]!.value.id}` })
    ).json() as AssetJson & { parentId: string };
    expect(one.name).toBe('First renamed');
    expect(one.parentId).toBe(r.rows[0]!.value.id);
    const created = await w.db.kysely
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'asset.create')
      .where(
        'entity_id',
        'in',
        r.rows.map((x) => x.value.id),
      )
      .execute();
    expect(created.map((c) => c.entity_id).sort()).toEqual(
      [...new Set(r.rows.map((x) => x.value.id))].sort(),
    );
  });

  it('reports each bad CSV row by line and imports the good ones', async () => {
    const csv = [
      'serial,name,model,customer,lifecycle,prop.rated_kw',
      'IMP-1,Good one,Centrifugal chiller,Wuxi Hospital,installed,300',
      'IMP-2,Bad model,No such model,,,',
      'IMP-3,Bad number,Centrifugal chiller,,,"12,5"',
      ',No serial,,,,',
      'IMP-5,Bad stage,,,broken,',
      '"IMP-6","Quoted, with comma",,,,',
    ].join('\n');
    const res = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/assets/import',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    const r = res.json() as {
      ok: number;
      failed: number;
      rows: Array<{ status: string; reason?: string }>;
    };
    expect(r.ok).toBe(2);
    expect(r.failed).toBe(4);
    expect(r.rows.map((x) => x.reason ?? 'ok')).toEqual([
      'ok',
      "line 3: model: no asset model named 'No such model'",
      "line 4: prop.rated_kw: '12,5' is not a number",
      'line 5: serial: empty',
      "line 6: lifecycle: 'broken' is not one of manufactured, delivered, installed, in_service, under_maintenance, retired",
      'ok',
    ]);
    const six = (
      await w.as('engineer', { method: 'GET', url: '/api/v1/assets?q=IMP-6' })
    ).json() as { items: AssetJson[] };
    expect(six.items[0]?.name).toBe('Quoted, with comma');
    const two = (
      await w.as('engineer', { method: 'GET', url: '/api/v1/assets?q=IMP-2' })
    ).json() as { total: number };
    expect(two.total).toBe(0);
    const header = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/assets/import',
      payload: 'id,label\n1,2',
      headers: { 'content-type': 'text/csv' },
    });
    expect(header.statusCode).toBe(422);
    expect((header.json() as { message: string }).message).toMatch(
      /line 1: missing column 'serial'/,
    );
  });
});
