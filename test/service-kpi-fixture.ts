// The fixed KPI data set of src/service/kpi/kpis.test.ts (by hand, pure core) and
// src/server/routes/service-kpi.test.ts (the same data in SQLite and PostgreSQL, over HTTP).
import type { KpiOrder } from '../src/service/index.ts';

export const H = 3_600_000;

/** An order of the data set, in hours from the start of the period. */
export interface FixtureOrder {
  name: string;
  asset: 'X' | 'Y';
  tech: 'T1' | 'T2' | null;
  kind?: 'corrective' | 'preventive';
  created: number;
  done?: number;
  cancelled?: number;
  visits?: number;
  response?: boolean | null;
  resolution?: boolean | null;
  labour?: number;
  cost?: number;
}

export const fixtureOrders: FixtureOrder[] = [
  { name: 'o1', asset: 'X', tech: 'T1', created: 10, done: 14, labour: 60 },
  {
    name: 'o2',
    asset: 'X',
    tech: 'T2',
    created: 600,
    done: 608,
    visits: 2,
    resolution: false,
    labour: 120,
    cost: 5000,
  },
  { name: 'o3', asset: 'Y', tech: 'T1', created: -4, done: 2, labour: 45 },
  {
    name: 'o4',
    asset: 'Y',
    tech: 'T2',
    kind: 'preventive',
    created: 1000,
    done: 1001,
    response: null,
    resolution: null,
    labour: 30,
  },
  { name: 'o5', asset: 'X', tech: 'T1', created: 1200 },
  { name: 'o6', asset: 'X', tech: null, created: 1440, cancelled: 1441 },
  { name: 'o7', asset: 'Y', tech: null, created: 2388 },
  { name: 'o8', asset: 'Y', tech: 'T2', created: 2352, done: 2448, labour: 50 },
  { name: 'o9', asset: 'Y', tech: 'T1', created: 470, done: 500, labour: 15 },
  {
    name: 'o10',
    asset: 'X',
    tech: 'T2',
    created: -100,
    done: 1900,
    visits: 3,
    response: false,
    resolution: false,
    labour: 90,
  },
  { name: 'o11', asset: 'X', tech: 'T1', created: -50, done: -40, labour: 100 },
];

/** Movements: on o2 3 × pt_1 consumed and 1 returned; on o10 2 × pt_2; on o11 (before) 1. */
export const fixtureMovements = [
  { order: 'o2', partId: 'pt_1', kind: 'consume', qty: 3, unitCostFen: 1000, at: 605 },
  { order: 'o2', partId: 'pt_1', kind: 'return', qty: 1, unitCostFen: 1000, at: 606 },
  { order: 'o10', partId: 'pt_2', kind: 'consume', qty: 2, unitCostFen: 2500, at: 1800 },
  { order: 'o10', partId: 'pt_2', kind: 'reserve', qty: 5, unitCostFen: 2500, at: 1700 },
  { order: 'o11', partId: 'pt_2', kind: 'consume', qty: 1, unitCostFen: 2500, at: -45 },
];

export const toKpiOrder = (o: FixtureOrder, from: number): KpiOrder => {
  const done = o.done !== undefined;
  return {
    kind: o.kind ?? 'corrective',
    createdAt: from + o.created * H,
    doneAt: done ? from + o.done! * H : null,
    cancelledAt: o.cancelled !== undefined ? from + o.cancelled * H : null,
    visits: o.visits ?? (done ? 1 : 0),
    responseMet: done ? (o.response === undefined ? true : o.response) : null,
    resolutionMet: done ? (o.resolution === undefined ? true : o.resolution) : null,
    labourMinutes: o.labour ?? 0,
    costFen: o.cost ?? 0,
  };
};
