// ISO 8601 times for CSV exports, fast. `new Date(t).toISOString()` per point was most of an
// export's time (16,384 points took 100–400 ms on a loaded 2-core machine, holding the event
// loop, issue 15 #4). Points of one series come in time order, so the date part is formatted
// once per UTC day and the time of day by arithmetic; the text equals toISOString's.

const DAY_MS = 86_400_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** A formatter with a one-day cache: call it with times in any order, cheapest in order. */
export function isoTimeFormatter(): (t: number) => string {
  let day = NaN;
  let date = '';
  return (t) => {
    const d = Math.floor(t / DAY_MS) * DAY_MS;
    if (d !== day) {
      day = d;
      const iso = new Date(d).toISOString(); // '2026-01-01T00:00:00.000Z', or '+010000-…'
      date = iso.slice(0, iso.indexOf('T') + 1);
    }
    let ms = t - d;
    const h = Math.floor(ms / 3_600_000);
    ms -= h * 3_600_000;
    const m = Math.floor(ms / 60_000);
    ms -= m * 60_000;
    const s = Math.floor(ms / 1000);
    ms -= s * 1000;
    return `${date}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(ms)}Z`;
  };
}
