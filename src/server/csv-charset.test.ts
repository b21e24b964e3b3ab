// CSV in the charsets Chinese offices send (GBK from Excel, UTF-8 with or without BOM) and
// CSV out with a byte-order mark, over HTTP on each database.
// test/fixtures/assets-gbk.csv was made with:
//   printf 'serial,name,site,lifecycle\r\nGBK-1,1号冷水机组（离心式）,苏州工业园区 星湖街 328 号,installed\r\n
//           GBK-2,"溴化锂吸收式机组, 镕铸车间",无锡·惠山 堃源热电,manufactured\r\n' | iconv -f utf-8 -t gbk
// (one printf string; 镕 and 堃 are in GBK but not in GB2312).
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver } from '../assets/index.ts';
import { createAuthenticator } from '../identity/index.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { buildApp } from './app.ts';
import { telemetryRoutes } from './routes/telemetry.ts';

const gbk = readFileSync(new URL('../../test/fixtures/assets-gbk.csv', import.meta.url));
const expected = [
  { serial: 'GBK-1', name: '1号冷水机组（离心式）', site: '苏州工业园区 星湖街 328 号' },
  { serial: 'GBK-2', name: '溴化锂吸收式机组, 镕铸车间', site: '无锡·惠山 堃源热电' },
];
const utf8 = Buffer.from(
  'serial,name,site,lifecycle\r\nGBK-1,1号冷水机组（离心式）,苏州工业园区 星湖街 328 号,installed\r\n' +
    'GBK-2,"溴化锂吸收式机组, 镕铸车间",无锡·惠山 堃源热电,manufactured\r\n',
);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describeEachDatabase('CSV charsets over HTTP', (t) => {
  let world: World | undefined;
  let app: FastifyInstance | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await app?.close();
    await telemetry?.close();
    await world?.dispose();
    app = telemetry = world = undefined;
  });

  async function setup() {
    const w = (world = await createWorld(t));
    const svc = (telemetry = await createTelemetryService({
      db: w.db,
      resolver: createAssetResolver(w.db),
    }));
    const a = (app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      plugins: [{ plugin: (f) => telemetryRoutes(f, { telemetry: svc }) }],
    }));
    await a.ready();
    const as = (opts: InjectOptions) =>
      a.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), authorization: `Bearer ${w.tokens.engineer}` },
      });
    const importCsv = (payload: Buffer, query = '', type = 'text/csv') =>
      as({
        method: 'POST',
        url: `/api/v1/assets/import${query}`,
        payload,
        headers: { 'content-type': type },
      });
    const imported = async () =>
      (
        (await as({ method: 'GET', url: '/api/v1/assets?q=GBK&sort=serial' })).json() as {
          items: Array<{ serial: string; name: string; site: string | null }>;
        }
      ).items.map(({ serial, name, site }) => ({ serial, name, site }));
    return { as, importCsv, imported };
  }

  it('detects a GBK file (Excel on Chinese Windows) and imports its Chinese names intact', async () => {
    const { importCsv, imported } = await setup();
    expect(gbk.includes(Buffer.from('冷水'))).toBe(false); // really not UTF-8
    const r = await importCsv(gbk);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: 2, failed: 0 });
    expect(await imported()).toEqual(expected);
  });

  it('takes ?charset=gbk, UTF-8 with and without BOM, and the Content-Type charset', async () => {
    const { importCsv, imported } = await setup();
    expect((await importCsv(gbk, '?charset=gbk')).json()).toMatchObject({ ok: 2 });
    expect(await imported()).toEqual(expected);
    expect((await importCsv(Buffer.concat([BOM, utf8]))).json()).toMatchObject({ ok: 2 });
    expect(await imported()).toEqual(expected);
    expect((await importCsv(utf8)).json()).toMatchObject({ ok: 2 });
    expect((await importCsv(gbk, '', 'text/csv; charset=GB18030')).json()).toMatchObject({
      ok: 2,
    });
    expect(await imported()).toEqual(expected);
  });

  it('refuses undecodable bytes with the line named and imports nothing', async () => {
    const { importCsv, imported } = await setup();
    const bad = Buffer.concat([
      Buffer.from('serial,name\nGBK-1,ok\nGBK-2,'),
      Buffer.from([0xff, 0xfe, 0x80]),
      Buffer.from('\n'),
    ]);
    const r = await importCsv(bad);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'RONGHE_VALIDATION', details: [{ line: 3 }] });
    expect((r.json() as { message: string }).message).toMatch(
      /^body: line 3 is not valid UTF-8 nor GB18030\/GBK/,
    );
    // A GBK file declared UTF-8 is refused at its first Chinese line, not imported as mojibake.
    const declared = await importCsv(gbk, '?charset=utf-8');
    expect(declared.statusCode).toBe(400);
    expect((declared.json() as { message: string }).message).toMatch(
      /^body: line 2 is not valid UTF-8/,
    );
    const unknown = await importCsv(gbk, '?charset=latin1');
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { message: string }).message).toMatch(
      /^charset: 'latin1' is not supported/,
    );
    expect(await imported()).toEqual([]);
  });

  it('exports assets and telemetry as UTF-8 with a BOM, and without on ?bom=false', async () => {
    const { as, importCsv } = await setup();
    await importCsv(gbk);
    const withBom = await as({ method: 'GET', url: '/api/v1/assets/export.csv' });
    expect(withBom.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(withBom.body).toContain('1号冷水机组（离心式）');
    const without = await as({ method: 'GET', url: '/api/v1/assets/export.csv?bom=false' });
    expect(without.body.startsWith('serial,')).toBe(true);
    // The exported file (BOM included) imports back as it was.
    expect((await importCsv(withBom.rawPayload)).json()).toMatchObject({ failed: 0 });

    const t0 = Date.now() - 60_000;
    const w = await as({
      method: 'POST',
      url: '/write?precision=ms',
      payload: `chiller,asset=GBK-1 cop=4.5 ${t0}`,
      headers: { 'content-type': 'text/plain' },
    });
    expect(w.statusCode).toBe(204);
    const url = `/api/v1/telemetry/export.csv?assets=GBK-1&channels=cop&from=${t0 - 1}`;
    const tel = await as({ method: 'GET', url });
    expect(tel.statusCode).toBe(200);
    expect(tel.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(tel.body).toContain(',4.5');
    const telPlain = await as({ method: 'GET', url: `${url}&bom=false` });
    expect(telPlain.rawPayload[0]).not.toBe(0xef);
    expect(`\uFEFF${telPlain.body}`).toBe(tel.body);
  });
});
