// Capacity load: planned processing minutes per station (and line) per UTC day against the
// minutes the station's calendar makes available that day. Utilisation above 1 means the day
// is overbooked (cannot happen in a feasible plan, but can in a what-if of raw demand).
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

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function loadPerDay(
  stations: StationLoadInput[],
  bars: PlannedBar[],
  from: number,
  days: number,
): { stations: DayLoad[]; lines: DayLoad[] } {
  const start = Math.floor(from / DAY) * DAY;
  const out: DayLoad[] = [];
  for (const st of stations) {
    const mine = bars.filter((b) => b.station === st.station).map((b): Window => [b.start, b.end]);
    for (let d = 0; d < days; d++) {
      const a = start + d * DAY;
      const load = overlapMs(mine, a, a + DAY) / 60_000;
      const avail = overlapMs(st.windows, a, a + DAY) / 60_000;
      out.push({
        day: isoDay(a),
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
