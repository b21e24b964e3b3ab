// KPIs on a fixed data set: 100 days, two assets (4,800 asset-hours), eleven work orders and the
// part movements of two, every expected value worked out by hand in the comments. The same data
// set is loaded into SQLite and PostgreSQL in src/server/routes/service-kpi.test.ts, where the SQL
// aggregation must give these same numbers.
import { describe, expect, it } from 'vitest';
import { computeKpis, revenueInPeriod } from './kpis.ts';
import { kpisToCsv } from './csv.ts';
import {
  fixtureMovements,
  fixtureOrders,
  H,
  toKpiOrder,
} from '../../../test/service-kpi-fixture.ts';

const from = Date.parse('2026-03-20T00:00:00Z');
const to = from + 2400 * H;

describe('service KPIs (pure core)', () => {
  const orders = fixtureOrders.map((o) => toKpiOrder(o, from));
  const moves = fixtureMovements.filter((m) => m.at >= 0 && m.at < 2400);
  const k = computeKpis({ from, to }, 2, orders, moves, { availabilityTarget: 0.98 });

  it('counts failures and repairs', () => {
    // Failures: corrective, created in the period, not cancelled: o1, o2, o5, o7, o8, o9.
    // Repairs: corrective, done in the period: o1, o2, o3, o9, o10.
    expect([k.failures, k.repairs]).toEqual([6, 5]);
  });

  it('computes MTTR, MTBF, availability and first-time fix by hand', () => {
    expect(k.mttrHours).toBe(409.6); // (4 + 8 + 6 + 30 + 2000) / 5
    expect(k.downHours).toBe(1944); // 4 + 8 + 2 (o3 from the start) + 30 + 1900 (o10)
    expect(k.mtbfHours).toBe(476); // (2 × 2400 − 1944) / 6
    expect(k.availability).toBe(0.595); // 1 − 1944 / 4800
    expect(k.availabilityTarget).toBe(0.98);
    expect(k.firstTimeFixRate).toBe(0.6); // o1, o3, o9 of five repairs
  });

  it('computes SLA compliance over orders done with an SLA', () => {
    // o1, o2, o3, o9, o10 (o4 has no SLA); o2 and o10 breached.
    expect(k.sla).toEqual({ measured: 5, met: 3, compliance: 0.6 });
  });

  it('ages the backlog at the end of the period', () => {
    // o5 1200 h, o7 12 h, o8 48 h (done only after the period); o6 was cancelled.
    expect(k.backlog).toEqual({ count: 3, meanAgeHours: 420, maxAgeHours: 1200 });
  });

  it('nets parts against returns and adds the other costs; labour in hours', () => {
    expect(k.parts).toEqual([
      { partId: 'pt_1', qty: 2, costFen: 2000 },
      { partId: 'pt_2', qty: 2, costFen: 5000 },
    ]);
    expect([k.partsCostFen, k.costFen, k.labourHours]).toEqual([7000, 12_000, 6]); // 360 min
  });

  it('spreads a contract price over its validity', () => {
    const y0 = Date.parse('2026-01-01T00:00:00+08:00');
    const y1 = Date.parse('2027-01-01T00:00:00+08:00');
    expect(revenueInPeriod(36_500_000, y0, y1, { from, to })).toBe(10_000_000); // 100 of 365 days
    expect(revenueInPeriod(36_500_000, y0, y1, { from: y1, to: y1 + H })).toBe(0);
  });

  it('has no MTBF or MTTR without failures or repairs, and exports CSV', () => {
    const empty = computeKpis({ from, to }, 2, [], []);
    expect([empty.mtbfHours, empty.mttrHours, empty.firstTimeFixRate]).toEqual([null, null, null]);
    const csv = kpisToCsv(k).split('\r\n');
    expect(csv[0]).toMatch(/^dimension,key,label,from,to,assets,failures,repairs,mtbf_hours/);
    expect(csv[1]).toContain(
      ',2,6,5,476,409.6,1944,0.595,0.98,0.6,5,3,0.6,3,420,1200,4,7000,6,12000,',
    );
  });
});
