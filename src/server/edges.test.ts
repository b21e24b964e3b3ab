// Edges and defaults (issue 15, finding 11): security headers on every HTML response, an
// Origin check on cookie-authenticated state-changing requests, and operator endpoints that
// show no other tenant's figures.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver } from '../assets/index.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { telemetryRoutes } from './routes/telemetry.ts';

describeEachDatabase('HTTP edges', (t) => {
  let w: World;
  let telemetry: TelemetryService;
  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => {
        telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
        return [
          { plugin: (f) => telemetryRoutes(f, { telemetry }) },
          {
            // Stands in for the console's index.html: any route that answers HTML.
            plugin: async (f) => {
              f.get('/console-test', { config: { permission: 'public' } }, (_req, reply) =>
                reply.type('text/html').send('<!doctype html><title>x</title>'),
              );
            },
          },
        ];
      },
    });
  });
  afterAll(async () => {
    await telemetry.close();
    await w.dispose();
  });

  const htmlHeaders = (h: Record<string, unknown>) => {
    const csp = String(h['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('no-referrer');
  };

  it('sends CSP, nosniff, frame and referrer headers on every HTML response', async () => {
    for (const url of ['/', '/console-test', '/docs/']) {
      const r = await w.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(String(r.headers['content-type']), url).toMatch(/^text\/html/);
      htmlHeaders(r.headers);
    }
    // Swagger UI still loads: its page has no inline script, its scripts are same-origin.
    const docs = await w.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    for (const src of docs.body.matchAll(/<script src="([^"]+)"/g)) {
      const js = await w.app.inject({
        method: 'GET',
        url: new URL(src[1]!, 'http://x/docs/').pathname,
      });
      expect(js.statusCode, src[1]).toBe(200);
    }
    const json = await w.app.inject({ method: 'GET', url: '/healthz' });
    expect(json.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a cross-site state-changing request authenticated by the session cookie', async () => {
    const line = `chiller,asset=CH-1 cop=4.5 ${Date.now() - 60_000}`;
    const write = (headers: Record<string, string>, who: 'engineer' = 'engineer') =>
      w.as(who, {
        method: 'POST',
        url: '/write?precision=ms',
        payload: line,
        headers: { 'content-type': 'text/plain', ...headers },
      });
    const evil = await write({ origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toMatchObject({ code: 'RONGHE_CROSS_ORIGIN' });
    const fetchMeta = await write({ 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.statusCode).toBe(403);
    expect(fetchMeta.json()).toMatchObject({ code: 'RONGHE_CROSS_ORIGIN' });
    const nullOrigin = await write({ origin: 'null' });
    expect(nullOrigin.statusCode).toBe(403);
    const json = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/assets',
      payload: { name: 'n', serial: 'XS-1' },
      headers: { origin: 'https://evil.example' },
    });
    expect(json.statusCode).toBe(403);
    // The console itself, and tools that send no Origin, still work.
    expect((await write({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(
      204,
    );
    expect((await write({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(204);
    expect((await write({})).statusCode).toBe(204);
    // Reads are not state-changing.
    const read = await w.as('engineer', {
      method: 'GET',
      url: '/api/v1/assets',
      headers: { origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
    // A bearer credential is not sent by a browser on its own: unaffected.
    const bearer = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      payload: line,
      headers: {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
        authorization: `Bearer ${w.tokens.engineer}`,
      },
    });
    expect(bearer.statusCode).toBe(204);
  });

  it('shows each tenant only its own series and buffered points in telemetry status', async () => {
    const body = `chiller,asset=CH-1 cop=4.25 ${Date.now() - 30_000}`;
    expect(
      (
        await w.app.inject({
          method: 'POST',
          url: '/write?precision=ms',
          payload: body,
          headers: { 'content-type': 'text/plain', authorization: `Bearer ${w.tokens.engineer}` },
        })
      ).statusCode,
    ).toBe(204);
    const statusOf = async (who: 'tenant_admin' | 'other_admin') =>
      (await w.as(who, { method: 'GET', url: '/api/v1/telemetry/status' })).json() as {
        series: number;
        bufferedPoints: number;
      };
    const a = await statusOf('tenant_admin');
    const b = await statusOf('other_admin');
    expect(a.series).toBeGreaterThan(0);
    expect(b.series).toBe(0);
    expect(b.bufferedPoints).toBe(0);
    expect(a.bufferedPoints).toBeGreaterThan(0);
  });

  it('/metrics has process and route figures only, nothing that names a tenant or asset', async () => {
    const m = await w.app.inject({ method: 'GET', url: '/metrics' });
    expect(m.statusCode).toBe(200);
    for (const secret of [w.tenantA.id, w.tenantB.id, 'acme', 'bolt', 'CH-1', w.assets.A1])
      expect(m.body).not.toContain(secret);
  });
});
