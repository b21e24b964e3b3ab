// The scene the service HTTP tests share (split by responsibility into service-flow, -sla,
// -concurrency and -bad-input tests): the service world with Chiller 1 placed in Suzhou, a full
// service contract for Suzhou Group over Chiller 1 and 2 on the 2026 calendar (National Day
// holiday, 调休 Saturdays) with a high-priority SLA of 2 h / 8 h and on-hold pauses, and two
// technicians (Li Wei near the site, Wang Fang in Beijing).
import { expect } from 'vitest';
import { updateAsset } from '../src/assets/index.ts';
import type { TestDatabase } from './databases.ts';
import { createServiceWorld, type ServiceWorld } from './service-world.ts';

const json = <T>(r: { json(): unknown }) => r.json() as T;

const workday = [{ start: '09:00', end: '18:00' }];
export const calendar2026 = {
  timeZone: 'Asia/Shanghai',
  hours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
  holidays: [
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`),
  ],
  workdays: ['2026-09-20', '2026-10-10'],
};

export interface ServiceScene {
  s: ServiceWorld;
  contractA1: string;
  /** Technician ids: li, wang. */
  ids: Record<string, string>;
}

export async function createServiceScene(t: TestDatabase): Promise<ServiceScene> {
  const s = await createServiceWorld(t);
  const ids: Record<string, string> = {};
  let contractA1 = '';
  const { w } = s;
  await updateAsset(w.db, w.scopeA, w.assets.A1, { latitude: 31.32, longitude: 120.6 });
  const c = await s.call('engineer', 'POST', '/contracts', {
    customerId: w.customers.A1,
    name: 'Suzhou full service 2026',
    kind: 'full_service',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    assetIds: [w.assets.A1, w.assets.A1a],
    sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
    pauseOnHold: true,
    availabilityTarget: 0.98,
    calendar: calendar2026,
    entitlements: { visitsPerYear: 4, partsIncluded: true, labourHours: 40 },
    priceFen: 12_000_000,
    notes: 'margin 18 %',
  });
  expect(c.statusCode, c.body).toBe(201);
  contractA1 = json<{ id: string }>(c).id;
  for (const [name, body] of Object.entries({
    li: {
      name: 'Li Wei',
      skills: ['refrigeration'],
      homeLat: 31.3,
      homeLon: 120.62,
      region: 'Suzhou',
    },
    wang: {
      name: 'Wang Fang',
      skills: ['refrigeration', 'electrical'],
      homeLat: 39.9,
      homeLon: 116.4,
      region: 'Beijing',
    },
  })) {
    const r = await s.call('engineer', 'POST', '/technicians', body);
    expect(r.statusCode, r.body).toBe(201);
    ids[name] = json<{ id: string }>(r).id;
  }
  return { s, contractA1, ids };
}
