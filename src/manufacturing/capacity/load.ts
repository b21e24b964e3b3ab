// Capacity load: planned processing minutes per station (and line) per local day against the
// minutes the station's calendar makes available that day. Utilisation above 1 means the day
// is overbooked (cannot happen in a feasible plan, but can in a what-if of raw demand).
import { localDateKey, localDateOf, nextDate, zonedInstant } from '../../kernel/index.ts';
import { overlapMs, type Window } from './calendar.ts';

export interface PlannedBar {
  station: string;
  start: number;
  end: number;
}

export interface StationLoadInput {
  station: string;
  line: string;
  windows: Window[];
}

export interface DayLoad {
  day: string;
  station: string;
  line: string;
  loadMinutes: number;
  availableMinutes: number;
  utilisation: number | null;
}

/** `days` local days from the one holding `from`, as [start, end) instants. */
export function localDays(from: number, days: number, timeZone: string): [number, number][] {
  const out: [number, number][] = [];
  let date = localDateOf(from, timeZone);
  let start = zonedInstant(date, 0, timeZone);
  for (let i = 0; i < days; i++) {
    date = nextDate(date);
    const end = zonedInstant(date, 0, timeZone);
    out.push([start, end]);
    start = end;
  }
  return out;
}

export function loadPerDay(
  stations: StationLoadInput[],
  bars: PlannedBar[],
  from: number,
  days: number,
  timeZone = 'UTC',
): { stations: DayLoad[]; lines: DayLoad[] } {
  const spans = localDays(from, days, timeZone);
  const out: DayLoad[] = [];
  for (const st of stations) {
    const mine = bars.filter((b) => b.station === st.station).map((b): Window => [b.start, b.end]);
    for (const [a, z] of spans) {
      const load = overlapMs(mine, a, z) / 60_000;
      const avail = overlapMs(st.windows, a, z) / 60_000;
      out.push({
        day: localDateKey(a, timeZone),
        station: st.station,
        line: st.line,
        loadMinutes: load,
        availableMinutes: avail,
        utilisation: avail > 0 ? load / avail : null,
      });
    }
  }
  return { stations: out, lines: byLine(out) };
}

function byLine(rows: DayLoad[]): DayLoad[] {
  const map = new Map<string, DayLoad>();
  for (const r of rows) {
    const key = `${r.line}|${r.day}`;
    const acc = map.get(key) ?? { ...r, station: '*', loadMinutes: 0, availableMinutes: 0 };
    acc.loadMinutes += r.loadMinutes;
    acc.availableMinutes += r.availableMinutes;
    map.set(key, acc);
  }
  return [...map.values()].map((r) => ({
    ...r,
    utilisation: r.availableMinutes > 0 ? r.loadMinutes / r.availableMinutes : null,
  }));
}
