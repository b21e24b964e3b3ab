// Service KPIs over a period [from, to) (IEC 60050-192 terms): MTBF, MTTR, availability against
// the contract's target, first-time-fix rate, SLA compliance, backlog and its age, parts
// consumption, labour, cost and revenue. Definitions, so the numbers can be checked by hand:
// - a failure is a corrective work order created in the period and not cancelled;
// - a repair is a corrective work order done in the period; its time to restore is done − created;
// - MTTR = mean time to restore of the repairs (hours);
// - down time = restore time of the repairs, clipped to the period;
// - MTBF = (assets × period hours − down time) / failures;
// - availability = 1 − down time / (assets × period hours), beside the contract's target;
// - first-time-fix rate = repairs finished in one visit (in progress entered once) / repairs;
// - SLA compliance = orders done in the period with an SLA whose response and resolution clocks
//   were both met (the outcome stored when the order was done) / those orders;
// - backlog = orders created before `to`, not done by `to` and not cancelled by `to`; age from
//   creation to `to`;
// - parts consumption = consumed less returned in the period, per part, in units and fen;
// - cost = parts consumption + other costs booked on the orders done in the period; labour in
//   hours beside it; revenue = the contract price pro rata of the period's share of its validity.
// Both the SQL aggregation (load.ts) and `computeKpis` below reduce orders to the same `KpiSums`
// and finish them with `finishKpis`, so the two can be compared on one data set. Pure.

const HOUR = 3_600_000;

export interface KpiOrder {
  kind: 'corrective' | 'preventive';
  createdAt: number;
  doneAt: number | null;
  cancelledAt: number | null;
  visits: number;
  /** Stored SLA outcome: null for an order without an SLA (or not done). */
  responseMet: boolean | null;
  resolutionMet: boolean | null;
  labourMinutes: number;
  costFen: number;
}

export interface KpiMovement {
  partId: string;
  kind: string;
  qty: number;
  unitCostFen: number;
}

/** What a set of orders reduces to; SQL computes the same sums with one GROUP BY pass. */
export interface KpiSums {
  failures: number;
  repairs: number;
  restoreMs: number;
  downMs: number;
  firstFix: number;
  slaMeasured: number;
  slaMet: number;
  backlog: number;
  backlogAgeMs: number;
  backlogMaxMs: number | null;
  labourMinutes: number;
  costFen: number;
}

export interface PartUse {
  partId: string;
  qty: number;
  costFen: number;
}

export interface ServiceKpis {
  from: number;
  to: number;
  /** Assets the availability is over; null where it means nothing (per technician). */
  assets: number | null;
  failures: number;
  repairs: number;
  mtbfHours: number | null;
  mttrHours: number | null;
  downHours: number;
  availability: number | null;
  availabilityTarget: number | null;
  firstTimeFixRate: number | null;
  sla: { measured: number; met: number; compliance: number | null };
  backlog: { count: number; meanAgeHours: number | null; maxAgeHours: number | null };
  parts: PartUse[];
  partsCostFen: number;
  labourHours: number;
  /** Parts plus other costs booked on the orders; provider-only. */
  costFen: number;
  /** Contract revenue attributed to the period; null outside the contract view. */
  revenueFen: number | null;
}

export interface KpiExtras {
  availabilityTarget?: number | null;
  revenueFen?: number | null;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const ratio = (a: number, b: number) => (b ? round(a / b) : null);

export const emptySums = (): KpiSums => ({
  failures: 0,
  repairs: 0,
  restoreMs: 0,
  downMs: 0,
  firstFix: 0,
  slaMeasured: 0,
  slaMet: 0,
  backlog: 0,
  backlogAgeMs: 0,
  backlogMaxMs: null,
  labourMinutes: 0,
  costFen: 0,
});

/** The definitions above, order by order. */
export function sumOrders(period: { from: number; to: number }, orders: KpiOrder[]): KpiSums {
  const { from, to } = period;
  const s = emptySums();
  for (const o of orders) {
    const doneIn = o.doneAt !== null && o.doneAt >= from && o.doneAt < to;
    if (o.kind === 'corrective' && o.createdAt >= from && o.createdAt < to && !o.cancelledAt)
      s.failures++;
    if (o.kind === 'corrective' && doneIn) {
      s.repairs++;
      s.restoreMs += o.doneAt! - o.createdAt;
      s.downMs += o.doneAt! - Math.max(o.createdAt, from);
      if (o.visits === 1) s.firstFix++;
    }
    if (doneIn && o.resolutionMet !== null) {
      s.slaMeasured++;
      if (o.resolutionMet && o.responseMet) s.slaMet++;
    }
    if (doneIn) {
      s.labourMinutes += o.labourMinutes;
      s.costFen += o.costFen;
    }
    const open =
      o.createdAt < to &&
      !(o.doneAt !== null && o.doneAt < to) &&
      !(o.cancelledAt !== null && o.cancelledAt < to);
    if (open) {
      s.backlog++;
      s.backlogAgeMs += to - o.createdAt;
      s.backlogMaxMs = Math.max(s.backlogMaxMs ?? 0, to - o.createdAt);
    }
  }
  return s;
}

/** Net consumption per part: consumed less returned, in units and fen. */
export function partUse(movements: KpiMovement[]): PartUse[] {
  const parts = new Map<string, { qty: number; costFen: number }>();
  for (const m of movements) {
    const sign = m.kind === 'consume' ? 1 : m.kind === 'return' ? -1 : 0;
    if (!sign) continue;
    const p = parts.get(m.partId) ?? { qty: 0, costFen: 0 };
    p.qty += sign * m.qty;
    p.costFen += sign * m.qty * m.unitCostFen;
    parts.set(m.partId, p);
  }
  return [...parts.entries()]
    .map(([partId, p]) => ({ partId, ...p }))
    .sort((a, b) => a.partId.localeCompare(b.partId));
}

/** From sums to KPIs: the one place ratios and rounding happen. */
export function finishKpis(
  period: { from: number; to: number },
  assets: number | null,
  s: KpiSums,
  parts: PartUse[],
  extras: KpiExtras = {},
): ServiceKpis {
  const { from, to } = period;
  const exposed = assets === null ? null : (assets * (to - from)) / HOUR;
  const down = s.downMs / HOUR;
  const partsCostFen = parts.reduce((t, p) => t + p.costFen, 0);
  return {
    from,
    to,
    assets,
    failures: s.failures,
    repairs: s.repairs,
    mtbfHours: exposed !== null && s.failures ? round((exposed - down) / s.failures) : null,
    mttrHours: s.repairs ? round(s.restoreMs / HOUR / s.repairs) : null,
    downHours: round(down),
    availability: exposed ? round(1 - down / exposed) : null,
    availabilityTarget: extras.availabilityTarget ?? null,
    firstTimeFixRate: ratio(s.firstFix, s.repairs),
    sla: { measured: s.slaMeasured, met: s.slaMet, compliance: ratio(s.slaMet, s.slaMeasured) },
    backlog: {
      count: s.backlog,
      meanAgeHours: s.backlog ? round(s.backlogAgeMs / HOUR / s.backlog) : null,
      maxAgeHours: s.backlogMaxMs === null ? null : round(s.backlogMaxMs / HOUR),
    },
    parts,
    partsCostFen,
    labourHours: round(s.labourMinutes / 60),
    costFen: partsCostFen + s.costFen,
    revenueFen: extras.revenueFen ?? null,
  };
}

/** The KPIs of one set of orders, computed in memory: the reference the SQL is checked against. */
export function computeKpis(
  period: { from: number; to: number },
  assets: number | null,
  orders: KpiOrder[],
  movements: KpiMovement[],
  extras: KpiExtras = {},
): ServiceKpis {
  return finishKpis(period, assets, sumOrders(period, orders), partUse(movements), extras);
}

/**
 * Revenue of a contract attributed to [from, to): its price spread evenly over its validity
 * [validFrom, validTo), times the overlap.
 */
export function revenueInPeriod(
  priceFen: number | null,
  validFrom: number,
  validTo: number,
  period: { from: number; to: number },
): number {
  if (!priceFen || validTo <= validFrom) return 0;
  const overlap = Math.min(validTo, period.to) - Math.max(validFrom, period.from);
  return overlap > 0 ? Math.round((priceFen * overlap) / (validTo - validFrom)) : 0;
}
