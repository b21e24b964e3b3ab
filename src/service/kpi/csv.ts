// The KPIs as CSV (RFC 4180): one line per group (or one `total` line), a fixed header, ids and
// names quoted when they need it. The HTTP edge adds the UTF-8 byte-order mark, as every export.
import type { ServiceKpis } from './kpis.ts';

const header = [
  'dimension',
  'key',
  'label',
  'from',
  'to',
  'assets',
  'failures',
  'repairs',
  'mtbf_hours',
  'mttr_hours',
  'down_hours',
  'availability',
  'availability_target',
  'first_time_fix_rate',
  'sla_measured',
  'sla_met',
  'sla_compliance',
  'backlog_count',
  'backlog_mean_age_hours',
  'backlog_max_age_hours',
  'parts_qty',
  'parts_cost_fen',
  'labour_hours',
  'cost_fen',
  'revenue_fen',
];

const cell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function line(dimension: string, key: string | null, label: string, k: ServiceKpis): string {
  return [
    dimension,
    key,
    label,
    new Date(k.from).toISOString(),
    new Date(k.to).toISOString(),
    k.assets,
    k.failures,
    k.repairs,
    k.mtbfHours,
    k.mttrHours,
    k.downHours,
    k.availability,
    k.availabilityTarget,
    k.firstTimeFixRate,
    k.sla.measured,
    k.sla.met,
    k.sla.compliance,
    k.backlog.count,
    k.backlog.meanAgeHours,
    k.backlog.maxAgeHours,
    k.parts.reduce((t, p) => t + p.qty, 0),
    k.partsCostFen,
    k.labourHours,
    k.costFen,
    k.revenueFen,
  ]
    .map(cell)
    .join(',');
}

/** One set of KPIs (a total) or one line per group. */
export function kpisToCsv(
  k:
    | ServiceKpis
    | { dimension: string; groups: Array<ServiceKpis & { key: string | null; label: string }> },
): string {
  const lines =
    'groups' in k
      ? k.groups.map((g) => line(k.dimension, g.key, g.label, g))
      : [line('total', null, '', k)];
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
