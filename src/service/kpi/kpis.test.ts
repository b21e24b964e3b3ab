// KPIs on a fixed data set: ten days, two assets (480 asset-hours), eight work orders and four
// part movements, every expected value worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { computeKpis, kpisToCsv, type KpiOrder } from './kpis.ts';

const H = 3_600_000;
const from = Date.parse('2026-11-01T00:00:00Z');
const to = from + 240 * H;
const at = (hours: number) => from + hours * H;
const order = (o: Partial<KpiOrder> & Pick<KpiOrder, 'createdAt'>): KpiOrder => ({
  kind: 'corrective',
  status: 'done',
  doneAt: null,
  cancelledAt: null,
  visits: 1,
  response: 'met',
  resolution: 'met',
  ...o,
});

const orders: KpiOrder[] = [
  order({ createdAt: at(10), doneAt: at(14) }), // o1: 4 h, one visit, SLA met
  order({ createdAt: at(48), doneAt: at(56), visits: 2, resolution: 'breached' }), // o2: 8 h
  order({ createdAt: at(-4), doneAt: at(2) }), // o3: 6 h, 2 h of it inside the period
  order({
    kind: 'preventive',
    createdAt: at(72),
    doneAt: at(73),
    response: null,
    resolution: null,
  }),
  order({ status: 'in_progress', createdAt: at(120), response: null, resolution: null }), // o5 open
  order({ status: 'cancelled', createdAt: at(144), cancelledAt: at(145) }), // o6
  order({ status: 'new', createdAt: at(228), response: null, resolution: null }), // o7 open
  order({ createdAt: at(192), doneAt: at(245) }), // o8: done after the period
];
const movements = [
  { partId: 'pt_1', kind: 'consume', qty: 3, unitCostFen: 1000 },
  { partId: 'pt_1', kind: 'return', qty: 1, unitCostFen: 1000 },
  { partId: 'pt_2', kind: 'consume', qty: 2, unitCostFen: 2500 },
  { partId: 'pt_2', kind: 'reserve', qty: 5, unitCostFen: 2500 },
];

describe('service KPIs', () => {
  const k = computeKpis({ from, to }, 2, orders, movements);

  it('counts failures and repairs', () => {
    // Failures: corrective, created in the period, not cancelled: o1, o2, o5, o7, o8.
    // Repairs: corrective, done in the period: o1, o2, o3.
    expect([k.failures, k.repairs]).toEqual([5, 3]);
  });

  it('computes MTTR, MTBF and first-time fix by hand', () => {
    expect(k.mttrHours).toBe(6); // (4 + 8 + 6) / 3
    expect(k.mtbfHours).toBe(93.2); // (480 − (4 + 8 + 2)) / 5
    expect(k.firstTimeFixRate).toBe(0.6667); // o1, o3 of three repairs
  });

  it('computes SLA compliance over orders done with an SLA', () => {
    expect(k.sla).toEqual({ measured: 3, met: 2, compliance: 0.6667 }); // o2 breached
  });

  it('ages the backlog at the end of the period', () => {
    // o5 120 h, o7 12 h, o8 48 h (done only after the period); o6 was cancelled.
    expect(k.backlog).toEqual({ count: 3, meanAgeHours: 60, maxAgeHours: 120 });
  });

  it('nets parts consumption against returns, in units and fen', () => {
    expect(k.parts).toEqual([
      { partId: 'pt_1', qty: 2, costFen: 2000 },
      { partId: 'pt_2', qty: 2, costFen: 5000 },
    ]);
  });

  it('has no MTBF or MTTR without failures or repairs, and exports CSV', () => {
    const empty = computeKpis({ from, to }, 2, [], []);
    expect([empty.mtbfHours, empty.mttrHours, empty.firstTimeFixRate]).toEqual([null, null, null]);
    expect(kpisToCsv(k)).toContain('mtbf_hours,93.2\nmttr_hours,6\n');
  });
});
