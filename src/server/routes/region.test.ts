// Regional pilot programmes end to end over HTTP on each database: the region tenant (bolt) runs
// a programme with a batch and an enterprise unit whose report is submitted, returned with a
// comment, corrected and accepted; statistics are imported from CSV (a bad row refuses the whole
// file with a per-row report) and evaluated. The enterprise tenant (acme) grants its aggregate
// platform indicators to the region tenant: they appear, every read is audited in both tenants,
// and after revoking nothing of the enterprise is visible — as before the grant.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type Who, type World } from '../../../test/http.ts';
import { regionRoutes } from './region.ts';

const system = JSON.parse(readFileSync('src/region/demo/system.json', 'utf8')) as {
  subsystems: Array<{ indicators: Array<{ key: string }> }>;
};
const keys = system.subsystems.flatMap((s) => s.indicators.map((i) => i.key));
const panel = readFileSync('src/region/demo/jiangsu-cities-panel.csv', 'utf8');

describeEachDatabase('region over HTTP', (t) => {
  let w: World;
  let programmeId = '';
  const call = (who: Who, method: string, url: string, payload?: unknown) =>
    w.as(who, {
      method: method as 'GET',
      url: `/api/v1/region${url}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const csv = (who: Who, url: string, body: string) =>
    w.as(who, {
      method: 'POST',
      url: `/api/v1/region${url}`,
      headers: { 'content-type': 'text/csv' },
      payload: body,
    });

  beforeAll(async () => {
    w = await createWorld(t, {
      plugins: async (db) => [{ plugin: (a) => regionRoutes(a, { db }), prefix: '/api/v1/region' }],
    });
    const r = await call('other_admin', 'POST', '/programmes', { name: '两业融合试点', system });
    expect(r.statusCode, r.body).toBe(201);
    programmeId = r.json<{ id: string }>().id;
  });
  afterAll(() => w?.dispose());

  it('runs a report through submit → return → correct → accept', async () => {
    const b = await call('other_admin', 'POST', `/programmes/${programmeId}/batches`, {
      name: '第一批',
      selectedOn: '2024-06-01',
    });
    expect(b.statusCode, b.body).toBe(201);
    const u = await call('other_admin', 'POST', `/programmes/${programmeId}/units`, {
      batchId: b.json<{ id: string }>().id,
      kind: 'enterprise',
      name: '示例制造企业',
      city: 'wuxi',
      industryCode: 'C34',
      paths: ['service-oriented-manufacturing'],
    });
    expect(u.statusCode, u.body).toBe(201);
    const unitId = u.json<{ id: string }>().id;
    const values = Object.fromEntries(keys.map((k, i) => [k, i + 1]));
    const { [keys[0]!]: _first, ...partial } = values;
    const rep = await call('other_admin', 'POST', `/programmes/${programmeId}/reports`, {
      unitId,
      period: 2025,
      dueOn: '2026-03-31',
      values: partial,
    });
    expect(rep.statusCode, rep.body).toBe(201);
    const id = rep.json<{ id: string }>().id;
    // Submitting without every indicator is refused naming the missing one.
    const incomplete = await call('other_admin', 'POST', `/reports/${id}/submit`, {});
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain(`values.${keys[0]}`);
    await call('other_admin', 'PATCH', `/reports/${id}`, { values });
    expect((await call('other_admin', 'POST', `/reports/${id}/submit`, {})).json()).toMatchObject({
      status: 'submitted',
    });
    const noComment = await call('other_admin', 'POST', `/reports/${id}/return`, {});
    expect(noComment.statusCode).toBe(400);
    const ret = await call('other_admin', 'POST', `/reports/${id}/return`, {
      comment: '请补充能耗数据来源',
    });
    expect(ret.json()).toMatchObject({ status: 'returned' });
    const reminders = await call(
      'other_admin',
      'GET',
      `/programmes/${programmeId}/reminders?today=2026-04-02`,
    );
    expect(reminders.json()).toMatchObject({ items: [{ reportId: id, overdue: true }] });
    await call('other_admin', 'PATCH', `/reports/${id}`, { narrative: '已补充' });
    await call('other_admin', 'POST', `/reports/${id}/submit`, {});
    const acc = await call('other_admin', 'POST', `/reports/${id}/accept`, {});
    expect(acc.statusCode, acc.body).toBe(200);
    const done = acc.json<{
      status: string;
      history: Array<{ action: string; comment: string }>;
    }>();
    expect(done.status).toBe('accepted');
    expect(done.history.map((h) => h.action)).toEqual([
      'create',
      'update',
      'submit',
      'return',
      'update',
      'submit',
      'accept',
    ]);
    expect(done.history[3]!.comment).toBe('请补充能耗数据来源');
    // Accepted is final; an unknown indicator is named.
    expect(
      (await call('other_admin', 'POST', `/reports/${id}/return`, { comment: 'x' })).statusCode,
    ).toBe(409);
    const unknown = await call('other_admin', 'POST', `/programmes/${programmeId}/reports`, {
      unitId,
      period: 2024,
      dueOn: '2025-03-31',
      values: { gdp: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('values.gdp');
  });

  it('lists the units and reports of every programme, a report filtered by status', async () => {
    const other = await call('other_admin', 'POST', '/programmes', { name: '第二个试点', system });
    const otherId = other.json<{ id: string }>().id;
    const u = await call('other_admin', 'POST', `/programmes/${otherId}/units`, {
      kind: 'project',
      name: '第二个项目',
      city: 'nanjing',
      industryCode: 'C34',
      paths: ['industrial-internet'],
    });
    expect(u.statusCode, u.body).toBe(201);
    const units = (await call('other_admin', 'GET', '/units')).json<{
      items: Array<{ programmeId: string; name: string }>;
    }>().items;
    expect(units.map((x) => [x.programmeId, x.name])).toEqual([
      [programmeId, '示例制造企业'],
      [otherId, '第二个项目'],
    ]);
    const accepted = await call('other_admin', 'GET', '/reports?status=accepted');
    expect(accepted.json()).toMatchObject({ items: [{ programmeId, status: 'accepted' }] });
    expect((await call('other_admin', 'GET', '/reports?status=submitted')).json()).toEqual({
      items: [],
    });
    // Another tenant's lists hold none of them.
    expect((await call('tenant_admin', 'GET', '/units')).json()).toEqual({ items: [] });
  });

  it('imports statistics all or nothing with a per-row report, then evaluates them', async () => {
    const lines = panel.trimEnd().split('\n');
    const bad = [...lines];
    bad[3] = bad[3]!.replace(/,([\d.]+)$/, ',n/a');
    const refused = await csv(
      'other_admin',
      `/programmes/${programmeId}/statistics`,
      bad.join('\n'),
    );
    expect(refused.statusCode).toBe(422);
    const body = refused.json<{
      message: string;
      details: { rows: Array<{ line: number; status: string; errors: unknown[] }> };
    }>();
    expect(body.message).toContain('line 4, logistics_cost_ratio');
    expect(body.details.rows.filter((r) => r.status === 'failed')).toEqual([
      {
        line: 4,
        unit: 'nanjing',
        year: 2021,
        status: 'failed',
        errors: [{ column: 'logistics_cost_ratio', reason: "'n/a' is not a number" }],
      },
    ]);
    const none = await call('other_admin', 'GET', `/programmes/${programmeId}/statistics`);
    expect(none.json()).toEqual({ items: [] });
    const ok = await csv('other_admin', `/programmes/${programmeId}/statistics`, panel);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ imported: 65 });
    const ev = await call('other_admin', 'POST', `/programmes/${programmeId}/evaluate`, {
      weights: 'combined',
    });
    expect(ev.statusCode, ev.body).toBe(200);
    const r = ev.json<{
      rows: Array<{ unit: string; year: number; D: number; rank: number }>;
      trends: { cities: unknown[] };
    }>();
    expect(r.rows).toHaveLength(65);
    expect(r.trends.cities).toHaveLength(13);
    const ranks2023 = r.rows
      .filter((x) => x.year === 2023)
      .map((x) => x.rank)
      .sort((a, b) => a - b);
    expect(ranks2023).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const out = await call(
      'other_admin',
      'GET',
      `/programmes/${programmeId}/evaluation.csv?bom=false`,
    );
    expect(out.body.split('\r\n')[0]).toBe(
      'unit,name,city,year,U1,U2,C,T,D,class,lagging,rank,change',
    );
  });

  it('refuses an unknown column and a constant indicator, naming them', async () => {
    const p = await call('other_admin', 'POST', '/programmes', { name: 'Bad input', system });
    const id = p.json<{ id: string }>().id;
    const lines = panel.trimEnd().split('\n');
    const extra = lines.map((l, i) => `${l},${i === 0 ? 'gdp' : '1'}`).join('\n');
    const unknown = await csv('other_admin', `/programmes/${id}/statistics`, extra);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ message: string }>().message).toContain('line 1, gdp');
    // The same value of hitech_share in every row: max = min.
    const col = lines[0]!.split(',').indexOf('hitech_share');
    const constant = lines
      .map((l, i) =>
        i === 0
          ? l
          : l
              .split(',')
              .map((v, k) => (k === col ? '30' : v))
              .join(','),
      )
      .join('\n');
    expect((await csv('other_admin', `/programmes/${id}/statistics`, constant)).statusCode).toBe(
      200,
    );
    const ev = await call('other_admin', 'POST', `/programmes/${id}/evaluate`, {});
    expect(ev.statusCode).toBe(422);
    expect(ev.json<{ message: string }>().message).toMatch(
      /hitech_share: the indicator is constant/,
    );
  });

  it('refuses an inconsistent AHP matrix naming the subsystem', async () => {
    const bad = structuredClone(system) as { subsystems: Array<{ ahp?: number[][] }> };
    const m = [
      [1, 9, 1 / 9, 1, 1],
      [1 / 9, 1, 9, 1, 1],
      [9, 1 / 9, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ];
    bad.subsystems[0]!.ahp = m;
    const p = await call('other_admin', 'POST', '/programmes', { name: 'AHP check', system: bad });
    const id = p.json<{ id: string }>().id;
    await csv('other_admin', `/programmes/${id}/statistics`, panel);
    const ev = await call('other_admin', 'POST', `/programmes/${id}/evaluate`, { weights: 'ahp' });
    expect(ev.statusCode).toBe(422);
    expect(ev.json<{ message: string }>().message).toMatch(/subsystems\[0\]\.ahp: .*CR = /);
  });

  describe('platform indicators across tenants', () => {
    const auditCount = async (tenantId: string, action: string) =>
      (
        await w.db.kysely
          .selectFrom('audit_log')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('action', '=', action)
          .execute()
      ).length;

    it('shows nothing of an enterprise without a grant', async () => {
      expect((await call('other_admin', 'GET', '/platform-indicators')).json()).toEqual({
        items: [],
      });
      const one = await call('other_admin', 'GET', `/platform-indicators/${w.tenantA.id}`);
      expect(one.statusCode).toBe(404);
      expect(one.body).not.toContain('Acme');
      // by slug alike
      const bySlug = await call('other_admin', 'GET', `/platform-indicators/${w.tenantA.slug}`);
      expect(bySlug.statusCode).toBe(404);
      expect(await auditCount(w.tenantA.id, 'region.indicators.read')).toBe(0);
    });

    it('grants, reads with audit on both sides, and revokes', async () => {
      expect((await call('engineer', 'POST', '/grants', { regionTenant: 'bolt' })).statusCode).toBe(
        403,
      );
      await w.db.kysely
        .updateTable('assets')
        .set({ last_seen_at: Date.now() - 86_400_000 })
        .where('id', '=', w.assets.A1)
        .execute();
      const g = await call('tenant_admin', 'POST', '/grants', {
        regionTenant: 'bolt',
        revenueFen: 1_000_000,
      });
      expect(g.statusCode, g.body).toBe(201);
      const grantId = g.json<{ id: string }>().id;
      expect(
        (await call('tenant_admin', 'POST', '/grants', { regionTenant: 'bolt' })).statusCode,
      ).toBe(409);
      const list = await call('other_admin', 'GET', '/platform-indicators');
      const items = list.json<{
        items: Array<{ enterpriseTenant: { slug: string }; indicators: Record<string, unknown> }>;
      }>().items;
      expect(items).toHaveLength(1);
      expect(items[0]!.enterpriseTenant.slug).toBe('acme');
      expect(items[0]!.indicators).toMatchObject({
        assets: 3,
        workOrdersHandled: 0,
        customisedOrders: 0,
        serviceRevenueShare: 0,
      });
      expect(items[0]!.indicators.remotelyMonitoredShare).toBeCloseTo(1 / 3, 12);
      const one = await call('other_admin', 'GET', `/platform-indicators/${w.tenantA.id}`);
      expect(one.statusCode).toBe(200);
      // the enterprise by its slug, as the grant names the region tenant
      const bySlug = await call('other_admin', 'GET', '/platform-indicators/acme');
      expect(bySlug.json()).toMatchObject({ enterpriseTenant: { id: w.tenantA.id } });
      for (const tenant of [w.tenantA.id, w.tenantB.id]) {
        expect(await auditCount(tenant, 'region.grant.create')).toBe(1);
        expect(await auditCount(tenant, 'region.indicators.read')).toBe(3);
      }
      const rev = await call('tenant_admin', 'POST', `/grants/${grantId}/revoke`);
      expect(rev.json()).toMatchObject({ revokedBy: expect.any(String) });
      expect((await call('other_admin', 'GET', '/platform-indicators')).json()).toEqual({
        items: [],
      });
      expect(
        (await call('other_admin', 'GET', `/platform-indicators/${w.tenantA.id}`)).statusCode,
      ).toBe(404);
      expect(await auditCount(w.tenantB.id, 'region.grant.revoke')).toBe(1);
      expect(await auditCount(w.tenantA.id, 'region.indicators.read')).toBe(3);
      // The enterprise does not see the region's programmes either.
      expect((await call('tenant_admin', 'GET', `/programmes/${programmeId}`)).statusCode).toBe(
        404,
      );
    });
  });
});
