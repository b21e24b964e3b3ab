// Issue 26 (GB/T 22239-2019 8.1.4.3 a–b), over HTTP on each database: a refused request is
// audited for every principal and for no one (outcome, address, client), a flood of refusals
// is one record a minute per principal and route; bulk exports (CSV, audit reads) are audited
// with who, what range, outcome and address; records carry the client (User-Agent), bounded.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createAssetResolver } from '../assets/index.ts';
import { createTelemetryService, type TelemetryService } from '../telemetry/index.ts';
import { telemetryRoutes } from './routes/telemetry.ts';
import { CLIENT_MAX } from './request-client.ts';

interface Row {
  tenant_id: string | null;
  actor: string;
  action: string;
  entity_id: string;
  details: Record<string, unknown>;
}

const UA = 'plant-script/1.4 (line 3)';

describeEachDatabase('refusals and exports audited for everyone', (t) => {
  let w: World;
  let telemetry: TelemetryService | undefined;
  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => {
        const svc = (telemetry = await createTelemetryService({
          db,
          resolver: createAssetResolver(db),
        }));
        return [{ plugin: (f) => telemetryRoutes(f, { telemetry: svc }) }];
      },
    });
  });
  afterAll(async () => {
    await telemetry?.close();
    await w.dispose();
  });

  async function records(action: string, entityId?: string): Promise<Row[]> {
    let q = w.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .orderBy('seq');
    if (entityId) q = q.where('entity_id', '=', entityId);
    return (await q.execute()).map((r) => ({
      tenant_id: r.tenant_id,
      actor: r.actor,
      action: r.action,
      entity_id: r.entity_id,
      details: JSON.parse(r.details ?? '{}') as Record<string, unknown>,
    }));
  }

  it("records a viewer's refusal once for a flood of them, with address and client", async () => {
    for (let i = 0; i < 20; i++) {
      const res = await w.as('viewer', {
        method: 'POST',
        url: '/api/v1/asset-models',
        payload: { name: `m${i}` },
        headers: { 'user-agent': UA },
      });
      expect(res.statusCode).toBe(403);
    }
    const rs = await records('request.refused', 'POST /api/v1/asset-models');
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({
      tenant_id: w.tenantA.id,
      actor: w.actors.viewer,
      details: { status: 403, address: '127.0.0.1', client: UA, role: 'customer_viewer' },
    });
  });

  it('records an unauthenticated refusal by address, not the auth routes', async () => {
    const res = await w.as('anonymous', { method: 'GET', url: '/api/v1/assets' });
    expect(res.statusCode).toBe(401);
    const [r] = await records('request.refused', 'GET /api/v1/assets');
    expect(r).toMatchObject({
      tenant_id: null,
      actor: 'anonymous',
      details: { status: 401, address: '127.0.0.1' },
    });
    await w.as('anonymous', { method: 'GET', url: '/api/v1/auth/me' });
    expect(await records('request.refused', 'GET /api/v1/auth/me')).toEqual([]);
  });

  it('records exports with who, range, outcome and address', async () => {
    const csv = await w.as('viewer', { method: 'GET', url: '/api/v1/assets/export.csv' });
    expect(csv.statusCode).toBe(200);
    const [a] = await records('data.export', 'GET /api/v1/assets/export.csv');
    expect(a).toMatchObject({
      tenant_id: w.tenantA.id,
      actor: w.actors.viewer,
      details: { status: 200, address: '127.0.0.1', query: '' },
    });
    const url = '/api/v1/telemetry/export.csv?assets=CH-1&channels=cop&from=1000&to=2000';
    expect((await w.as('engineer', { method: 'GET', url })).statusCode).toBe(200);
    const bad = '/api/v1/telemetry/export.csv?assets=NOPE&channels=cop&from=1000';
    expect((await w.as('engineer', { method: 'GET', url: bad })).statusCode).toBe(404);
    const route = 'GET /api/v1/telemetry/export.csv';
    const ok = await records('data.export', route);
    const failed = await records('data.export.failed', route);
    expect([...ok, ...failed].map((r) => [r.actor, r.details.status, r.details.query])).toEqual([
      [w.actors.engineer, 200, 'assets=CH-1&channels=cop&from=1000&to=2000'],
      [w.actors.engineer, 404, 'assets=NOPE&channels=cop&from=1000'],
    ]);
  });

  it('keeps a credential put in the query out of the record', async () => {
    const url = '/api/v1/audit?limit=5&token=rk_SECRET_abc';
    const res = await w.as('tenant_admin', { method: 'GET', url });
    const [r, ...more] = await records(
      res.statusCode === 200 ? 'audit.read' : 'audit.read.failed',
      'GET /api/v1/audit',
    );
    expect(more).toEqual([]);
    expect(r!.details).toMatchObject({ status: res.statusCode, query: 'limit=5' });
  });

  it('puts the client of a login into its record, cleaned and bounded', async () => {
    const long = `evil\r\nforged: line ${'x'.repeat(500)}`;
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'viewer@acme.test', password: 'not the password' },
      headers: { 'user-agent': long },
    });
    expect(res.statusCode).toBe(401);
    const rs = await records('auth.login.failed');
    const client = String(rs.at(-1)!.details.client);
    expect(client).toHaveLength(CLIENT_MAX);
    expect(client.startsWith('evil  forged: line x')).toBe(true);
  });
});
