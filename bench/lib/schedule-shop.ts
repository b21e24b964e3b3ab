// A garment shop with real calendars (issue 19): 14 stations on 08:00–17:30 weekday shifts with a
// lunch break (540 minutes a day), 40 orders of 5–120 pieces with due dates and priorities, lots
// split into transfer batches of 20 pieces, operations resuming across breaks and nights. The
// instance is built by the same mapping the planner uses (capacity/plan-instance.ts) and solved
// with weighted tardiness first, then makespan. Reported: makespan (working-calendar minutes from
// the plan start), total weighted tardiness (minutes × weight), time, and feasibility.
import {
  buildPlanInstance,
  solve,
  validateSchedule,
  weightedTardiness,
  workingWindows,
  type Objective,
  type PlanOrder,
} from '../../src/manufacturing/index.ts';

const DAY = 86_400_000;
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Park–Miller generator: the same shop for a seed. */
function lcg(seed: number): () => number {
  let s = seed % 2_147_483_647 || 1;
  return () => (s = (s * 48_271) % 2_147_483_647) / 2_147_483_647;
}

const shifts = [
  { days: [1, 2, 3, 4, 5], start: '08:00', end: '12:00' },
  { days: [1, 2, 3, 4, 5], start: '12:30', end: '17:30' },
];
const groups: [string, number, number][] = [
  // operation, stations, minutes per piece
  ['cutting', 3, 2.5],
  ['sewing', 5, 25.1],
  ['embroidery', 2, 6],
  ['finishing', 4, 4],
];

export function shopOrders(seed: number, start: number, count = 40): PlanOrder[] {
  const rnd = lcg(seed);
  return Array.from({ length: count }, (_, i): PlanOrder => {
    const quantity = 5 + Math.floor(rnd() * 116);
    return {
      id: `po-${i + 1}`,
      label: `customer order CO-${1000 + i} / production order po-${i + 1}`,
      quantity,
      weight: 1 + Math.floor(rnd() * 5),
      release: start + Math.floor(rnd() * 5) * DAY,
      due: start + (10 + Math.floor(rnd() * 35)) * DAY,
      transferBatch: 20,
      operations: groups.map(([operation, n, minutes]) => ({
        operation,
        stations: Array.from({ length: n }, (_, k) => ({
          station: `${operation.slice(0, 3).toUpperCase()}${k + 1}`,
          // Older machines are slower: +10 % per station index.
          minutesPerUnit: round(minutes * (1 + 0.1 * k)),
          setupMinutes: 10,
        })),
      })),
    };
  });
}

export function shopInstance(seed: number) {
  const start = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC
  const horizon = start + 56 * DAY;
  const stations = groups.flatMap(([operation, n]) =>
    Array.from({ length: n }, (_, k) => {
      const code = `${operation.slice(0, 3).toUpperCase()}${k + 1}`;
      return { code, windows: workingWindows(shifts, start, horizon) };
    }),
  );
  return buildPlanInstance(stations, shopOrders(seed, start), start, horizon).instance;
}

export function shopBench(seed: number, seconds: number) {
  const instance = shopInstance(seed);
  const rows = (['tardiness', 'makespan'] as Objective[]).map((objective) => {
    const t0 = performance.now();
    const r = solve(instance, { timeLimitMs: seconds * 1000, seed, objective });
    const split = r.schedule.operations.filter((o) => o.segments).length;
    return {
      objective,
      makespanMin: r.makespan,
      totalWeightedTardinessMin: weightedTardiness(instance, r.schedule),
      timeS: round((performance.now() - t0) / 1000),
      timeToBestS: round(r.timeToBestMs / 1000),
      iterations: r.iterations,
      operationsAcrossBreaks: split,
      feasible: validateSchedule(instance, r.schedule).length === 0,
    };
  });
  return {
    instance: 'garment-shop-40',
    stations: instance.machineCount,
    orders: 40,
    subLotJobs: instance.jobs.length,
    operations: instance.jobs.reduce((n, j) => n + j.operations.length, 0),
    timeLimitS: seconds,
    rows,
  };
}
