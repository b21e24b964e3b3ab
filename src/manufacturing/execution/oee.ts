// Overall equipment effectiveness per station after ISO 22400-2:2014 (KPIs for manufacturing
// operations management), §5:
//   availability  = APT / PBT   actual production time over planned busy time (the calendar's
//                               working time in the period);
//   effectiveness = PRI·PQ / APT planned run time per item × produced quantity over APT (the
//                               "performance" factor of Nakajima's OEE);
//   quality ratio = GQ / PQ      good quantity over produced quantity (GQ = PQ − scrap);
//   OEE           = availability × effectiveness × quality ratio.
// APT is the union of the reported start→finish intervals clipped to the period (an operation
// still running counts up to `now`); quantities count when the finish falls in the period.
//
// Inputs are checked before the ratios are reported (issue 19): effectiveness cannot exceed 1
// (more pieces than the ideal cycle time allows in the time run), so a value above 100 % or a
// run whose count contradicts its ideal cycle time, or a count with no ideal cycle time, is a
// data error — a wrong planned time per piece in the routing, a count reported twice, or a
// wrong start — and is flagged with its cause; effectiveness and OEE are then not reported
// (null) rather than shown as a number nobody should believe (Nakajima 1988 treats rate > 100 %
// as a sign of a wrong ideal cycle time).
import { mergeWindows, overlapMs, type Window } from '../capacity/calendar.ts';
import type { Localized } from '../../kernel/index.ts';

export interface RunInterval {
  start: number;
  /** Undefined while running. */
  end?: number;
  produced: number;
  scrap: number;
  /** PRI: planned minutes per item on this station (from the routing). */
  plannedMinutesPerUnit: number;
  /** The production order and operation the run belongs to, named in flags. */
  orderId?: string;
  /** How the shop floor knows the order (its customer reference or what it makes). */
  orderName?: Localized;
  op?: number;
  operation?: string;
}

export type OeeFlagCode =
  'performance-above-100' | 'cycle-time-contradicts-counts' | 'ideal-cycle-time-missing';

export interface OeeFlag {
  code: OeeFlagCode;
  /** The run the flag is about (absent for the station's whole period). */
  orderId?: string;
  /** The order as people know it, for the console (the id is for links and the API). */
  orderName?: Localized;
  op?: number;
  /** Effectiveness the inputs imply (e.g. 4.8 for 480 %). */
  performance?: number;
  reason: string;
}

export interface Oee {
  plannedBusyMinutes: number;
  actualProductionMinutes: number;
  producedQuantity: number;
  goodQuantity: number;
  availability: number | null;
  effectiveness: number | null;
  quality: number | null;
  oee: number | null;
  /** Contradictory inputs; when any is present effectiveness and OEE are null. */
  flags: OeeFlag[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function computeOee(
  calendar: Window[],
  runs: RunInterval[],
  from: number,
  to: number,
  now: number,
): Oee {
  const pbt = overlapMs(calendar, from, to) / 60_000;
  const intervals = mergeWindows(
    runs.map((r): Window => [r.start, r.end ?? Math.max(r.start, Math.min(now, to))]),
  );
  const apt = overlapMs(intervals, from, to) / 60_000;
  let produced = 0;
  let good = 0;
  let planned = 0;
  for (const r of runs) {
    if (r.end === undefined || r.end < from || r.end >= to) continue;
    produced += r.produced;
    good += r.produced - r.scrap;
    planned += r.plannedMinutesPerUnit * r.produced;
  }
  const flags = checkRuns(runs, from, to);
  const availability = ratio(apt, pbt);
  const implied = ratio(planned, apt);
  if (implied !== null && implied > 1 + 1e-9) {
    const pct = Math.round(implied * 1000) / 10;
    flags.push({
      code: 'performance-above-100',
      performance: implied,
      reason:
        `effectiveness would be ${pct} %: ${round1(planned)} planned minutes of pieces in ` +
        `${round1(apt)} minutes run; the planned time per piece or the counts are wrong`,
    });
  }
  const effectiveness = flags.length > 0 ? null : implied;
  const quality = ratio(good, produced);
  const oee =
    availability !== null && effectiveness !== null && quality !== null
      ? availability * effectiveness * quality
      : null;
  return {
    plannedBusyMinutes: pbt,
    actualProductionMinutes: apt,
    producedQuantity: produced,
    goodQuantity: good,
    availability,
    effectiveness,
    quality,
    oee,
    flags,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Per finished run: a count with no ideal cycle time, or more pieces than the time allows. */
function checkRuns(runs: RunInterval[], from: number, to: number): OeeFlag[] {
  const flags: OeeFlag[] = [];
  for (const r of runs) {
    if (r.end === undefined || r.end < from || r.end >= to || r.produced === 0) continue;
    const which =
      r.orderId !== undefined
        ? { orderId: r.orderId, ...(r.orderName ? { orderName: r.orderName } : {}), op: r.op ?? 0 }
        : {};
    const order = r.orderName?.en ?? `production order ${r.orderId}`;
    const name =
      r.orderId !== undefined
        ? `${order}, operation ${r.op ?? 0}${r.operation ? ` (${r.operation})` : ''}`
        : 'a run';
    const minutes = (r.end - r.start) / 60_000;
    if (!(r.plannedMinutesPerUnit > 0)) {
      flags.push({
        code: 'ideal-cycle-time-missing',
        ...which,
        reason: `${name} reports ${r.produced} pieces but its routing has no planned time per piece on this station`,
      });
    } else if (r.plannedMinutesPerUnit * r.produced > minutes + 1e-9) {
      const performance = minutes > 0 ? (r.plannedMinutesPerUnit * r.produced) / minutes : Infinity;
      flags.push({
        code: 'cycle-time-contradicts-counts',
        ...which,
        performance,
        reason:
          `${name} reports ${r.produced} pieces in ${round1(minutes)} min, but at the ideal ` +
          `${r.plannedMinutesPerUnit} min per piece they take ${round1(r.plannedMinutesPerUnit * r.produced)} min`,
      });
    }
  }
  return flags;
}
