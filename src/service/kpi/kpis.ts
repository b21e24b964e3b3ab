// Service KPIs over a period [from, to) (IEC 60050-192 terms): MTBF, MTTR, first-time-fix rate,
// SLA compliance, backlog and its age, parts consumption. Definitions, so the numbers can be
// checked by hand:
// - a failure is a corrective work order created in the period and not cancelled;
// - a repair is a corrective work order done in the period; its time to restore is done − created;
// - MTTR = mean time to restore of the repairs (hours);
// - MTBF = (assets × period hours − restore hours of the repairs, clipped to the period) / failures;
// - first-time-fix rate = repairs finished in one visit (in progress entered once) / repairs;
// - SLA compliance = orders done in the period with an SLA whose response and resolution clocks
//   were both met / those orders;
// - backlog = orders created before `to`, not done by `to` and not cancelled; age from creation;
// - parts consumption = consumed less returned in the period, per part, in units and fen.
// Pure.
import type { SlaState } from '../sla/index.ts';

const HOUR = 3_600_000;

export interface KpiOrder {
  kind: 'corrective' | 'preventive';
  status: string;
  createdAt: number;
  doneAt: number | null;
  /** When it was cancelled, for cancelled orders. */
  cancelledAt: number | null;
  visits: number;
  response: SlaState | null;
  resolution: SlaState | null;
}

export interface KpiMovement {
  partId: string;
  kind: string;
  qty: number;
  unitCostFen: number;
}

export interface ServiceKpis {
  from: number;
  to: number;
  assets: number;
  failures: number;
  repairs: number;
  mtbfHours: number | null;
  mttrHours: number | null;
  firstTimeFixRate: number | null;
  sla: { measured: number; met: number; compliance: number | null };
  backlog: { count: number; meanAgeHours: number | null; maxAgeHours: number | null };
  parts: Array<{ partId: string; qty: number; costFen: number }>;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

export function computeKpis(
  period: { from: number; to: number },
  assets: number,
  orders: KpiOrder[],
  movements: KpiMovement[],
): ServiceKpis {
  const { from, to } = period;
  const inPeriod = (t: number | null) => t !== null && t >= from && t < to;
  const failures = orders.filter(
    (o) => o.kind === 'corrective' && inPeriod(o.createdAt) && o.status !== 'cancelled',
  ).length;
  const repairs = orders.filter((o) => o.kind === 'corrective' && inPeriod(o.doneAt));
  const restore = repairs.map((o) => (o.doneAt! - o.createdAt) / HOUR);
  const down = repairs.reduce((s, o) => s + (o.doneAt! - Math.max(o.createdAt, from)) / HOUR, 0);
  const up = assets * ((to - from) / HOUR) - down;
  const measured = orders.filter((o) => inPeriod(o.doneAt) && o.resolution !== null);
  const met = measured.filter((o) => o.resolution === 'met' && o.response === 'met').length;
  const open = orders.filter(
    (o) =>
      o.createdAt < to &&
      !(o.doneAt !== null && o.doneAt < to) &&
      !(o.cancelledAt !== null && o.cancelledAt < to),
  );
  const ages = open.map((o) => (to - o.createdAt) / HOUR);
  const parts = new Map<string, { qty: number; costFen: number }>();
  for (const m of movements) {
    const sign = m.kind === 'consume' ? 1 : m.kind === 'return' ? -1 : 0;
    if (!sign) continue;
    const p = parts.get(m.partId) ?? { qty: 0, costFen: 0 };
    p.qty += sign * m.qty;
    p.costFen += sign * m.qty * m.unitCostFen;
    parts.set(m.partId, p);
  }
  const mttr = mean(restore);
  const meanAge = mean(ages);
  return {
    from,
    to,
    assets,
    failures,
    repairs: repairs.length,
    mtbfHours: failures ? round(up / failures) : null,
    mttrHours: mttr === null ? null : round(mttr),
    firstTimeFixRate: repairs.length
      ? round(repairs.filter((o) => o.visits === 1).length / repairs.length)
      : null,
    sla: {
      measured: measured.length,
      met,
      compliance: measured.length ? round(met / measured.length) : null,
    },
    backlog: {
      count: open.length,
      meanAgeHours: meanAge === null ? null : round(meanAge),
      maxAgeHours: ages.length ? round(Math.max(...ages)) : null,
    },
    parts: [...parts.entries()]
      .map(([partId, p]) => ({ partId, ...p }))
      .sort((a, b) => a.partId.localeCompare(b.partId)),
  };
}

/** The KPIs as CSV: one metric per line (metric,value). */
export function kpisToCsv(k: ServiceKpis): string {
  const rows: Array<[string, string | number | null]> = [
    ['from', new Date(k.from).toISOString()],
    ['to', new Date(k.to).toISOString()],
    ['assets', k.assets],
    ['failures', k.failures],
    ['repairs', k.repairs],
    ['mtbf_hours', k.mtbfHours],
    ['mttr_hours', k.mttrHours],
    ['first_time_fix_rate', k.firstTimeFixRate],
    ['sla_measured', k.sla.measured],
    ['sla_met', k.sla.met],
    ['sla_compliance', k.sla.compliance],
    ['backlog_count', k.backlog.count],
    ['backlog_mean_age_hours', k.backlog.meanAgeHours],
    ['backlog_max_age_hours', k.backlog.maxAgeHours],
    ...k.parts.flatMap((p): Array<[string, number]> => [
      [`part_qty:${p.partId}`, p.qty],
      [`part_cost_fen:${p.partId}`, p.costFen],
    ]),
  ];
  return ['metric,value', ...rows.map(([m, v]) => `${m},${v ?? ''}`)].join('\n') + '\n';
}
