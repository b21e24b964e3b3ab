// The alarm journal over HTTP on each database (issue #18): a full alarm lifecycle driven by
// telemetry and operator actions, then its history read back whole, filtered and paged, with
// names; operator actions and rule changes in the audit log.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createApiKey, listAudit } from '../../identity/index.ts';

interface Row {
  id: string;
  alarmId: string | null;
  asset: string;
  assetName: string | null;
  assetSerial: string | null;
  ruleName: string;
  action: string;
  actor: string | null;
  detail: Record<string, unknown> | null;
  at: number;
}
type Page = { items: Row[]; nextCursor: string | null };

const settle = () => new Promise((r) => setTimeout(r, 300)); // alarm actions follow the ingest

describeEachDatabase('alarm journal over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let key: string;
  const t0 = Date.now() - 60 * 60_000;
  const minute = (i: number) => t0 + i * 60_000;
  beforeAll(async () => {
    ({ w } = world = await createMonitoringWorld(t));
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'gw', role: 'engineer' }))
      .key;
  });
  afterAll(() => world?.close());

  const write = async (serial: string, points: Array<[number, number]>) => {
    const res = await w.app.inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: points.map(([ms, v]) => `chiller,asset=${serial} cop=${v} ${ms}`).join('\n'),
    });
    expect(res.statusCode, res.body).toBe(204);
    await settle();
  };
  const post = async (who: 'technician' | 'engineer', url: string, payload: object) => {
    const res = await w.as(who, { method: 'POST', url: `/api/v1/alarms/${url}`, payload });
    expect(res.statusCode, res.body).toBe(200);
  };
  const journal = async (query: string, who: 'engineer' | 'viewer' = 'engineer') => {
    const r = await w.as(who, { method: 'GET', url: `/api/v1/alarms/journal?${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Page;
  };

  it('keeps the whole lifecycle of an alarm after it closes, filtered, paged and named', async () => {
    const rule = {
      id: 'low-cop',
      name: 'COP 过低 COP low',
      severity: 'major',
      kind: 'threshold',
      value: 'cop',
      op: 'below',
      limit: 3,
      hysteresis: 0.5,
    };
    const url = `/api/v1/monitoring/rules/models/${w.models.A}`;
    for (const limit of [3.2, 3]) {
      const saved = await w.as('engineer', { method: 'PUT', url, payload: { ...rule, limit } });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    // raise, return to normal (unacknowledged, so still open), return to alarm
    await write('CH-1', [
      [minute(0), 4.5],
      [minute(1), 2.5],
      [minute(2), 3.7],
      [minute(3), 2.4],
    ]);
    await post('technician', 'comment', { asset: 'CH-1', ruleId: 'low-cop', text: '现场检查中' });
    await post('engineer', 'assign', { asset: 'CH-1', ruleId: 'low-cop', to: '张工' });
    await post('engineer', 'shelve', {
      asset: 'CH-1',
      ruleId: 'low-cop',
      reason: 'sensor swap',
      minutes: 30,
    });
    await post('technician', 'acknowledge', { asset: 'CH-1', ruleId: 'low-cop' });
    // Cleared after the operator actions, and acknowledged: the alarm closes.
    await write('CH-1', [[Date.now() + 1, 3.8]]);
    await write('CH-3', [[minute(0), 2.0]]); // another customer's asset

    const open = await w.as('engineer', { method: 'GET', url: '/api/v1/alarms?assetId=CH-1' });
    expect((open.json() as Page).items).toEqual([]);

    const all = await journal('assetId=CH-1&order=asc');
    expect(all.items.map((r) => r.action)).toEqual([
      'raised',
      'cleared',
      'returned',
      'commented',
      'assigned',
      'shelved',
      'acknowledged',
      'cleared',
      'closed',
    ]);
    const alarmId = all.items[0]!.alarmId!;
    expect(new Set(all.items.map((r) => r.alarmId))).toEqual(new Set([alarmId]));
    expect(all.items[0]).toMatchObject({
      asset: w.assets.A1,
      assetName: 'Chiller 1',
      assetSerial: 'CH-1',
      ruleName: 'COP 过低 COP low',
      actor: null,
      at: minute(1),
    });
    const byAction = new Map(all.items.map((r) => [r.action, r]));
    const technician = byAction.get('commented')?.actor;
    expect(technician).toEqual(expect.any(String));
    expect(byAction.get('commented')?.detail).toEqual({ text: '现场检查中' });
    expect(byAction.get('assigned')).toMatchObject({ detail: { to: '张工' } });
    expect(byAction.get('assigned')?.actor).not.toBe(technician); // the engineer
    expect(byAction.get('shelved')).toMatchObject({ detail: { reason: 'sensor swap' } });
    expect(byAction.get('acknowledged')?.actor).toBe(technician);

    // One alarm's history; by action; by the alarm's state now; by time (ISO, tenant zone).
    expect((await journal(`alarmId=${encodeURIComponent(alarmId)}`)).items).toHaveLength(9);
    const comments = await journal('action=commented,acknowledged');
    expect(comments.items.map((r) => r.action)).toEqual(['acknowledged', 'commented']);
    expect((await journal('state=closed')).items).toHaveLength(9);
    expect((await journal('state=open')).items.map((r) => r.assetSerial)).toEqual(['CH-3']);
    const iso = (ms: number) => new Date(ms).toISOString();
    const window = await journal(`from=${iso(minute(1))}&to=${iso(minute(3))}&tz=UTC`);
    expect(window.items.map((r) => r.action)).toEqual(['cleared', 'raised']);

    // Cursor paging: two rows a page, every row once, newest first.
    const seen: Row[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const p = await journal(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items);
      cursor = p.nextCursor;
    }
    const whole = await journal('limit=100');
    expect(seen.map((r) => r.id)).toEqual(whole.items.map((r) => r.id));
    expect(whole.items).toHaveLength(10);

    // A customer's viewer sees only its own assets' history.
    const viewer = await journal('limit=100', 'viewer');
    expect(new Set(viewer.items.map((r) => r.assetSerial))).toEqual(new Set(['CH-1']));
    const bad = await w.as('engineer', { method: 'GET', url: '/api/v1/alarms/journal?action=x' });
    expect(bad.statusCode).toBe(400);
  });

  it('writes rule changes and every operator action to the audit log', async () => {
    const del = await w.as('engineer', {
      method: 'DELETE',
      url: `/api/v1/monitoring/rules/models/${w.models.A}/low-cop`,
    });
    expect(del.statusCode).toBe(204);
    const audit = await listAudit(w.db.kysely, w.scopeA.tenantId, { limit: 100, offset: 0 });
    const actions = audit.map((a) => a.action);
    for (const a of [
      'rule.create',
      'rule.update',
      'rule.delete',
      'alarm.comment',
      'alarm.assign',
      'alarm.shelve',
      'alarm.acknowledge',
    ])
      expect(actions, a).toContain(a);
    const update = audit.find((a) => a.action === 'rule.update')!;
    expect(update.details).toMatchObject({ before: { limit: 3.2 }, after: { limit: 3 } });
    const comment = audit.find((a) => a.action === 'alarm.comment')!;
    expect(audit.find((a) => a.action === 'alarm.acknowledge')?.actor).toBe(comment.actor);
    expect(comment.details).toMatchObject({ ruleId: 'low-cop', text: '现场检查中' });
  });
});
