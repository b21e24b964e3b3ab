// Rules and alarms through HTTP on the real pipeline: a rule stored over the API, telemetry
// written over /write, the alarm raised by the engine running in the ingest path, then
// acknowledged by a technician and hidden from a viewer of another customer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createApiKey } from '../../identity/index.ts';

describeEachDatabase('monitoring over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let key: string;
  beforeAll(async () => {
    ({ w } = world = await createMonitoringWorld(t));
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'k', role: 'engineer' })).key;
  });
  afterAll(() => world?.close());

  it('refuses a rule naming an unknown channel, with its position, and stores nothing', async () => {
    const res = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${w.models.A}`,
      payload: {
        id: 'low-cop',
        severity: 'major',
        kind: 'expression',
        when: 'cop < 3 && flwo > 1',
      },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { message: string }).message).toMatch(
      /column \d+.*unknown channel 'flwo'/,
    );
    const list = await w.as('engineer', {
      method: 'GET',
      url: `/api/v1/monitoring/rules?modelId=${w.models.A}`,
    });
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json() as { own: unknown[] }).own).toEqual([]);
    const other = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${w.models.B}`,
      payload: {
        id: 'x',
        severity: 'major',
        kind: 'threshold',
        value: 'cop',
        op: 'below',
        limit: 3,
      },
    });
    expect(other.statusCode).toBe(404);
    const viewer = await w.as('viewer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${w.models.A}`,
      payload: {
        id: 'x',
        severity: 'major',
        kind: 'threshold',
        value: 'cop',
        op: 'below',
        limit: 3,
      },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('raises an alarm from telemetry, lets a technician acknowledge it, scopes it by customer', async () => {
    const rule = {
      id: 'low-cop',
      severity: 'major',
      kind: 'threshold',
      value: 'cop',
      op: 'below',
      limit: 3,
      hysteresis: 0.5,
    };
    const saved = await w.as('engineer', {
      method: 'PUT',
      url: `/api/v1/monitoring/rules/models/${w.models.A}`,
      payload: rule,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ saved: 'low-cop', reload: [] });
    const t0 = Date.now() - 10 * 60_000;
    const lines = (asset: string, values: number[]) =>
      values.map((v, i) => `chiller,asset=${asset} cop=${v} ${t0 + i * 60_000}`).join('\n');
    const write = async (body: string) => {
      const res = await w.app.inject({
        method: 'POST',
        url: '/write?precision=ms',
        headers: { authorization: `Token ${key}` },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(204);
    };
    await write(lines('CH-1', [4.5, 4.2, 2.8, 2.5, 2.9]));
    await write(lines('CH-3', [4.5, 2.0]));
    await new Promise((r) => setTimeout(r, 200)); // alarm actions run after the ingest call returns
    const open = (
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: Array<{
          asset: string;
          ruleId: string;
          status: string;
          raisedAt: number;
          value: number;
        }>;
      }
    ).items;
    expect(open.map((a) => [a.asset, a.ruleId, a.status, a.raisedAt]).sort()).toEqual(
      [
        [w.assets.A1, 'low-cop', 'active', t0 + 2 * 60_000],
        [w.assets.A2, 'low-cop', 'active', t0 + 60_000],
      ].sort(),
    );
    const mine = (
      (await w.as('viewer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: Array<{ asset: string }>;
      }
    ).items;
    expect(mine.map((a) => a.asset)).toEqual([w.assets.A1]);
    const forbidden = await w.as('viewer', {
      method: 'POST',
      url: '/api/v1/alarms/acknowledge',
      payload: { asset: w.assets.A1, ruleId: 'low-cop' },
    });
    expect(forbidden.statusCode).toBe(403);
    // No such alarm: 404, as for an asset that does not exist.
    for (const payload of [
      { asset: w.assets.A1, ruleId: 'no-such-rule' },
      { asset: 'NO-SUCH-SERIAL', ruleId: 'low-cop' },
    ]) {
      const missing = await w.as('technician', {
        method: 'POST',
        url: '/api/v1/alarms/acknowledge',
        payload,
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'RONGHE_NOT_FOUND' });
    }
    // The serial stands for the asset id, as it does in telemetry.
    const ack = await w.as('technician', {
      method: 'POST',
      url: '/api/v1/alarms/acknowledge',
      payload: { asset: 'CH-1', ruleId: 'low-cop' },
    });
    expect(ack.json()).toMatchObject({ effects: [{ change: 'acknowledged' }] });
    // Back above 3 + 0.5 hysteresis: the acknowledged alarm clears and closes.
    await write(
      lines(
        'CH-1',
        [0, 0, 0, 0, 0, 3.6, 3.7].map((v, i) => (i < 5 ? 2.5 : v)),
      )
        .split('\n')
        .slice(5)
        .join('\n'),
    );
    await new Promise((r) => setTimeout(r, 200));
    const after = (
      (await w.as('engineer', { method: 'GET', url: '/api/v1/alarms' })).json() as {
        items: Array<{ asset: string }>;
      }
    ).items;
    expect(after.map((a) => a.asset)).toEqual([w.assets.A2]);
    // The closed history keeps the cleared alarm, named, with who acknowledged it.
    type Page = {
      items: Array<{
        id: string;
        asset: string;
        assetName: string;
        assetSerial: string;
        ruleName: string;
        acknowledgedBy?: string;
        status: string;
      }>;
      nextCursor: string | null;
    };
    const page = async (query: string) => {
      const r = await w.as('engineer', { method: 'GET', url: `/api/v1/alarms?${query}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Page;
    };
    const closed = await page('state=closed&assetId=CH-1');
    expect(closed.items).toEqual([
      expect.objectContaining({
        asset: w.assets.A1,
        assetName: 'Chiller 1',
        assetSerial: 'CH-1',
        ruleName: expect.any(String),
        status: 'cleared',
        acknowledgedBy: expect.any(String),
      }),
    ]);
    // One row a page over open and closed: every alarm once, newest raise first.
    const first = await page('state=all&limit=1');
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`state=all&limit=1&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((a) => a.asset)).toEqual([
      w.assets.A1,
      w.assets.A2,
    ]);
    expect((await page('state=all&severity=critical')).items).toEqual([]);
    const bad = await w.as('engineer', { method: 'GET', url: '/api/v1/alarms?cursor=nonsense' });
    expect([bad.statusCode, (bad.json() as { message: string }).message]).toEqual([
      400,
      expect.stringMatching(/^cursor:/),
    ]);
    const kpis = await w.as('tenant_admin', {
      method: 'GET',
      url: `/api/v1/alarms/kpis?from=${t0}&to=${t0 + 3_600_000}`,
    });
    expect(kpis.statusCode).toBe(200);
  });

  it('answers 400 naming the rule for a rule of 3,000 terms, and 413 for a huge rule body', async () => {
    const put = (payload: unknown) =>
      w.as('engineer', {
        method: 'PUT',
        url: `/api/v1/monitoring/rules/models/${w.models.A}`,
        payload: payload as Record<string, unknown>,
      });
    const when = Array(3000).fill('cop < 3').join(' || ');
    const big = await put({ id: 'big', severity: 'major', kind: 'expression', when });
    expect(big.statusCode, big.body).toBe(400);
    const body = big.json() as { code: string; message: string };
    expect(body.code).toBe('RONGHE_VALIDATION');
    expect(body.message).toMatch(/big/);
    expect(body.message).toMatch(/deeper than 200|longer than 4000/);
    const deep = Array(300).fill('cop<3').join('||');
    const d = await put({ id: 'deep', severity: 'major', kind: 'expression', when: deep });
    expect(d.statusCode, d.body).toBe(400);
    const huge = {
      id: 'huge',
      severity: 'major',
      kind: 'expression',
      when: 'cop < 3',
      note: 'x'.repeat(1 << 20),
    };
    const h = await put(huge);
    expect(h.statusCode).toBe(413);
    expect((h.json() as { code: string }).code).toBe('RONGHE_PAYLOAD_TOO_LARGE');
  });

  it("keeps a model's tenant-wide rules from a customer's user, who reads its own assets' rules", async () => {
    const get = (who: 'viewer' | 'engineer', q: string) =>
      w.as(who, { method: 'GET', url: `/api/v1/monitoring/rules?${q}` });
    const byModel = await get('viewer', `modelId=${w.models.A}`);
    expect(byModel.statusCode).toBe(403);
    expect(byModel.json()).toMatchObject({ code: 'RONGHE_FORBIDDEN' });
    expect((byModel.json() as { message: string }).message).toMatch(/assetId/);
    expect((await get('engineer', `modelId=${w.models.A}`)).statusCode).toBe(200);
    const own = await get('viewer', `assetId=${w.assets.A1}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toHaveProperty('resolved');
    // Another customer's asset is as unknown to the viewer as a missing one.
    expect((await get('viewer', `assetId=${w.assets.A2}`)).statusCode).toBe(404);
  });
});
