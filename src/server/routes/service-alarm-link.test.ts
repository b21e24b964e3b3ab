// The alarm that caused a work order links to it both ways over HTTP on each database: the order
// names its alarm, /service/alarm-links names each alarm's order; closing the order clears the
// alarm or only comments it (request option), audited; the option is refused, naming the field,
// on a transition that is not a close or an order not opened from an alarm.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceWorld, type ServiceWorld } from '../../../test/service-world.ts';
import { listAudit } from '../../identity/index.ts';
import type { WorkOrder } from '../../service/index.ts';

describeEachDatabase('alarm ↔ work order', (t) => {
  let s: ServiceWorld;
  let techId = '';
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    s = await createServiceWorld(t);
    const r = await s.call('engineer', 'POST', '/technicians', {
      name: 'Li Wei',
      skills: [],
      homeLat: null,
      homeLon: null,
      region: '',
    });
    techId = json<{ id: string }>(r).id;
  });
  afterAll(() => s?.close());

  /** Raises an alarm of `ruleId` on A1 and opens its work order, up to done. */
  async function doneFromAlarm(ruleId: string) {
    const monitor = await s.monitoring.tenant(s.w.tenantA.id);
    await monitor.alarms.apply({
      type: 'raise',
      asset: s.w.assets.A1,
      ruleId,
      severity: 'major',
      at: Date.now(),
    });
    const alarm = monitor.alarms.openAlarms().find((a) => a.ruleId === ruleId)!;
    const opened = await s.call(
      'technician',
      'POST',
      `/work-orders/from-alarm/${encodeURIComponent(alarm.id)}`,
    );
    const wo = json<WorkOrder>(opened);
    await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, { technicianId: techId });
    for (const to of ['in_progress', 'done'])
      await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to });
    return { monitor, alarm, wo };
  }

  it('links both ways and clears the alarm on close, audited', async () => {
    const { monitor, alarm, wo } = await doneFromAlarm('high-pressure');
    expect(wo.alarmId).toBe(alarm.id);
    const links = json<{ items: Array<{ alarmId: string; workOrderId: string }> }>(
      await s.call('viewer', 'GET', `/alarm-links?alarmIds=${encodeURIComponent(alarm.id)},x`),
    ).items;
    expect(links).toEqual([{ alarmId: alarm.id, workOrderId: wo.id, status: 'done' }]);
    const notClose = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
      to: 'in_progress',
      alarm: 'clear',
    });
    expect([notClose.statusCode, notClose.json().details[0].field]).toEqual([400, 'alarm']);
    const closed = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
      to: 'closed',
      note: 'valve replaced',
      alarm: 'clear',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(json<{ alarmAction: unknown }>(closed).alarmAction).toEqual({
      alarmId: alarm.id,
      action: 'clear',
      result: 'cleared',
    });
    const after = monitor.alarms.openAlarms().find((a) => a.id === alarm.id)!;
    expect(after.active).toBe(false);
    expect(after.comments.map((c) => c.text)).toContain(
      `Work order ${wo.id} closed: valve replaced`,
    );
    const audit = await listAudit(s.w.db.kysely, s.w.tenantA.id, {
      limit: 50,
      entityId: wo.id,
    });
    expect(audit.map((a) => a.action)).toContain('service.work_order.alarm_clear');
  });

  it('only comments the alarm when asked to, and refuses the option on a manual order', async () => {
    const { monitor, alarm, wo } = await doneFromAlarm('low-flow');
    const closed = await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, {
      to: 'closed',
      alarm: 'comment',
    });
    expect(json<{ alarmAction: { result: string } }>(closed).alarmAction.result).toBe('commented');
    const after = monitor.alarms.openAlarms().find((a) => a.id === alarm.id)!;
    expect([after.active, after.comments.at(-1)?.text]).toEqual([
      true,
      `Work order ${wo.id} closed`,
    ]);
    const manual = json<WorkOrder>(
      await s.call('technician', 'POST', '/work-orders', {
        assetId: s.w.assets.A1,
        title: 'Check',
        priority: 'low',
      }),
    );
    const bad = await s.call('technician', 'POST', `/work-orders/${manual.id}/transitions`, {
      to: 'cancelled',
      alarm: 'comment',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^alarm: /);
    // Nothing half-written: the refused cancel left the order new.
    expect(
      json<WorkOrder>(await s.call('engineer', 'GET', `/work-orders/${manual.id}`)).status,
    ).toBe('new');
  });
});
