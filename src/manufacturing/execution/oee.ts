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
import { mergeWindows, overlapMs, type Window } from '../capacity/calendar.ts';

export interface RunInterval {
  start: number;
  /** Undefined while running. */
  end?: number;
  produced: number;
  scrap: number;
  /** PRI: planned minutes per item on this station (from the routing). */
  plannedMinutesPerUnit: number;
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
  const availability = ratio(apt, pbt);
  const effectiveness = ratio(planned, apt);
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
  };
}
