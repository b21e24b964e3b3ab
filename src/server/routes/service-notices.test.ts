// SLA warnings and breaches and contract renewal reminders over HTTP on each database: raised
// once per work order (contract) and kind, through the alarm fan-out — a live (SSE) subscriber
// receives them as alarm frames — and not again after a restart (a new scanner on the same
// database); listed at /service/notices within the caller's customers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceWorld, cst, type ServiceWorld } from '../../../test/service-world.ts';
import { createServiceNotices, type ServiceNotice, type WorkOrder } from '../../service/index.ts';
import { noticePortOf } from './service.ts';

describeEachDatabase('service notices', (t) => {
  let s: ServiceWorld;
  let contractId = '';
  const frames: string[] = [];
  let off = () => undefined as void;
  const json = <T>(r: { json(): unknown }) => r.json() as T;
  const scanner = () =>
    createServiceNotices({
      db: s.w.db,
      port: () => noticePortOf(s.monitoring),
      renewalDays: 30,
      clock: () => s.clock.now,
    });
  const tick = async (n = scanner()) => {
    const raised = await n.tick();
    await s.monitoring.notify.idle();
    return raised.map((x: ServiceNotice) => x.kind);
  };

  beforeAll(async () => {
    s = await createServiceWorld(t);
    const workday = [{ start: '09:00', end: '18:00' }];
    const c = await s.call('engineer', 'POST', '/contracts', {
      customerId: s.w.customers.A1,
      name: 'Suzhou H1 2026',
      kind: 'full_service',
      validFrom: '2026-01-01',
      validTo: '2026-06-20',
      assetIds: [s.w.assets.A1],
      sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
        holidays: [],
        workdays: [],
      },
    });
    expect(c.statusCode, c.body).toBe(201);
    contractId = json<{ id: string }>(c).id;
    off = s.monitoring.notify.connect(s.w.tenantA.id, 'watcher', null, (f) => frames.push(f));
  });
  afterAll(async () => {
    off();
    await s?.close();
  });

  it('warns before the response SLA is breached, then raises the breach, once each', async () => {
    s.clock.now = cst('2026-05-11T09:00'); // Monday; the contract ends in 40 days: no reminder
    const wo = json<WorkOrder>(
      await s.call('technician', 'POST', '/work-orders', {
        assetId: s.w.assets.A1,
        title: 'Compressor trips',
        priority: 'high',
      }),
    );
    expect(await tick()).toEqual([]);
    s.clock.now = cst('2026-05-11T10:40'); // 100 of 120 minutes: past the 80 % warning
    expect(await tick()).toEqual(['sla.response.warning']);
    expect(await tick()).toEqual([]);
    s.clock.now = cst('2026-05-11T11:05'); // 125 minutes: breached
    expect(await tick()).toEqual(['sla.response.breached']);
    // A restart: a new scanner on the same database raises nothing again.
    expect(await tick(scanner())).toEqual([]);
    const alarms = frames
      .filter((f) => f.includes('event: alarm'))
      .map(
        (f) =>
          JSON.parse(
            f
              .split('\n')
              .find((l) => l.startsWith('data: '))!
              .slice(6),
          ) as {
            change: string;
            alarm: {
              id: string;
              ruleId: string;
              severity: string;
              comments: Array<{ text: string }>;
            };
          },
      );
    expect(alarms.map((a) => [a.change, a.alarm.ruleId, a.alarm.severity])).toEqual([
      ['raised', 'sla.response.warning', 'warning'],
      ['raised', 'sla.response.breached', 'major'],
    ]);
    expect(alarms[1]!.alarm.id.startsWith(`${wo.id}/`)).toBe(true);
    expect(alarms[1]!.alarm.comments[0]!.text).toMatch(/response SLA breached — 125 of 120/);
    const listed = json<{ items: ServiceNotice[] }>(
      await s.call('viewer', 'GET', `/notices?subjectId=${wo.id}`),
    ).items;
    expect(listed.map((n) => n.kind).sort()).toEqual([
      'sla.response.breached',
      'sla.response.warning',
    ]);
  });

  it('reminds of the renewal once, within the configured days before the end', async () => {
    s.clock.now = cst('2026-05-25T09:00'); // 27 days before 2026-06-21 00:00
    const kinds = await tick();
    expect(kinds).toContain('contract.renewal');
    expect(await tick()).not.toContain('contract.renewal');
    const n = json<{ items: ServiceNotice[] }>(
      await s.call('engineer', 'GET', `/notices?subjectId=${contractId}`),
    ).items;
    expect(n.map((x) => [x.kind, x.severity])).toEqual([['contract.renewal', 'warning']]);
    expect(n[0]!.message).toMatch(/Suzhou H1 2026 .* in 27 days: time to renew/);
    // Another customer's user sees none of it.
    expect(
      json<{ items: unknown[] }>(await s.call('other_admin', 'GET', '/notices')).items,
    ).toEqual([]);
  });
});
