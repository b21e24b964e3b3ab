// The console is served at / with an SPA fallback for HTML navigations only; API, docs and
// probe paths keep their JSON answers and 404s (issue #14).
import { testPersonalKey } from '../../test/databases.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createAuthenticator } from '../identity/index.ts';
import { createDatabase, migrateToLatest, type Db } from '../storage/index.ts';
import { buildApp } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'ronghe-console-'));
const dist = join(root, 'dist');
let db: Db;
const apps: FastifyInstance[] = [];
const html = { accept: 'text/html,application/xhtml+xml' };

async function app(consoleDir: string): Promise<FastifyInstance> {
  const a = await buildApp({ db, authenticator: createAuthenticator(db), consoleDir });
  apps.push(a);
  return a;
}

beforeAll(async () => {
  mkdirSync(join(dist, 'static'), { recursive: true });
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>console</title><div id="root"></div>',
  );
  writeFileSync(join(dist, 'static', 'index-abc.js'), 'console.log(1)');
  // What the build writes beside a large asset (web/vite.config.ts): its compressed copies.
  const big = `export const words = ${JSON.stringify('融合 '.repeat(2000))};`;
  writeFileSync(join(dist, 'static', 'big-abc.js'), big);
  writeFileSync(join(dist, 'static', 'big-abc.js.br'), brotliCompressSync(big));
  writeFileSync(join(dist, 'static', 'big-abc.js.gz'), gzipSync(big));
  db = await createDatabase({ url: join(root, 'ronghe.db'), personalKey: testPersonalKey });
  await migrateToLatest(db);
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

describe('web console routes', () => {
  it('serves index.html at / and for HTML navigations to console paths, uncached', async () => {
    const a = await app(dist);
    for (const url of ['/', '/fleet', '/assets/as_123?from=1', '/alarms']) {
      const r = await a.inject({ url, headers: html });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long cache, and a 404 for a missing one', async () => {
    const a = await app(dist);
    const js = await a.inject({ url: '/static/index-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await a.inject({ url: '/static/nope.js', headers: html })).statusCode).toBe(404);
  });

  it('sends the precompressed copy the browser accepts, with its type and the long cache', async () => {
    const a = await app(dist);
    const url = '/static/big-abc.js';
    const br = await a.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('融合');
    expect(Number(br.headers['content-length'])).toBeLessThan(1000);
    const gz = await a.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await a.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('融合');
    // No copy beside it: the file as it is.
    const small = await a.inject({
      url: '/static/index-abc.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('console.log(1)');
  });

  it('leaves API, docs and probe paths to their JSON 404s', async () => {
    const a = await app(dist);
    for (const url of ['/api/v1/nope', '/api/nope', '/write', '/openapi.json/x', '/metricsx']) {
      const r = await a.inject({ url, headers: html });
      expect(r.statusCode, url).toBe(404);
      expect(r.json().code).toBe('RONGHE_NOT_FOUND');
    }
    const notHtml = await a.inject({ url: '/fleet', headers: { accept: 'application/json' } });
    expect(notHtml.statusCode).toBe(404);
    expect((await a.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await a.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('says how to build the console when web/dist is missing', async () => {
    const a = await app(join(root, 'missing'));
    const r = await a.inject({ url: '/', headers: html });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('npm install &amp;&amp; npm start');
  });
});
